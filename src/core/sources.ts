import type { SourceSummary } from './types.js'

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
