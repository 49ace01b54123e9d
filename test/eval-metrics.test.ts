import { describe, expect, it } from 'vitest'
import { answerWithin, hitWithin, ndcg, recall } from '../scripts/eval/metrics.js'

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
})
