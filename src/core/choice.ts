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
import { rowSimilarity } from './vectors.js'

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
 * Share of the question's weight carried by words that neither a passage nor
 * its article's title uses (bits unset in `mask`) but one of its words nearly
 * means: each such word counts for how far its nearest passage word's
 * similarity passes `threshold`, from 0 there to 1 at the same word.
 */
export function nearMeaningCoverage (library: Library, question: Question, passageId: number, mask: number, threshold: number): number {
  const vectors = library.termVectors
  if (vectors === null) return 0
  const missing: Array<{ row: number, weight: number }> = []
  question.terms.forEach((t, slot) => {
    const row = (mask & (1 << slot)) === 0 ? vectors.rowOf.get(t.term) : undefined
    if (row !== undefined) missing.push({ row, weight: t.weight })
  })
  if (missing.length === 0) return 0
  const ordinal = library.passageArticle[passageId] ?? 0
  const rows = new Set<number>()
  const addRows = (ids: Uint32Array, from: number, to: number): void => {
    for (let i = from; i < to; i += 1) {
      const row = vectors.rowOf.get(library.termList[ids[i] ?? 0] ?? '')
      if (row !== undefined) rows.add(row)
    }
  }
  addRows(library.termIds, library.termStart[passageId] ?? 0, library.termStart[passageId + 1] ?? 0)
  addRows(library.titleIds, library.titleStart[ordinal] ?? 0, library.titleStart[ordinal + 1] ?? 0)
  let near = 0
  for (const { row, weight } of missing) {
    let best = threshold
    for (const other of rows) best = Math.max(best, rowSimilarity(vectors, row, other))
    near += weight * (best - threshold) / (1 - threshold)
  }
  return near / question.totalWeight
}

/** log that stays finite for a zero ratio. */
const logRatio = (value: number, best: number): number => Math.log(Math.max(value / Math.max(best, Number.MIN_VALUE), 1e-3))

/** The choice features of the best `options.candidates` passages, and their weighted scores, best first. */
export function weighCandidates (library: Library, question: Question, ranked: readonly RankedPassage[], slots: TermSlots, options: AskOptions): Candidate[] {
  const pairs = questionPairs(question, slots)
  const focus = question.quantity ? focusTerms(library, question) : new Set<string>()
  const pool = ranked.slice(0, options.candidates)
  const bestMatch = pool.reduce((most, r) => Math.max(most, r.match), 0)
  const candidates: Candidate[] = []
  for (const r of pool) {
    const passage = library.passages[r.id]
    const article = library.articles.get(library.articleOrder[r.ordinal] ?? '')
    if (passage === undefined || article === undefined) continue
    const sentences = scoreSentences(passage.text, question, slots, pairs, options, false)
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
      proximity: sentence?.proximity ?? 0,
      figure: focus.size > 0 && figureSentence(passage.text, focus) !== null ? 1 : 0,
      nearMeaning: options.choiceWeights.nearMeaning === 0 ? 0 : nearMeaningCoverage(library, question, passage.id, r.mask | r.titleMask, options.nearMeaningThreshold),
    }
    let logScore = 0
    for (const name of CHOICE_FEATURES) logScore += options.choiceWeights[name] * features[name]
    candidates.push({ ranked: r, passage, article, sentences, best, features, logScore, score: Math.exp(logScore) })
  }
  return candidates.sort((a, b) => b.logScore - a.logScore || a.passage.id - b.passage.id)
}
