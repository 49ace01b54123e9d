import type { Library } from './library.js'
import { termTree } from './library.js'
import { answerFormOf, answerTypeOf, type AnswerForm, type AnswerType } from './nlp.js'
import { analyze, joinInitials, STOP_WORDS, tokenize } from './text.js'

/** A word of the question as searched: its index term, how much it weighs, and the index terms that stand for it. */
export interface QueryTerm {
  term: string
  /** Rarity (inverse passage frequency) times `stress`. */
  weight: number
  /** How much the asker stressed the word: more for a name, less for a word the coverage never uses. */
  stress: number
  /** Whether the coverage uses the word itself; if not, `variants` holds near spellings it does use. */
  known: boolean
  /** Written with a capital mid-sentence: a name the question is about. */
  name: boolean
  /** Term ids matched for this word, each with the share of the word's weight it carries. */
  ids: Array<{ id: number, share: number }>
}

/** A question as the ranking reads it. */
export interface Question {
  text: string
  terms: QueryTerm[]
  /**
   * Every index term of the question in the order it states them, repeats
   * and question-shaping words included, run-together words read apart: what
   * word pairs and the names a question states are read from.
   */
  sequence: string[]
  totalWeight: number
  answerType: AnswerType
  /** The narrower form of a number or date answer the wording asks for ("what year", "what percentage"), if any. */
  answerForm: AnswerForm | null
  /** Asks for an amount ("how much", "how many", "worth"): passages stating one are preferred. */
  quantity: boolean
}

/** A name the asker capitalised mid-sentence ("Putin", "Valdai") is what the question is about. */
const NAME_WEIGHT = 1.5
/** A lower-case word the coverage never uses is more often a plain word than a key one. */
const UNKNOWN_WORD_WEIGHT = 0.5
/** A fuzzy or prefix variant counts for less than the word the asker typed. */
const VARIANT_SHARE = 0.8
/** Most variants searched for one unknown word. */
const MAX_VARIANTS = 8

/**
 * Words that shape a question rather than name its subject ("Which type of
 * product, approximately how many, what is it called?"). Articles use them
 * too, so they are dropped from questions only. Stemmed, as analyze() gives them.
 */
const QUESTION_WORDS: ReadonlySet<string> = new Set(analyze(
  'name named called known type kind approximately roughly exactly reportedly following follows become became ' +
  'current currently latest newly total amount number'
))

export const QUANTITY_QUESTION = /\b(?:how (?:much|many|big|large)|worth|value|volume|total|figure|amount|size|turnover|billion|million|percent|number of)\b/i

export function inverseFrequency (total: number, documentFrequency: number): number {
  return Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5))
}

