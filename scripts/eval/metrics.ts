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

/** How one configuration's per-question scores differ from another's: questions better, worse, and the sign test's p. */
export interface PairedChange {
  gained: number
  lost: number
  /**
   * Two-sided exact sign test over the questions that changed: how often a
   * split at least this uneven comes from coin flips. A few questions either
   * way on a set of hundreds is noise, not a gain or a cost.
   */
  p: number
}

/** Compares per-question scores of the same questions under two configurations (ties left out, as the sign test does). */
export function pairedChange (base: readonly number[], other: readonly number[]): PairedChange {
  let gained = 0
  let lost = 0
  base.forEach((b, i) => {
    const o = other[i] ?? b
    if (o > b) gained += 1
    else if (o < b) lost += 1
  })
  return { gained, lost, p: signTest(gained, lost) }
}

/** Two-sided exact binomial sign test, worked in logs so that thousands of questions do not underflow. */
export function signTest (gained: number, lost: number): number {
  const n = gained + lost
  if (n === 0) return 1
  let logTerm = n * Math.log(0.5)
  let tail = 0
  for (let i = 0; i <= Math.min(gained, lost); i += 1) {
    tail += Math.exp(logTerm)
    logTerm += Math.log(n - i) - Math.log(i + 1)
  }
  return Math.min(1, 2 * tail)
}
