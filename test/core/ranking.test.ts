import { describe, expect, it } from 'vitest'
import { answerQuestion } from '../../src/core/answer.js'
import { appendToLibrary, buildLibrary, type Library } from '../../src/core/library.js'
import { defaultRankingOptions, mergeAskRequest, type AskOptions } from '../../src/core/options.js'
import { analyseQuestion } from '../../src/core/question.js'
import { feedbackTerms, rankCoverage, type Ranking } from '../../src/core/ranking.js'
import { article, loadShippedArticles } from '../helpers.js'

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

describe('rankCoverage buffers, shared by every library of the thread', () => {
  const shipped = async (): Promise<Library> => buildLibrary([...await loadShippedArticles(), ...coverage])
  const options = (library: Library, ranking: Partial<AskOptions> = {}): AskOptions => ({ ...library.options.ranking, ...mergeAskRequest(), ...ranking })
  const rank = (library: Library, text: string, ranking: Partial<AskOptions> = {}): Ranking =>
    rankCoverage(library, analyseQuestion(library, text, 16), options(library, ranking), null)

  it('ranks for each library as if it were the only one, the larger asked after the smaller and back', async () => {
    const small = buildLibrary(coverage)
    const large = await shipped()
    const first = { small: rank(small, 'Jaishankar Lavrov pipeline'), large: rank(large, 'Jaishankar Lavrov pipeline') }
    expect(rank(small, 'Jaishankar Lavrov pipeline')).toEqual(first.small)
    expect(rank(large, 'Jaishankar Lavrov pipeline')).toEqual(first.large)
    // The same article scores otherwise in each: the libraries' average lengths, and so their norms, differ.
    const scoreOf = (library: Library, ranking: Ranking): number | undefined => ranking.passages.find(p => library.articleOrder[p.ordinal] === 'talks')?.score
    expect(scoreOf(large, first.large)).not.toBe(scoreOf(small, first.small))
  })

  it('works the length norms out again when the same library is ranked with other length options', () => {
    const library = buildLibrary(coverage)
    const tuned = buildLibrary(coverage, { ranking: { k1: 3, passageB: 0.2, articleB: 0.9 } })
    const plain = rank(library, 'Jaishankar Lavrov pipeline')
    expect(rank(library, 'Jaishankar Lavrov pipeline', { k1: 3, passageB: 0.2, articleB: 0.9 })).toEqual(rank(tuned, 'Jaishankar Lavrov pipeline'))
    expect(rank(library, 'Jaishankar Lavrov pipeline')).toEqual(plain)
    expect(rank(tuned, 'Jaishankar Lavrov pipeline')).not.toEqual(plain)
  })

  it('ranks an appended library as one built whole, the buffers reused while they have room', async () => {
    const articles = [...await loadShippedArticles(), ...coverage]
    let grown = buildLibrary(articles.slice(0, 3))
    rank(grown, 'Jaishankar Lavrov pipeline')
    for (const article of articles.slice(3)) {
      grown = appendToLibrary(grown, [article])
      expect(rank(grown, 'Jaishankar Lavrov pipeline')).toEqual(rank(buildLibrary(articles.slice(0, grown.articleOrder.length)), 'Jaishankar Lavrov pipeline'))
    }
  })
})
