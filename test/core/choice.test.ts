import { describe, expect, it } from 'vitest'
import { reweighAmongCandidates } from '../../src/core/choice.js'
import { analyseQuestion } from '../../src/core/question.js'
import type { RankedPassage } from '../../src/core/ranking.js'
import { shippedLibrary } from '../helpers.js'

/** A first-stage passage holding the question terms whose slots are given. */
function holding (id: number, slots: number[], titleSlots: number[] = []): RankedPassage {
  const mask = (list: number[]): number => list.reduce((m, slot) => m | (1 << slot), 0)
  return { id, ordinal: id, score: 1, match: 1, article: 1, recency: 1, position: 0, mask: mask(slots), titleMask: mask(titleSlots), coverage: 1 }
}

describe('reweighAmongCandidates', () => {
  it('weighs a word every candidate holds below one that tells them apart, the rarest keeping its weight', async () => {
    const question = analyseQuestion(await shippedLibrary(), 'Who chairs the Valdai club?', 16)
    const slot = (term: string): number => question.terms.findIndex(t => t.term === term)
    const [valdai, club, chair] = [slot('valdai'), slot('club'), slot('chair')]
    // Every candidate's title names the club; one passage says who chairs it.
    const pool = [holding(0, [valdai, chair], [valdai, club]), ...[1, 2, 3, 4].map(id => holding(id, [valdai], [valdai, club]))]
    const reweighed = reweighAmongCandidates(question, pool, 10, 0.35)
    const weight = (q: typeof question, s: number): number => q.terms[s]?.weight ?? 0
    expect(weight(reweighed, chair)).toBe(weight(question, chair))
    expect(weight(reweighed, valdai)).toBeLessThan(weight(question, valdai) * 0.6)
    expect(weight(reweighed, club)).toBe(weight(reweighed, valdai) / weight(question, valdai) * weight(question, club))
    expect(reweighed.totalWeight).toBeCloseTo(reweighed.terms.reduce((sum, t) => sum + t.weight, 0), 9)
  })

  it('leaves the question as it is at weight 0, and when every candidate holds every word', async () => {
    const question = analyseQuestion(await shippedLibrary(), 'Who chairs the Valdai club?', 16)
    const all = question.terms.map((_, slot) => slot)
    const pool = [0, 1, 2].map(id => holding(id, all))
    expect(reweighAmongCandidates(question, pool, 10, 0)).toBe(question)
    expect(reweighAmongCandidates(question, pool, 10, 0.35).terms.map(t => t.weight)).toEqual(question.terms.map(t => t.weight))
  })
})
