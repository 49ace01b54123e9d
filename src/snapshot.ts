import { createHash } from 'node:crypto'
import { deserialize, serialize } from 'node:v8'
import MiniSearch from 'minisearch'
import { articleIndexOptions, mergeIndexOptions, type IndexedArticle, type IndexOptions, type Library } from './core/library.js'
import { splitIntoPassages } from './core/passages.js'
import type { Article } from './core/types.js'

/**
 * A built library saved to disk, so a restart loads in seconds what took
 * tens of seconds to build. Bump the format whenever parsing, analysis or
 * the library's layout changes: a snapshot of another format is rebuilt.
 */
export const SNAPSHOT_FORMAT = 1

interface SnapshotData {
  format: number
  options: IndexOptions
  articles: Article[]
  index: ReturnType<MiniSearch<IndexedArticle>['toJSON']>
  passageStart: Uint32Array
  termStart: Uint32Array
  termIds: Uint32Array
  termList: readonly string[]
  passageFrequency: Uint32Array
  averagePassageTerms: number
  articleHashes: Array<[string, string]>
}

/** The snapshot file name for this coverage and these index options. */
export function snapshotName (contentHash: string, options: Partial<IndexOptions>): string {
  const key = createHash('sha256').update(JSON.stringify([SNAPSHOT_FORMAT, mergeIndexOptions(options), contentHash])).digest('hex')
  return `dateline-${key.slice(0, 24)}.snapshot`
}

export function encodeSnapshot (library: Library): Buffer {
  const data: SnapshotData = {
    format: SNAPSHOT_FORMAT,
    options: library.options,
    articles: library.articleOrder.map(id => library.articles.get(id)).filter((a): a is Article => a !== undefined),
    index: library.index.toJSON(),
    passageStart: library.passageStart,
    termStart: library.termStart,
    termIds: library.termIds,
    termList: library.termList,
    passageFrequency: library.passageFrequency,
    averagePassageTerms: library.averagePassageTerms,
    articleHashes: [...library.articleHashes],
  }
  return serialize(data)
}

/** Restores a library; null when the snapshot is of another format. */
export function decodeSnapshot (buffer: Buffer): Library | null {
  const data = deserialize(buffer) as SnapshotData
  if (data.format !== SNAPSHOT_FORMAT) return null
  const index = MiniSearch.loadJS<IndexedArticle>(data.index, articleIndexOptions(data.options))
  // Passages are re-derived rather than stored: splitting is fast and deterministic.
  const passages = data.articles.flatMap((article, ordinal) => splitIntoPassages(article, data.passageStart[ordinal] ?? 0, data.options.passages))
  return {
    articles: new Map(data.articles.map(a => [a.id, a])),
    articleOrder: data.articles.map(a => a.id),
    passageStart: data.passageStart,
    passages,
    termStart: data.termStart,
    termIds: data.termIds,
    vocabulary: new Map(data.termList.map((term, id) => [term, id])),
    termList: data.termList,
    passageFrequency: data.passageFrequency,
    averagePassageTerms: data.averagePassageTerms,
    index,
    articleHashes: new Map(data.articleHashes),
    options: data.options,
  }
}
