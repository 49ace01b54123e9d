/**
 * The metrics `npm run eval` reports, as the data READMEs define them. Pure
 * functions over ranked ids and excerpts, so they are tested on their own.
 */
import { normalizeForMatch } from '../bench/quality.js'

/** Whether any of `answers` occurs in one of the first `k` excerpts (case-insensitive, quotes folded). */
export function answerWithin (excerpts: readonly string[], answers: readonly string[], k: number): boolean {
  const haystacks = excerpts.slice(0, k).map(normalizeForMatch)
  return answers.some(answer => {
    const needle = normalizeForMatch(answer)
    return needle.length > 0 && haystacks.some(text => text.includes(needle))
  })
}

/** Distinct ids in order of first appearance: cited articles, each counted once. */
export function distinct (ids: readonly string[]): string[] {
  return [...new Set(ids)]
}

/** Whether `gold` is among the first `k` distinct ids. */
export function hitWithin (ranked: readonly string[], gold: string, k: number): boolean {
  return distinct(ranked).slice(0, k).includes(gold)
}

/** nDCG@k with binary relevance over distinct ranked ids. */
export function ndcg (ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0
  let dcg = 0
  distinct(ranked).slice(0, k).forEach((id, i) => { if (relevant.has(id)) dcg += 1 / Math.log2(i + 2) })
  let ideal = 0
  for (let i = 0; i < Math.min(k, relevant.size); i += 1) ideal += 1 / Math.log2(i + 2)
  return dcg / ideal
}

/** Share of the relevant ids found among the first `k` distinct ranked ids. */
export function recall (ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0
  return distinct(ranked).slice(0, k).filter(id => relevant.has(id)).length / relevant.size
}

export function mean (values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length
}

/** Share of items for which `test` holds. */
export function rate<T> (items: readonly T[], test: (item: T) => boolean): number {
  return mean(items.map(item => test(item) ? 1 : 0))
}
