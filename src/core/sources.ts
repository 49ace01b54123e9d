import type { Library } from './library.js'
import type { SourceSummary } from './render.js'

/** Every indexed article with its passage count, in load order. */
export function summarizeSources (library: Library): SourceSummary[] {
  const passageCounts = new Map<string, number>()
  for (const passage of library.passages) passageCounts.set(passage.articleId, (passageCounts.get(passage.articleId) ?? 0) + 1)
  return library.articleOrder.map(id => {
    const article = library.articles.get(id)
    if (article === undefined) throw new Error(`Dateline library: article "${id}" is listed but missing`)
    const { title, outlet, date, time, dateSource, url } = article
    return { id, title, outlet, date, time, dateSource, url, passages: passageCounts.get(id) ?? 0 }
  })
}

/**
 * Sources whose id, title or outlet contains every word typed so far, for
 * autocomplete. Ids are returned as choice values so the pick is unambiguous.
 */
export function matchSources (sources: readonly SourceSummary[], typed: string, limit: number): SourceSummary[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return sources.slice(0, limit)
  return sources.filter(source => {
    const haystack = `${source.id} ${source.title} ${source.outlet ?? ''} ${source.date ?? ''}`.toLowerCase()
    return words.every(word => haystack.includes(word))
  }).slice(0, limit)
}
