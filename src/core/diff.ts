import type { Library } from './library.js'

export interface ChangeCounts { added: number, removed: number, changed: number }

export interface LibraryDiff {
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
function passageTexts (library: Library): Map<string, string> {
  return new Map(library.passages.map(p => [`${p.articleId}\u0000${p.ordinal}`, p.text]))
}

/** What a reindex changed: articles and passages added, removed and changed. */
export function diffLibraries (before: Library | null, after: Library): LibraryDiff {
  if (before === null) {
    return {
      articles: { added: after.articles.size, removed: 0, changed: 0 },
      passages: { added: after.passages.length, removed: 0, changed: 0 },
    }
  }
  return {
    articles: countChanges(before.articleHashes, after.articleHashes),
    passages: countChanges(passageTexts(before), passageTexts(after)),
  }
}
