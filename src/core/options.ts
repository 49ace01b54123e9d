/**
 * What shapes an answer, in two halves: the request a member makes with one
 * question (a page, filters), and the ranking options fixed for an index.
 * Defaults are documented on each field and merged here, in one place.
 */

/** What one question asks for: a page of citations, and the coverage to answer from. */
export interface AskRequest {
  /** Citations per page. Default 3. */
  limit: number
  /** Citations to skip, for "More sources". Default 0. */
  offset: number
  /** Only coverage published on or after this date (YYYY-MM-DD). */
  since: string | null
  /** Only coverage published on or before this date (YYYY-MM-DD). */
  until: string | null
  /** Only this article. */
  source: string | null
  /**
   * The date the question is asked as of (YYYY-MM-DD). Coverage published
   * later is ignored and recent coverage is preferred. Default: none.
   */
  asOf: string | null
}

export const defaultAskRequest: AskRequest = {
  limit: 3,
  offset: 0,
  since: null,
  until: null,
  source: null,
  asOf: null,
}

import type { ChoiceWeights } from './choice-weights.js'
import { fittedChoiceWeights } from './choice-weights.js'

/**
 * How answers are ranked and cut. Fixed for an index (they travel with its
 * options), so every question to one index is answered the same way. One
 * configuration serves news, science abstracts and encyclopaedia paragraphs
 * alike: `npm run eval` measures it on all of them at once.
 */
export interface RankingOptions {
  /** BM25 term-frequency saturation, for passages and articles. Default 1.2. */
  k1: number
  /** BM25 length normalisation of a passage, from 0 (none) to 1 (full). Default 0.4. */
  passageB: number
  /** BM25 length normalisation of an article's text. Default 0.5. */
  articleB: number
  /** How much an occurrence in an article's title counts against one in its text. Default 3. */
  titleWeight: number
  /** How much a passage's article title counts towards the passage, against its own words. Default 0.5. */
  passageTitleWeight: number
  /** Articles listed with an answer, best first. Default 100. */
  maxArticles: number
  /** Passages weighed sentence by sentence before the best are cited. Default 30. */
  candidates: number
  /** Most passages cited from one article. Default 2. */
  perArticle: number
  /** Ranking weight of each further passage from an article already cited, so fresh sources come first. Default 0.5. */
  repeatSourceFactor: number
  /**
   * Share of the question's weight (rarity-weighted terms) that some
   * candidate passage, with its article's title, must match. Below it the
   * answer is "no coverage found" rather than a weak match. Default 0.3.
   */
  minCoverage: number
  /** Passages scoring below this share of the best one are not cited. Default 0.2. */
  minRelativeScore: number
  /** How much the article's own match weighs in a passage's score, as an exponent of its relative score. Default 0.5. */
  articleWeight: number
  /** Extra weight of an article's first passage, shrinking for later ones (1 + leadBoost / (1 + position)), when passages are first ranked. Default 0.2. */
  leadBoost: number
  /** Within a passage, how much holding the kind of answer asked for (a name, a place, a number, a date) counts towards a sentence. Default 0.5. */
  answerTypeWeight: number
  /** Within a passage, how much question words standing close together count towards a sentence. Default 0.3. */
  proximityWeight: number
  /**
   * How the candidate passages' features weigh when they are ranked again,
   * sentence by sentence (see choice.ts). Default: the weights fitted by
   * scripts/eval/fit.ts, in choice-weights.ts.
   */
  choiceWeights: ChoiceWeights
  /**
   * Word vectors' cosine similarity above which a passage word stands for a
   * question word it lacks, in passage choice (the `nearMeaning` feature):
   * GloVe's neighbours above it are mostly the same thing said otherwise
   * ("killed" and "died" 0.74, "group" and "forum" 0.51), below it merely
   * related. Default 0.5.
   */
  nearMeaningThreshold: number
  /**
   * How many of the best candidate passages judge which question words tell
   * them apart (see `localRarityWeight`). Default 10.
   */
  localRarityPassages: number
  /**
   * When sentences are weighed, each question word's weight is multiplied by
   * its rarity among the best `localRarityPassages` candidates against the
   * rarest word's, to this power: paragraphs of one subject all hold its
   * name, and the words that tell them apart should decide. 0 turns it off.
   * At 0.35 SQuAD paragraph hit@1 is 41 questions better and 15 worse in
   * 5,707, RealTimeQA answer@3 3 better and 1 worse, answer@1 4 / 4; at 0.25
   * or 0.5 SQuAD gains a little less and RealTimeQA answer@1 loses 2, over 5
   * passages it loses 5. Default 0.35.
   */
  localRarityWeight: number
  /** Most distinct question terms searched; the rarest are kept. Default 16. */
  maxQueryTerms: number
  /**
   * How strongly recent coverage is preferred when `asOf` is set: the boost at
   * age 0. Undated articles get the mean boost of the dated ones the question
   * reaches. Default 1.
   */
  recencyBoost: number
  /** Age in days at which the recency boost has halved. Default 14. */
  recencyHalfLifeDays: number
  /**
   * Pseudo-relevance feedback (RM3-like): how many of the best articles lend
   * their words to the articles listed with an answer; 0 turns it off. It
   * changes only that list, never the citations (passages are weighed on the
   * question's own words: letting the added words in cost RealTimeQA and
   * SQuAD answers). At 5, SciFact nDCG@10 0.693 → 0.698 and recall@100
   * 0.912 → 0.922, for about 3 ms a question on the RealTimeQA archive; off,
   * as the bot shows members no article list. Default 0.
   */
  feedbackArticles: number
  /** Pseudo-relevance feedback: most words added to the article ranking, those the feedback articles share, weighed by their frequency in each (times its score relative to the best) and their rarity. Default 10. */
  feedbackTerms: number
  /** Pseudo-relevance feedback: the added words' total weight against the question's own (interpolation; the question's words are kept). Default 0.1. */
  feedbackWeight: number
  /** Longest excerpt quoted from a passage, in characters: as long as the longest passage (passages.ts), so a passage whose every sentence bears on the question is quoted whole. Default 700. */
  maxExcerptChars: number
}

