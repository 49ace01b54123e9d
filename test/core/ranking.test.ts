import { describe, expect, it } from 'vitest'
import { answerQuestion } from '../../src/core/answer.js'
import { buildLibrary } from '../../src/core/library.js'
import { defaultRankingOptions } from '../../src/core/options.js'
import { analyseQuestion } from '../../src/core/question.js'
import { feedbackTerms } from '../../src/core/ranking.js'
import { article } from '../helpers.js'

const coverage = [
  article('talks', ['Jaishankar and Lavrov discussed the oil pipeline and the sanctions on shipping.'], { title: 'Jaishankar meets Lavrov' }),
  article('visit', ['Lavrov told Jaishankar the pipeline would bypass the sanctions.'], { title: 'Lavrov hosts Jaishankar' }),
  article('energy', ['A new pipeline to beat sanctions was approved by the ministry.'], { title: 'Pipeline approved' }),
  article('cricket', ['The cricket season opened with rain in Mumbai.'], { title: 'Cricket opens' }),
]

function listed (feedbackArticles: number): string[] {
  const library = buildLibrary(coverage, { ranking: { feedbackArticles } })
  return answerQuestion(library, 'Jaishankar Lavrov').articles.map(a => a.articleId)
}

describe('pseudo-relevance feedback', () => {
  it('lists an article sharing the best articles\' words but none of the question\'s, after those that match it', () => {
    expect(new Set(listed(0))).toEqual(new Set(['talks', 'visit']))
    const expanded = listed(2)
    expect(new Set(expanded.slice(0, 2))).toEqual(new Set(['talks', 'visit']))
    expect(expanded.slice(2)).toEqual(['energy'])
  })

  it('leaves the citations as they are: passages are weighed on the question\'s own words', () => {
    const cite = (feedbackArticles: number): unknown => answerQuestion(buildLibrary(coverage, { ranking: { feedbackArticles } }), 'Jaishankar Lavrov').citations
    expect(cite(2)).toEqual(cite(0))
  })

  it('adds only words at least two feedback articles hold, never the question\'s own, their weights summing to 1', () => {
    const library = buildLibrary(coverage)
    const question = analyseQuestion(library, 'Jaishankar Lavrov', 16)
    const terms = feedbackTerms(library, question, [0, 1, 2, 3], o => [2, 1, 0, 0][o] ?? 0, { ...defaultRankingOptions, feedbackArticles: 2, feedbackTerms: 10 })
    const words = terms.map(t => library.termList[t.id])
    expect(new Set(words)).toEqual(new Set(['pipelin', 'sanction']))
    expect(terms.reduce((sum, t) => sum + t.weight, 0)).toBeCloseTo(1)
  })

  it('is off by default', () => {
    expect(defaultRankingOptions.feedbackArticles).toBe(0)
  })
})
