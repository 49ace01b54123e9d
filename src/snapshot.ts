import { createHash } from 'node:crypto'
import { deserialize, serialize } from 'node:v8'
import MiniSearch from 'minisearch'
import { articleIndexOptions, mergeIndexOptions, type IndexedArticle, type IndexOptions, type Library } from './core/library.js'
import { splitIntoPassages } from './core/passages.js'
import { epochDay } from './core/dates.js'
import type { Article } from './core/types.js'

/**
 * A built library saved to disk, so a restart loads in seconds what took
 * tens of seconds to build. Bump the format whenever parsing, analysis or
 * the library's layout changes: a snapshot of another format is rebuilt.
 */
export const SNAPSHOT_FORMAT = 2

/** What the snapshot holds; `json` carries the object-heavy parts, which JSON.parse reads faster than v8 does. */
interface SnapshotData {
  format: number
  json: string
  passageStart: Uint32Array
  termStart: Uint32Array
  termIds: Uint32Array
  passageFrequency: Uint32Array
}

interface SnapshotJson {
  options: IndexOptions
  articles: Article[]
  index: ReturnType<MiniSearch<IndexedArticle>['toJSON']>
  termList: string[]
  averagePassageTerms: number
  articleHashes: Array<[string, string]>
}

/** The snapshot file name for this coverage and these index options. */
export function snapshotName (contentHash: string, options: Partial<IndexOptions>): string {
  const key = createHash('sha256').update(JSON.stringify([SNAPSHOT_FORMAT, mergeIndexOptions(options), contentHash])).digest('hex')
  return `dateline-${key.slice(0, 24)}.snapshot`
}

export function encodeSnapshot (library: Library): Buffer {
  const json: SnapshotJson = {
    options: library.options,
    articles: library.articleOrder.map(id => library.articles.get(id)).filter((a): a is Article => a !== undefined),
    index: library.index.toJSON(),
    termList: [...library.termList],
    averagePassageTerms: library.averagePassageTerms,
    articleHashes: [...library.articleHashes],
  }
  const data: SnapshotData = {
    format: SNAPSHOT_FORMAT,
    json: JSON.stringify(json),
    passageStart: library.passageStart,
    termStart: library.termStart,
    termIds: library.termIds,
    passageFrequency: library.passageFrequency,
  }
  return serialize(data)
}

/** Restores a library; null when the snapshot is of another format. */
export function decodeSnapshot (buffer: Buffer): Library | null {
  const data = deserialize(buffer) as SnapshotData
  if (data.format !== SNAPSHOT_FORMAT) return null
  const json = JSON.parse(data.json) as SnapshotJson
  const index = MiniSearch.loadJS<IndexedArticle>(json.index, articleIndexOptions(json.options))
  // Passages are re-derived rather than stored: splitting is fast and deterministic.
  const passages = json.articles.flatMap((article, ordinal) => splitIntoPassages(article, data.passageStart[ordinal] ?? 0, json.options.passages))
  return {
    articles: new Map(json.articles.map(a => [a.id, a])),
    articleOrder: json.articles.map(a => a.id),
    articleDay: Float64Array.from(json.articles, a => a.date === null ? Number.NaN : epochDay(a.date) ?? Number.NaN),
    passageStart: data.passageStart,
    passages,
    termStart: data.termStart,
    termIds: data.termIds,
    vocabulary: new Map(json.termList.map((term, id) => [term, id])),
    termList: json.termList,
    passageFrequency: data.passageFrequency,
    averagePassageTerms: json.averagePassageTerms,
    index,
    articleHashes: new Map(json.articleHashes),
    options: json.options,
  }
}
