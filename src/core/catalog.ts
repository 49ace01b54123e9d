import type { Library } from './library.js'
import type { SourceSummary } from './types.js'

/**
 * What the bot needs to know about the indexed coverage without the index
 * itself: the source list for /sources and autocomplete, and fingerprints
 * to report what a reindex changed. It is plain data (maps and arrays), so
 * it can cross from a search worker to the main thread cheaply: per-passage
 * detail stays with the index (see passageFingerprints).
 */
export interface Catalog {
  readonly sources: readonly SourceSummary[]
  readonly byId: ReadonlyMap<string, SourceSummary>
  /** Each article's first paragraph, shown by /sources. */
  readonly openings: ReadonlyMap<string, string | null>
  readonly articleHashes: ReadonlyMap<string, string>
  readonly passageCount: number
}

/** FNV-1a: enough to tell whether a passage's text changed, and far cheaper than a cryptographic hash. */
export function fingerprint (text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(36)
}

export function catalogOf (library: Library): Catalog {
  const sources: SourceSummary[] = []
  const openings = new Map<string, string | null>()
  library.articleOrder.forEach((id, ordinal) => {
    const article = library.articles.get(id)
    if (article === undefined) throw new Error(`Dateline library: article "${id}" is listed but missing`)
    const start = library.passageStart[ordinal] ?? 0
    const end = library.passageStart[ordinal + 1] ?? start
    const { title, outlet, date, time, dateSource, url } = article
    sources.push({ id, title, outlet, date, time, dateSource, url, passages: end - start })
    openings.set(id, article.paragraphs[0]?.text ?? null)
  })
  return {
    sources,
    byId: new Map(sources.map(s => [s.id, s])),
    openings,
    articleHashes: library.articleHashes,
    passageCount: library.passages.length,
  }
}

/** A fingerprint of each passage of these articles, in order, to tell which passages a reindex changed. */
export function passageFingerprints (library: Library, ids: readonly string[]): Map<string, string[]> {
  const fingerprints = new Map<string, string[]>()
  for (const id of ids) {
    const ordinal = library.articleOrder.indexOf(id)
    if (ordinal < 0) continue
    const start = library.passageStart[ordinal] ?? 0
    const end = library.passageStart[ordinal + 1] ?? start
    fingerprints.set(id, library.passages.slice(start, end).map(p => fingerprint(`${p.heading ?? ''}\u0000${p.text}`)))
  }
  return fingerprints
}
