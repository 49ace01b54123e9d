/**
 * Passage choice: the best passages of the first stage are weighed again,
 * each by its best sentence, so a passage whose one sentence answers outranks
 * one that merely mentions the question's words. The weighing is a linear
 * combination of features; its weights are fitted on dev questions by
 * scripts/eval/fit.ts (logistic regression, cross-validated) and kept in
 * choice-weights.ts.
 */

import { CHOICE_FEATURES, type ChoiceFeature } from './choice-weights.js'
import { figureSentence, focusTerms } from './figures.js'
import type { Library } from './library.js'
import type { AskOptions } from './options.js'
import type { Question } from './question.js'
import type { RankedPassage } from './ranking.js'
import { bestSentence, questionPairs, scoreSentences, type SentenceScore, type TermSlots } from './sentences.js'
import type { Article, Passage } from './types.js'
import { rowSimilarity, rowsOfTerms } from './vectors.js'

/** A passage weighed sentence by sentence. */
export interface Candidate {
  ranked: RankedPassage
  passage: Passage
  article: Article
  sentences: SentenceScore[]
  /** Index of its best sentence. */
  best: number
  features: Record<ChoiceFeature, number>
  /** The weighted sum of its features, the log of its ranking score. */
  logScore: number
  /** Ranking score, exp(logScore): a citation's score. */
  score: number
}

/**
 * For one question, the share of its weight carried by words that neither a
 * passage nor its article's title uses (bits unset in `mask`) but one of its
 * words nearly means: each such word counts for how far its nearest passage
 * word's similarity passes `threshold`, from 0 there to 1 at the same word.
 * Candidates share most of their words, so each word's similarity to each
 * question word is worked out once a question.
 */
export function nearMeaningScorer (library: Library, question: Question, threshold: number): (passageId: number, mask: number) => number {
  const vectors = library.termVectors
  if (vectors === null || threshold >= 1) return () => 0
  const termRows = rowsOfTerms(vectors, library.termList)
  const questionRows = question.terms.map(t => vectors.rowOf.get(t.term) ?? -1)
  const credits = question.terms.map(() => new Map<number, number>())
  const creditOf = (slot: number, row: number): number => {
    const known = credits[slot]?.get(row)
    if (known !== undefined) return known
    const credit = Math.max(0, (rowSimilarity(vectors, questionRows[slot] ?? 0, row) - threshold) / (1 - threshold))
    credits[slot]?.set(row, credit)
    return credit
  }
  return (passageId, mask) => {
    const missing = questionRows.flatMap((row, slot) => row >= 0 && (mask & (1 << slot)) === 0 ? [slot] : [])
    if (missing.length === 0) return 0
    const ordinal = library.passageArticle[passageId] ?? 0
    const rows = new Set<number>()
    const addRows = (ids: Uint32Array, from: number, to: number): void => {
      for (let i = from; i < to; i += 1) {
        const row = termRows[ids[i] ?? 0] ?? -1
        if (row >= 0) rows.add(row)
      }
    }
    addRows(library.termIds, library.termStart[passageId] ?? 0, library.termStart[passageId + 1] ?? 0)
    addRows(library.titleIds, library.titleStart[ordinal] ?? 0, library.titleStart[ordinal + 1] ?? 0)
    let near = 0
    for (const slot of missing) {
      let best = 0
      for (const row of rows) best = Math.max(best, creditOf(slot, row))
      near += (question.terms[slot]?.weight ?? 0) * best
    }
    return near / question.totalWeight
  }
}

/**
 * The question with each word reweighed by how few of the best `passages`
 * candidates (with their titles) hold it, to the power `weight`: rarity among
 * the passages competing, beside rarity in the whole coverage. Paragraphs of
 * one article all hold its subject ("Super Bowl 50"), so among them the words
 * that tell one paragraph from another should count more; the rarest word
 * keeps its weight. A weight of 0 leaves the question as it is.
 */
export function reweighAmongCandidates (question: Question, pool: readonly RankedPassage[], passages: number, weight: number): Question {
  const best = pool.slice(0, passages)
  if (weight === 0 || best.length === 0) return question
  const rarity = question.terms.map((_, slot) => {
    const holding = best.filter(r => ((r.mask | r.titleMask) & (1 << slot)) !== 0).length
    return Math.log(1 + (best.length - holding + 0.5) / (holding + 0.5))
  })
  const rarest = Math.max(...rarity)
  const terms = question.terms.map((t, slot) => ({ ...t, weight: t.weight * Math.pow((rarity[slot] ?? 0) / rarest, weight) }))
  return { ...question, terms, totalWeight: terms.reduce((sum, t) => sum + t.weight, 0) }
}

/** log that stays finite for a zero ratio. */
const logRatio = (value: number, best: number): number => Math.log(Math.max(value / Math.max(best, Number.MIN_VALUE), 1e-3))

/** The choice features of the best `options.candidates` passages, and their weighted scores, best first. */
export function weighCandidates (library: Library, question: Question, telling: Question, ranked: readonly RankedPassage[], slots: TermSlots, options: AskOptions): Candidate[] {
  const pairs = questionPairs(question, slots)
  const focus = question.quantity ? focusTerms(library, question) : new Set<string>()
  const pool = ranked.slice(0, options.candidates)
  const nearMeaning = options.choiceWeights.nearMeaning === 0 ? () => 0 : nearMeaningScorer(library, question, options.nearMeaningThreshold)
  const bestMatch = pool.reduce((most, r) => Math.max(most, r.match), 0)
  const candidates: Candidate[] = []
  for (const r of pool) {
    const passage = library.passages[r.id]
    const article = library.articles.get(library.articleOrder[r.ordinal] ?? '')
    if (passage === undefined || article === undefined) continue
    const sentences = scoreSentences(passage.text, telling, slots, pairs, options, { all: false, titleMask: r.titleMask })
    const best = bestSentence(sentences)
    const sentence = sentences[best]
    const features: Record<ChoiceFeature, number> = {
      match: logRatio(r.match, bestMatch),
      coverage: r.coverage,
      article: logRatio(r.article, 1),
      lead: 1 / (1 + r.position),
      recency: Math.log(r.recency),
      sentenceCoverage: sentence?.coverage ?? 0,
      answerType: sentence?.answerType ?? 0,
      // With a form asked for, only a mention of that form answers in full (answerTypeMatch).
      answerForm: question.answerForm !== null && sentence?.answerType === 1 ? 1 : 0,
      proximity: sentence?.proximity ?? 0,
      figure: focus.size > 0 && figureSentence(passage.text, focus) !== null ? 1 : 0,
      nearMeaning: nearMeaning(passage.id, r.mask | r.titleMask),
    }
    let logScore = 0
    for (const name of CHOICE_FEATURES) logScore += options.choiceWeights[name] * features[name]
    candidates.push({ ranked: r, passage, article, sentences, best, features, logScore, score: Math.exp(logScore) })
  }
  return candidates.sort((a, b) => b.logScore - a.logScore || a.passage.id - b.passage.id)
}
