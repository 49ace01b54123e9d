import type { Catalog } from './catalog.js'

export interface ChangeCounts { added: number, removed: number, changed: number }

export interface CoverageDiff {
  articles: ChangeCounts
  passages: ChangeCounts
}

/** Fingerprints of the passages of the given articles, from wherever their index lives. */
export type FingerprintSource = (ids: readonly string[]) => Promise<ReadonlyMap<string, readonly string[]>>

/**
 * What a reindex changed: articles and passages added, removed and changed.
 * Passages are compared by position within an article, and only for articles
 * whose content hash changed: an unchanged article has unchanged passages, so
 * a large archive is compared per article, not per passage.
 */
export async function diffCatalogs (before: Catalog, after: Catalog, fingerprints: { before: FingerprintSource, after: FingerprintSource }): Promise<CoverageDiff> {
  const articles: ChangeCounts = { added: 0, removed: 0, changed: 0 }
  const passages: ChangeCounts = { added: 0, removed: 0, changed: 0 }
  const changed: string[] = []
  for (const [id, hash] of after.articleHashes) {
    const previous = before.articleHashes.get(id)
    if (previous === undefined) {
      articles.added += 1
      passages.added += after.byId.get(id)?.passages ?? 0
    } else if (previous !== hash) {
      articles.changed += 1
      changed.push(id)
    }
  }
  for (const id of before.articleHashes.keys()) {
    if (after.articleHashes.has(id)) continue
    articles.removed += 1
    passages.removed += before.byId.get(id)?.passages ?? 0
  }
  if (changed.length > 0) {
    const [old, current] = await Promise.all([fingerprints.before(changed), fingerprints.after(changed)])
    for (const id of changed) {
      const a = old.get(id) ?? []
      const b = current.get(id) ?? []
      for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) passages.changed += 1
      passages.added += Math.max(0, b.length - a.length)
      passages.removed += Math.max(0, a.length - b.length)
    }
  }
  return { articles, passages }
}