const CAPITALISED_WORD = /(?<![.!?]\s*|^\s*)\b\p{Lu}[\p{L}'’-]*/gu

/**
 * Terms of the words written with a capital, other than at the start of a
 * sentence. A headline-style question ("Is Caffeinated Tea Really
 * Dehydrating?") capitalises every word, so there capitals name nothing.
 */
export function capitalisedTerms (text: string): Set<string> {
  const names = new Set<string>()
  // "O.J. Simpson": the full stop after initials ends no sentence.
  const question = joinInitials(text)
  const words = question.match(/\b\p{L}[\p{L}'’-]*/gu) ?? []
  const capitalised = [...question.matchAll(CAPITALISED_WORD)].map(m => m[0])
  const lowerCase = words.filter(w => /^\p{Ll}/u.test(w) && w.length > 3).length
  if (capitalised.length >= 3 && lowerCase <= 1) return names
  for (const word of capitalised) for (const term of analyze(word)) names.add(term)
  return names
}

/** Edit distance allowed when correcting a word the coverage does not contain. */
function fuzziness (term: string): number {
  if (term.length < 5) return 0
  return term.length < 8 ? 1 : 2
}

/**
 * Index terms that may stand for a word the coverage never uses: near
 * spellings ("jaishenkar" → jaishankar) and longer words it begins
 * ("chair" → chairman), the most used first.
 */
function variantsOf (library: Library, term: string): Array<{ id: number, share: number }> {
  const tree = termTree(library)
  const found = new Map<number, number>()
  const distance = fuzziness(term)
  if (distance > 0) {
    for (const [, [id, edits]] of tree.fuzzyGet(term, distance)) found.set(id, Math.pow(VARIANT_SHARE, edits))
  }
  if (term.length >= 5) {
    for (const [variant, id] of tree.atPrefix(term)) {
      if (!found.has(id)) found.set(id, VARIANT_SHARE * term.length / variant.length)
    }
  }
  return [...found]
    .map(([id, share]) => ({ id, share, frequency: library.passageFrequency[id] ?? 0 }))
    .sort((a, b) => b.frequency - a.frequency || a.id - b.id)
    .slice(0, MAX_VARIANTS)
    .map(({ id, share }) => ({ id, share }))
}

/** How many passages use an index term; 0 for a term the coverage never uses. */
function passageFrequencyOf (library: Library, term: string): number {
  const id = library.vocabulary.get(term)
  return id === undefined ? 0 : library.passageFrequency[id] ?? 0
}

/** Shortest part of a run-together word read apart, unless it is a stop word. */
const MIN_PART = 4

/**
 * Two words run together by a typing slip ("wasdeclared", "Rockliffpledged"),
 * read apart: the searchable halves, when the coverage uses each (or one is a
 * short function word). Null when no split reads so.
 */
function runTogetherParts (library: Library, word: string): string[] | null {
  // Letters only: "CHIR99021" and "SU504" are names of things, not slips.
  if (!/^\p{L}+$/u.test(word)) return null
  const partOf = (text: string): string[] | null => {
    const terms = analyze(text)
    // A short function word only ("was", "the"): a longer one begins real words ("throughput", "overexpression").
    if (terms.length === 0) return STOP_WORDS.has(text) && text.length <= 3 ? [] : null
    return text.length >= MIN_PART && terms.length === 1 && passageFrequencyOf(library, terms[0] ?? '') > 0 ? terms : null
  }
  for (let at = 2; at <= word.length - 2; at += 1) {
    const left = partOf(word.slice(0, at))
    const right = left === null ? null : partOf(word.slice(at))
    if (left !== null && right !== null && left.length + right.length > 0) return [...left, ...right]
  }
  return null
}

/**
 * The question's searchable terms, in order. A word that is neither English
 * nor used by the coverage, nor near the spelling of one it uses, may be two
 * words run together: read apart. `variants` gives a word's near spellings
 * (variantsOf), looked up once a word for this and for its weighing.
 */
function questionTerms (library: Library, text: string, variants: (term: string) => QueryTerm['ids']): string[] {
  // The word vectors' vocabulary is English at large: a word in it is a word, however rare in the coverage
  // ("shipments" is not ship + ments). Without it, nothing is read apart.
  const lexicon = library.termVectors?.rowOf
  return tokenize(text).flatMap(word => {
    const terms = analyze(word)
    const term = terms[0]
    if (lexicon === undefined || term === undefined || terms.length > 1 || lexicon.has(term) || passageFrequencyOf(library, term) > 0 || word.length < 2 * MIN_PART) return terms
    if (variants(term).length > 0) return terms
    return runTogetherParts(library, word) ?? terms
  })
}

/** The question's distinct terms with their weights, the rarest kept when there are too many, and what it asks for. */
export function analyseQuestion (library: Library, text: string, maxTerms: number): Question {
  const names = capitalisedTerms(text)
  const passages = library.passages.length
  const terms: QueryTerm[] = []
  // A fuzzy search of the vocabulary, so each unknown word is searched for once.
  const found = new Map<string, QueryTerm['ids']>()
  const variants = (term: string): QueryTerm['ids'] => {
    let ids = found.get(term)
    if (ids === undefined) { ids = variantsOf(library, term); found.set(term, ids) }
    return ids
  }
  const sequence = questionTerms(library, text, variants)
  for (const term of new Set(sequence)) {
    if (QUESTION_WORDS.has(term)) continue
    const id = library.vocabulary.get(term)
    const frequency = passageFrequencyOf(library, term)
    const known = frequency > 0
    const name = names.has(term)
    // A word the coverage never uses weighs as a rare one: it may be a misspelling of one.
    const stress = name ? NAME_WEIGHT : known ? 1 : UNKNOWN_WORD_WEIGHT
    const weight = stress * inverseFrequency(passages, Math.max(frequency, 1))
    const ids = known && id !== undefined ? [{ id, share: 1 }] : variants(term)
    terms.push({ term, weight, stress, known, name, ids })
  }
  const kept = terms.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term)).slice(0, maxTerms)
  return {
    text,
    terms: kept,
    sequence,
    totalWeight: kept.reduce((sum, t) => sum + t.weight, 0),
    answerType: kept.length === 0 ? 'any' : answerTypeOf(text),
    answerForm: answerFormOf(text),
    quantity: QUANTITY_QUESTION.test(text),
  }
}
