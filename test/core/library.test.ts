import { describe, expect, it } from 'vitest'
import { answerQuestion } from '../../src/core/answer.js'
import { catalogOf, extendCatalog } from '../../src/core/catalog.js'
import { appendToLibrary, buildLibrary, collectionStatistics, termTree, withTermVectors } from '../../src/core/library.js'
import { readTermVectors } from '../../src/engine/load.js'
import { encodeSnapshot } from '../../src/engine/snapshot.js'
import { article, GOLDEN, loadShippedArticles } from '../helpers.js'

const QUESTIONS = [GOLDEN.question, 'How much is India-Russia trade worth?', 'Jaishenkar Putin', 'Who built the Kestrel Bay terminal?', 'What kind of friendship in defence have India and Russia moved on from?']

const KESTREL = article('kestrel', [
  'The port authority approved the Kestrel Bay terminal expansion on Thursday, adding two deep-water berths.',
  'Meera Pillai reported that the dredging contract went to a Dutch consortium.',
], { title: 'Kestrel Bay terminal expansion approved', date: '2024-03-14', dateSource: 'metadata', outlet: 'Coastal Ledger' })

describe('appendToLibrary', () => {
  it('gives exactly the library a build with the articles would: the same snapshot bytes and the same answers', async () => {
    const articles = [...await loadShippedArticles(), KESTREL]
    const vectors = await readTermVectors()
    const built = withTermVectors(buildLibrary(articles), vectors)
    let grown = withTermVectors(buildLibrary(articles.slice(0, 2)), vectors)
    // Asked before the appends too: what questions cache for the term list must follow it as it grows.
    for (const question of QUESTIONS) answerQuestion(grown, question)
    grown = appendToLibrary(grown, articles.slice(2, 4))
    grown = appendToLibrary(grown, articles.slice(4))
    expect(grown.termVectors).toBe(vectors)
    expect(Buffer.concat(encodeSnapshot(grown)).equals(Buffer.concat(encodeSnapshot(built)))).toBe(true)
    // The postings and the term tree are not stored: they too must be as a build makes them.
    expect(grown.postings).toEqual(built.postings)
    expect(grown.passageArticle).toEqual(built.passageArticle)
    expect([...termTree(grown).keys()].sort()).toEqual([...termTree(built).keys()].sort())
    for (const question of QUESTIONS) expect(answerQuestion(grown, question)).toEqual(answerQuestion(built, question))
  })

  it('makes an article searchable at once, its words weighed by frequencies that count it', async () => {
    const before = buildLibrary(await loadShippedArticles())
    expect(answerQuestion(before, 'Kestrel Bay terminal').answered).toBe(false)
    const after = appendToLibrary(before, [KESTREL])
    expect(answerQuestion(after, 'Kestrel Bay terminal').citations[0]).toMatchObject({ articleId: 'kestrel', outlet: 'Coastal Ledger', date: '2024-03-14' })
    expect(after.passageFrequency[after.vocabulary.get('kestrel') ?? -1]).toBe(1)
    expect(collectionStatistics(after).averagePassageTerms).toBe(after.termIds.length / after.passages.length)
  })

  it('writes the new term ids in place while the arrays have room, instead of copying them', async () => {
    const library = buildLibrary(await loadShippedArticles())
    const after = appendToLibrary(library, [KESTREL])
    expect(after.termIds.buffer).toBe(library.termIds.buffer)
    expect(after.termIds.subarray(0, library.termIds.length)).toEqual(library.termIds)
  })

  it('refuses an id the library has, or one given twice, before changing anything', async () => {
    const library = buildLibrary(await loadShippedArticles())
    const [first] = library.articleOrder
    expect(() => appendToLibrary(library, [KESTREL, { ...KESTREL, id: first ?? '' }])).toThrow(`Dateline library: duplicate article id "${first ?? ''}"`)
    expect(() => appendToLibrary(library, [KESTREL, KESTREL])).toThrow('Dateline library: duplicate article id "kestrel"')
    expect(library.articles.has('kestrel')).toBe(false)
    expect(answerQuestion(library, GOLDEN.question).answered).toBe(true)
  })
})

describe('extendCatalog', () => {
  it('with the catalog of the appended articles, equals the catalog of the grown library', async () => {
    const library = buildLibrary(await loadShippedArticles())
    const catalog = catalogOf(library)
    const from = library.articleOrder.length
    const grown = appendToLibrary(library, [KESTREL])
    const added = catalogOf(grown, from)
    expect(added.sources.map(s => s.id)).toEqual(['kestrel'])
    expect(added.passageCount).toBe(1)
    expect(extendCatalog(catalog, added)).toEqual(catalogOf(grown))
  })
})
