import type { Library } from './library.js'
import type { SourceSummary } from './types.js'

/**
 * What the bot needs to know about the indexed coverage without the index
 * itself: the source list for /sources and autocomplete, and fingerprints
 * to report what a reindex changed. It is plain data (maps and arrays), so
 * it can cross from a search worker to the main thread cheaply: text stays
 * with the index (see passageFingerprints, and Engine.articles for an
 * article's opening), since copying every article's first paragraph across
 * held the main thread for 130-160 ms at the end of a reindex.
 */
export interface Catalog {
  readonly sources: readonly SourceSummary[]
  readonly byId: ReadonlyMap<string, SourceSummary>
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

/**
 * The catalog of a library; with `from`, of its articles from that ordinal
 * on only (what an append added, to extend the catalog already held).
 */
export function catalogOf (library: Library, from = 0): Catalog {
  const sources: SourceSummary[] = []
  const articleHashes = new Map<string, string>()
  for (let ordinal = from; ordinal < library.articleOrder.length; ordinal += 1) {
    const id = library.articleOrder[ordinal] ?? ''
    const article = library.articles.get(id)
    if (article === undefined) throw new Error(`Dateline library: article "${id}" is listed but missing`)
    const start = library.passageStart[ordinal] ?? 0
    const end = library.passageStart[ordinal + 1] ?? start
    const { title, outlet, date, time, dateSource, url } = article
    sources.push({ id, title, outlet, date, time, dateSource, url, passages: end - start })
    articleHashes.set(id, library.articleHashes.get(id) ?? '')
  }
  return {
    sources,
    byId: new Map(sources.map(s => [s.id, s])),
    articleHashes,
    passageCount: library.passages.length - (library.passageStart[from] ?? 0),
  }
}

/** A catalog with the articles of `added` (a catalogOf(library, from)) after its own. */
export function extendCatalog (catalog: Catalog, added: Catalog): Catalog {
  const sources = [...catalog.sources, ...added.sources]
  return {
    sources,
    byId: new Map([...catalog.byId, ...added.byId]),
    articleHashes: new Map([...catalog.articleHashes, ...added.articleHashes]),
    passageCount: catalog.passageCount + added.passageCount,
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