export const defaultRankingOptions: RankingOptions = {
  k1: 1.2,
  passageB: 0.4,
  articleB: 0.5,
  titleWeight: 3,
  passageTitleWeight: 0.5,
  maxArticles: 100,
  candidates: 30,
  perArticle: 2,
  repeatSourceFactor: 0.5,
  minCoverage: 0.3,
  minRelativeScore: 0.2,
  articleWeight: 0.5,
  leadBoost: 0.2,
  answerTypeWeight: 0.5,
  proximityWeight: 0.3,
  choiceWeights: fittedChoiceWeights,
  nearMeaningThreshold: 0.5,
  localRarityPassages: 10,
  localRarityWeight: 0.35,
  maxQueryTerms: 16,
  recencyBoost: 1,
  recencyHalfLifeDays: 14,
  feedbackArticles: 0,
  feedbackTerms: 10,
  feedbackWeight: 0.1,
  maxExcerptChars: 700,
}

/** Both halves together, as the ranking functions read them. */
export type AskOptions = AskRequest & RankingOptions

/** Defaults merged with what is given; `undefined` means "the default", unknown keys are ignored. */
export function withDefaults<T extends object> (defaults: T, given: Partial<T>): T {
  const merged = { ...defaults }
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined && key in defaults) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}

export function mergeAskRequest (request: Partial<AskRequest> = {}): AskRequest {
  return withDefaults(defaultAskRequest, request)
}

export function mergeRankingOptions (options: Partial<RankingOptions> = {}): RankingOptions {
  return withDefaults(defaultRankingOptions, options)
}
