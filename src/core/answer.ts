import { epochDay } from './dates.js'
import { differingFigures, figureSentence, focusTerms, type Figure } from './figures.js'
import type { Library } from './library.js'
import { mergeAskRequest, type AskOptions, type AskRequest } from './options.js'
import { analyseQuestion, type Question } from './question.js'
import { maskWeight, rankCoverage, type RankedPassage } from './ranking.js'
import { bestSentence, cutExcerpt, questionPairs, scoreSentences, type Excerpt, type SentenceScore, type TermSlots } from './sentences.js'
import type { Article, Passage, SourceFields } from './types.js'

export type { Figure } from './figures.js'

export interface Citation extends SourceFields {
  /** Citation number as shown to the reader, from 1 across pages. */
  n: number
  articleId: string
  passageId: number
  /** Verbatim sentence(s) from the passage; "…" marks a cut. */
  excerpt: string
  /** Character ranges of the excerpt that matched the question, for emphasis. */
  highlights: Array<[number, number]>
  score: number
}

export type NoAnswerReason = 'no-terms' | 'no-match' | 'filtered'

/** An article behind the answer, with its ranking score, so ranking can be judged apart from excerpts. */
export interface RankedArticle {
  articleId: string
  score: number
}

export interface Answer {
  question: string
  answered: boolean
  reason: NoAnswerReason | null
  citations: Citation[]
  /** The ranked articles the citations were chosen from, best first. */
  articles: RankedArticle[]
  /** Differing figures across sources, empty when sources agree or give none. */
  figures: Figure[]
  /** Citable results in all pages, for "More sources". */
  total: number
  offset: number
}

/** A passage weighed sentence by sentence: its best sentence and its final score. */
interface Candidate {
  ranked: RankedPassage
  passage: Passage
  article: Article
  sentences: SentenceScore[]
  best: number
  score: number
}

/** Ranking weight of a passage that states a figure about the subject, when the question asks for an amount. */
const FIGURE_BOOST = 2

/** Index terms that stand for the question's words (the words themselves, or their variants) → their slot. */
function termSlots (library: Library, question: Question): TermSlots {
  const slots = new Map<string, { slot: number, share: number }>()
  question.terms.forEach((t, slot) => {
    if (t.known) slots.set(t.term, { slot, share: 1 })
    for (const { id, share } of t.ids) {
      const term = library.termList[id]
      if (term !== undefined && !slots.has(term)) slots.set(term, { slot, share })
    }
  })
  return slots
}

/** Weighs the best passages sentence by sentence: a passage whose one sentence answers outranks one that merely mentions. */
function weighCandidates (library: Library, question: Question, ranked: readonly RankedPassage[], slots: TermSlots, options: AskOptions): Candidate[] {
  const pairs = questionPairs(question, slots)
  const focus = question.quantity ? focusTerms(library, question) : new Set<string>()
  const candidates: Candidate[] = []
  for (const r of ranked.slice(0, options.candidates)) {
    const passage = library.passages[r.id]
    const article = library.articles.get(library.articleOrder[r.ordinal] ?? '')
    if (passage === undefined || article === undefined) continue
    const sentences = scoreSentences(passage.text, question, slots, pairs, options)
    const best = bestSentence(sentences)
    let score = r.score * (1 + (sentences[best]?.score ?? 0))
    if (focus.size > 0 && figureSentence(passage.text, focus) !== null) score *= FIGURE_BOOST
    candidates.push({ ranked: r, passage, article, sentences, best, score })
  }
  return candidates.sort((a, b) => b.score - a.score || a.passage.id - b.passage.id)
}

/**
 * Whether the best candidate answers at all. It must match enough of the
 * question's weight, with its article's title; and one shared word is a
 * coincidence, not an answer, when the question also names something the
 * coverage never mentions ("the weather in Paris").
 */
function answers (question: Question, best: Candidate, options: AskOptions): boolean {
  const mask = best.ranked.mask | best.ranked.titleMask
  if (maskWeight(question, mask) / question.totalWeight < options.minCoverage) return false
  const matched = question.terms.filter((_, slot) => (mask & (1 << slot)) !== 0).length
  const unmatchedUnknown = question.terms.some((t, slot) => !t.known && (mask & (1 << slot)) === 0)
  return matched >= 2 || !unmatchedUnknown
}

/** At most `perArticle` passages an article, further ones behind fresh sources; none far weaker than the best. */
function citable (candidates: readonly Candidate[], options: AskOptions): Candidate[] {
  const best = candidates[0]?.score ?? 0
  const perArticle = new Map<string, number>()
  const kept: Candidate[] = []
  for (const candidate of candidates) {
    if (candidate.score < best * options.minRelativeScore) break
    const count = perArticle.get(candidate.article.id) ?? 0
    if (count >= options.perArticle) continue
    perArticle.set(candidate.article.id, count + 1)
    kept.push(count === 0 ? candidate : { ...candidate, score: candidate.score * Math.pow(options.repeatSourceFactor, count) })
  }
  return kept.sort((a, b) => b.score - a.score || a.passage.id - b.passage.id)
}

function toCitation (candidate: Candidate, n: number, excerpt: Excerpt): Citation {
  const { article, passage } = candidate
  return {
    n,
    articleId: article.id,
    passageId: passage.id,
    title: article.title,
    outlet: article.outlet,
    date: article.date,
    time: article.time,
    dateSource: article.dateSource,
    url: article.url,
    excerpt: excerpt.text,
    highlights: excerpt.highlights,
    score: Math.round(candidate.score * 1000) / 1000,
  }
}

/**
 * Answers a question from the library, in four steps: read the question
 * (its weighted terms, the kind of answer it expects), rank articles and
 * passages (BM25 over the postings), weigh the best passages sentence by
 * sentence, and cut each cited passage to the sentences that answer. Never
 * cites a passage that matches too little of the question.
 */
export function answerQuestion (library: Library, text: string, request: Partial<AskRequest> = {}): Answer {
  const options: AskOptions = { ...library.options.ranking, ...mergeAskRequest(request) }
  const unanswered = (reason: NoAnswerReason): Answer => ({ question: text, answered: false, reason, citations: [], articles: [], figures: [], total: 0, offset: options.offset })

  const question = analyseQuestion(library, text, options.maxQueryTerms)
  if (question.terms.length === 0) return unanswered('no-terms')

  const asOfDay = options.asOf === null ? null : epochDay(options.asOf)
  const ranking = rankCoverage(library, question, options, asOfDay)
  const slots = termSlots(library, question)
  const candidates = weighCandidates(library, question, ranking.passages, slots, options)
  const best = candidates[0]
  if (best === undefined || !answers(question, best, options)) {
    const filtering = options.since !== null || options.until !== null || options.source !== null
    return unanswered(filtering ? 'filtered' : 'no-match')
  }

  const cited = citable(candidates, options)
  const page = cited.slice(options.offset, options.offset + options.limit)
  const matched = new Set(slots.keys())
  const citations = page.map((c, i) => toCitation(c, options.offset + i + 1, cutExcerpt(c.passage.text, c.sentences, c.best, matched, options.maxExcerptChars)))
  const figures = differingFigures(text, page.map((c, i) => ({ n: citations[i]?.n ?? 0, articleId: c.article.id, passageText: c.passage.text, excerpt: citations[i]?.excerpt ?? '' })), focusTerms(library, question))
  const articles = ranking.articles.map(a => ({ articleId: library.articleOrder[a.ordinal] ?? '', score: Math.round(a.score * 1000) / 1000 }))

  return { question: text, answered: true, reason: null, citations, articles, figures, total: cited.length, offset: options.offset }
}
