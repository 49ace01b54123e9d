import { createHash } from 'node:crypto'
import { epochDay } from '../core/dates.js'
import { appendHeadroom } from '../core/headroom.js'
import { buildPostings, mergeIndexOptions, passageArticles, type IndexOptions, type IndexOptionsInput, type Library } from '../core/library.js'
import { splitIntoPassages } from '../core/passages.js'
import type { Article } from '../core/types.js'

/**
 * A built library saved to disk, so a restart loads in seconds what took
 * tens of seconds to build. Bump the format whenever parsing, analysis or
 * the library's layout changes: a snapshot of another format is rebuilt.
 *
 * Layout: a 4-byte length, a JSON header naming each section and its size,
 * then the sections. Articles are written in chunks and term ids as raw
 * bytes, so neither writing nor reading ever holds the whole library as one
 * string: the search worker runs under a heap ceiling.
 */
export const SNAPSHOT_FORMAT = 10

/** Articles per JSON section. */
const ARTICLES_PER_SECTION = 500

interface SnapshotMeta {
  options: IndexOptions
  termList: readonly string[]
  articleHashes: Array<[string, string]>
}

interface Header {
  format: number
  sections: Array<{ name: string, bytes: number }>
}

const TYPED_SECTIONS = ['passageStart', 'termStart', 'termIds', 'titleStart', 'titleIds', 'passageFrequency', 'articleFrequency'] as const

const SNAPSHOT_NAME = /^dateline-[0-9a-f]{24}\.snapshot$/

/** The snapshot file name for this coverage and these index options. */
export function snapshotName (contentHash: string, options: IndexOptionsInput): string {
  const key = createHash('sha256').update(JSON.stringify([SNAPSHOT_FORMAT, mergeIndexOptions(options), contentHash])).digest('hex')
  return `dateline-${key.slice(0, 24)}.snapshot`
}

/** Whether a file in the snapshot folder is one of Dateline's snapshots (and so may be pruned). */
export function isSnapshotName (name: string): boolean {
  return SNAPSHOT_NAME.test(name)
}

/** The snapshot as byte chunks, to be written one after another. */
export function encodeSnapshot (library: Library): Buffer[] {
  const sections: Array<[string, Buffer]> = []
  const json = (name: string, value: unknown): void => { sections.push([name, Buffer.from(JSON.stringify(value))]) }
  const meta: SnapshotMeta = {
    options: library.options,
    termList: library.termList,
    articleHashes: [...library.articleHashes],
  }
  json('meta', meta)
  for (let start = 0; start < library.articleOrder.length; start += ARTICLES_PER_SECTION) {
    json('articles', library.articleOrder.slice(start, start + ARTICLES_PER_SECTION).map(id => library.articles.get(id)))
  }
  for (const name of TYPED_SECTIONS) {
    const array = library[name]
    sections.push([name, Buffer.from(array.buffer, array.byteOffset, array.byteLength)])
  }
  const header: Header = { format: SNAPSHOT_FORMAT, sections: sections.map(([name, bytes]) => ({ name, bytes: bytes.length })) }
  const headerBytes = Buffer.from(JSON.stringify(header))
  const length = Buffer.alloc(4)
  length.writeUInt32LE(headerBytes.length)
  return [length, headerBytes, ...sections.map(([, bytes]) => bytes)]
}

function readUint32Array (buffer: Buffer, start: number, bytes: number): Uint32Array {
  // Copied out, because a section need not sit on a 4-byte boundary of the file;
  // with room after it, so that an ingest appends in place (see appendHeadroom).
  const length = bytes / 4
  const copy = new Uint32Array(length + appendHeadroom(length))
  new Uint8Array(copy.buffer).set(buffer.subarray(start, start + bytes))
  return copy.subarray(0, length)
}

