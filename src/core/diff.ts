import type { Catalog } from './catalog.js'

export interface ChangeCounts { added: number, removed: number, changed: number }

export interface CoverageDiff {
  articles: ChangeCounts
  passages: ChangeCounts
}

function countChanges<T> (before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): ChangeCounts {
  const counts: ChangeCounts = { added: 0, removed: 0, changed: 0 }
  for (const [key, value] of after) {
    if (!before.has(key)) counts.added += 1
    else if (before.get(key) !== value) counts.changed += 1
  }
  for (const key of before.keys()) if (!after.has(key)) counts.removed += 1
  return counts
}

/** Passages keyed by article and position, so an edited paragraph counts as changed, not added. */
function passageKeys (catalog: Catalog): Map<string, string> {
  const keyed = new Map<string, string>()
  for (const [id, hashes] of catalog.passageHashes) hashes.forEach((hash, ordinal) => keyed.set(`${id}\u0000${ordinal}`, hash))
  return keyed
}

/** What a reindex changed: articles and passages added, removed and changed. */
export function diffCatalogs (before: Catalog | null, after: Catalog): CoverageDiff {
  if (before === null) {
    return {
      articles: { added: after.sources.length, removed: 0, changed: 0 },
      passages: { added: after.passageCount, removed: 0, changed: 0 },
    }
  }
  return {
    articles: countChanges(before.articleHashes, after.articleHashes),
    passages: countChanges(passageKeys(before), passageKeys(after)),
  }
}
