import { describe, expect, it } from 'vitest'
import { answerWithin, hitWithin, ndcg, pairedChange, recall, signTest } from '../scripts/eval/metrics.js'

describe('evaluation metrics', () => {
  it('find any accepted answer within the first k excerpts, ignoring case and curly quotes', () => {
    const excerpts = ['The game was played at Levi’s Stadium.', 'Denver won.']
    expect(answerWithin(excerpts, ["levi's stadium", 'Santa Clara'], 1)).toBe(true)
    expect(answerWithin(excerpts, ['Denver'], 1)).toBe(false)
    expect(answerWithin(excerpts, ['Denver'], 2)).toBe(true)
  })

  it('count a paragraph hit among the first k distinct cited articles', () => {
    expect(hitWithin(['a', 'a', 'b'], 'b', 2)).toBe(true)
    expect(hitWithin(['a', 'c', 'b'], 'b', 2)).toBe(false)
  })

  it('score nDCG@k with binary relevance over distinct ids', () => {
    expect(ndcg(['r', 'x'], new Set(['r']), 10)).toBe(1)
    expect(ndcg(['x', 'r'], new Set(['r']), 10)).toBeCloseTo(1 / Math.log2(3))
    expect(ndcg(['x', 'x', 'r'], new Set(['r']), 10)).toBeCloseTo(1 / Math.log2(3))
    expect(ndcg(['x', 'r1'], new Set(['r1', 'r2']), 10)).toBeCloseTo((1 / Math.log2(3)) / (1 + 1 / Math.log2(3)))
    expect(ndcg([], new Set(['r']), 10)).toBe(0)
  })

  it('measure recall@k as the share of relevant ids ranked within k', () => {
    expect(recall(['a', 'r1', 'b'], new Set(['r1', 'r2']), 100)).toBe(0.5)
    expect(recall(['a', 'r1'], new Set(['r1']), 1)).toBe(0)
  })

  it('count the questions a configuration answers better and worse, leaving ties out', () => {
    expect(pairedChange([1, 0, 0, 1, 0.5], [1, 1, 0, 0, 0.8])).toEqual({ gained: 2, lost: 1, p: 1 })
  })

  it('give the exact two-sided sign test of a split, so a few questions either way read as noise', () => {
    expect(signTest(0, 0)).toBe(1)
    expect(signTest(1, 0)).toBe(1)
    expect(signTest(6, 0)).toBeCloseTo(2 / 64, 12)
    expect(signTest(9, 1)).toBeCloseTo(22 / 1024, 12)
    expect(signTest(1, 9)).toBeCloseTo(22 / 1024, 12)
    expect(signTest(5, 5)).toBe(1)
    expect(signTest(20, 3)).toBeCloseTo(2 * (1 + 23 + 253 + 1771) / 2 ** 23, 12)
    // Thousands of changed questions stay finite: an even split is 1, a lopsided one vanishingly small.
    expect(signTest(1500, 1500)).toBe(1)
    expect(signTest(2000, 1000)).toBeLessThan(1e-40)
  })
})