/** Restores a library; null when the snapshot is of another format or damaged. */
export function decodeSnapshot (buffer: Buffer): Library | null {
  if (buffer.length < 4) return null
  const headerLength = buffer.readUInt32LE(0)
  let header: Header
  try {
    header = JSON.parse(buffer.toString('utf8', 4, 4 + headerLength)) as Header
  } catch {
    return null
  }
  if (header.format !== SNAPSHOT_FORMAT) return null
  let meta: SnapshotMeta | undefined
  const articles: Article[] = []
  const typed: Partial<Record<(typeof TYPED_SECTIONS)[number], Uint32Array>> = {}
  let at = 4 + headerLength
  for (const { name, bytes } of header.sections) {
    if (at + bytes > buffer.length) return null
    const text = (): string => buffer.toString('utf8', at, at + bytes)
    if (name === 'meta') meta = JSON.parse(text()) as SnapshotMeta
    else if (name === 'articles') articles.push(...JSON.parse(text()) as Article[])
    else if ((TYPED_SECTIONS as readonly string[]).includes(name)) typed[name as (typeof TYPED_SECTIONS)[number]] = readUint32Array(buffer, at, bytes)
    at += bytes
  }
  const { passageStart, termStart, termIds, titleStart, titleIds, passageFrequency, articleFrequency } = typed
  if (meta === undefined || passageStart === undefined || termStart === undefined || termIds === undefined || titleStart === undefined ||
    titleIds === undefined || passageFrequency === undefined || articleFrequency === undefined) return null
  const { options } = meta
  // Passages and postings are re-derived rather than stored: both are fast and deterministic.
  const passages = articles.flatMap((article, ordinal) => splitIntoPassages(article, passageStart[ordinal] ?? 0, options.passages))
  return {
    articles: new Map(articles.map(a => [a.id, a])),
    articleOrder: articles.map(a => a.id),
    articleDay: Float64Array.from(articles, a => a.date === null ? Number.NaN : epochDay(a.date) ?? Number.NaN),
    passageStart,
    passageArticle: passageArticles(passageStart),
    passages,
    termStart,
    termIds,
    titleStart,
    titleIds,
    vocabulary: new Map(meta.termList.map((term, id) => [term, id])),
    termList: meta.termList,
    passageFrequency,
    articleFrequency,
    postings: buildPostings({ passageStart, termStart, termIds, titleStart, titleIds, termList: meta.termList }),
    articleHashes: new Map(meta.articleHashes),
    options,
    // Not saved: the loader attaches the vectors it read (withTermVectors).
    termVectors: null,
  }
}

/**
 * A journal: the articles appended (ingested) since a snapshot was saved,
 * named like a snapshot by the coverage they complete it into. Loading the
 * snapshot and appending the journal's articles gives the library of that
 * coverage without a rebuild; writing a journal costs a few kilobytes per
 * article, where a new snapshot would be hundreds of megabytes encoded by the
 * worker that answers questions.
 */
export interface Journal {
  /** The snapshot file the articles are appended to. */
  base: string
  /** The hash of the coverage that snapshot was made from. */
  baseHash: string
  articles: Article[]
}

const JOURNAL_NAME = /^dateline-[0-9a-f]{24}\.journal$/

/** The journal file name for this coverage and these index options. */
export function journalName (contentHash: string, options: IndexOptionsInput): string {
  return snapshotName(contentHash, options).replace(/\.snapshot$/, '.journal')
}

export function isJournalName (name: string): boolean {
  return JOURNAL_NAME.test(name)
}

export function encodeJournal (journal: Journal): string {
  return `${JSON.stringify({ format: SNAPSHOT_FORMAT, base: journal.base, baseHash: journal.baseHash, articles: journal.articles })}\n`
}

/** Reads a journal; null when it is of another format, damaged, or names something other than a snapshot. */
export function decodeJournal (text: string): Journal | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof json !== 'object' || json === null) return null
  const { format, base, baseHash, articles } = json as Record<string, unknown>
  if (format !== SNAPSHOT_FORMAT || typeof base !== 'string' || !isSnapshotName(base) || typeof baseHash !== 'string' || !Array.isArray(articles)) return null
  return { base, baseHash, articles: articles as Article[] }
}
