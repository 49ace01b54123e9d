import { describe, expect, it } from 'vitest'
import { answerQuestion, weighQuestion } from '../../src/core/answer.js'
import { withTermVectors } from '../../src/core/library.js'
import { analyze } from '../../src/core/text.js'
import { nearMeaningScorer } from '../../src/core/choice.js'
import { decodeTermVectors, encodeTermVectors, rowsOfTerms, termSimilarity } from '../../src/core/vectors.js'
import { readTermVectors } from '../../src/engine/load.js'
import { shippedLibrary } from '../helpers.js'

/** A file of three words' vectors, as scripts/term-vectors.ts writes it. */
function smallFile (): Buffer {
  return encodeTermVectors(['purchased', 'acquired', 'banana'], [[0.9, 0.1, 0], [0.8, 0.3, 0.1], [0, 0.2, -1]], 3, 'test')
}

/** The cosine of two plain vectors, to compare the stored bytes against. */
function cosine (a: number[], b: number[]): number {
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0)
  return dot / Math.hypot(...a) / Math.hypot(...b)
}

describe('term vectors', () => {
  it('keep each word\'s vector under its index term, as bytes close to the floats', () => {
    const vectors = decodeTermVectors(smallFile())
    expect([...vectors.rowOf]).toEqual([['purchas', 0], ['acquir', 1], ['banana', 2]])
    expect(termSimilarity(vectors, 'purchas', 'acquir')).toBeCloseTo(cosine([0.9, 0.1, 0], [0.8, 0.3, 0.1]), 2)
    expect(termSimilarity(vectors, 'purchas', 'banana')).toBeCloseTo(cosine([0.9, 0.1, 0], [0, 0.2, -1]), 2)
    expect(termSimilarity(vectors, 'purchas', 'unknown')).toBeNull()
  })

  it('give each term id its row, following a term list that grows in place as ingests append', () => {
    const vectors = decodeTermVectors(smallFile())
    const terms = ['banana', 'pear']
    expect([...rowsOfTerms(vectors, terms)]).toEqual([2, -1])
    terms.push('acquir')
    expect([...rowsOfTerms(vectors, terms)]).toEqual([2, -1, 1])
  })

  it('name what is wrong with a file that is not theirs', () => {
    const file = smallFile()
    expect(() => decodeTermVectors(Buffer.from([1]))).toThrow('Dateline term vectors: the file is too short to hold a header')
    expect(() => decodeTermVectors(Buffer.concat([file.subarray(0, 4), Buffer.from('not json at all, and long enough to be read')]))).toThrow('Dateline term vectors: the header is not JSON')
    const nullHeader = Buffer.from([4, 0, 0, 0, ...Buffer.from('null')])
    expect(() => decodeTermVectors(nullHeader)).toThrow('Dateline term vectors: the header is not JSON')
    expect(() => decodeTermVectors(file.subarray(0, file.length - 1))).toThrow(`Dateline term vectors: expected ${file.length} bytes for 3 words of 3 dimensions, found ${file.length - 1}`)
    const header = JSON.parse(file.toString('utf8', 4, 4 + file.readUInt32LE(0))) as object
    const other = Buffer.from(JSON.stringify({ ...header, format: 2 }))
    const length = Buffer.alloc(4)
    length.writeUInt32LE(other.length)
    expect(() => decodeTermVectors(Buffer.concat([length, other, file.subarray(4 + file.readUInt32LE(0))]))).toThrow('Dateline term vectors: format 2 is not 1: run scripts/term-vectors.ts again')
  })

  it('ship with words of one meaning near each other and unrelated words far apart', async () => {
    const vectors = await readTermVectors()
    expect(vectors.rowOf.size).toBeGreaterThan(60_000)
    // Vectors stand under index terms, stems: "acquired" is "acquir", "died" is "di", and "bought" stands under buy.
    const near = (a: string, b: string): number => termSimilarity(vectors, analyze(a)[0] ?? '', analyze(b)[0] ?? '') ?? Number.NaN
    expect(near('bought', 'purchased')).toBeGreaterThan(0.7)
    expect(near('purchased', 'acquired')).toBeGreaterThan(0.6)
    expect(near('killed', 'died')).toBeGreaterThan(0.7)
    expect(near('meeting', 'talks')).toBeGreaterThan(0.7)
    expect(near('relationship', 'friendship')).toBeGreaterThan(0.7)
    expect(near('car', 'banana')).toBeLessThan(0.3)
  })
})

describe('nearMeaningScorer', () => {
  const question = 'What kind of friendship in defence have India and Russia moved on from?'

  it('credits a passage for a question word it says otherwise, and nothing without vectors', async () => {
    const library = await shippedLibrary()
    const weighing = weighQuestion(library, question)
    const saying = weighing?.candidates.find(c => c.passage.text.includes('buyer-seller relationship'))
    if (weighing === null || saying === undefined) throw new Error('expected the buyer-seller passage among the candidates')
    const mask = saying.ranked.mask | saying.ranked.titleMask
    expect(weighing.question.terms.map(t => t.term)).toContain('friendship')
    const near = nearMeaningScorer(library, weighing.question, 0.5)
    expect(near(saying.passage.id, mask)).toBeGreaterThan(0.05)
    // Asked again, from the similarities worked out the first time: the same.
    expect(near(saying.passage.id, mask)).toBe(near(saying.passage.id, mask))
    expect(nearMeaningScorer(withTermVectors(library, null), weighing.question, 0.5)(saying.passage.id, mask)).toBe(0)
    // Nothing is credited twice: with every word matched, nothing is missing.
    expect(near(saying.passage.id, 2 ** weighing.question.terms.length - 1)).toBe(0)
    // A threshold of 1 leaves only the word itself, which the passage lacks: no credit, and no division by zero.
    expect(nearMeaningScorer(library, weighing.question, 1)(saying.passage.id, mask)).toBe(0)
  })

  it('lets the passage that says "relationship" answer a question about a "friendship" first', async () => {
    const library = await shippedLibrary()
    expect(answerQuestion(library, question).citations[0]?.excerpt).toContain('buyer-seller relationship')
    expect(answerQuestion(withTermVectors(library, null), question).citations[0]?.excerpt).not.toContain('buyer-seller relationship')
  })
})
