import { epochDay } from './dates.js'
import { reweighAmongCandidates, weighCandidates, type Candidate } from './choice.js'
import { differingFigures, focusTerms, type Figure } from './figures.js'
import { termTree, type Library } from './library.js'
import { mergeAskRequest, type AskOptions, type AskRequest } from './options.js'
import { analyseQuestion, type Question } from './question.js'
import { maskWeight, rankCoverage, type Ranking } from './ranking.js'
import { cutExcerpt, questionPairs, scoreSentences, type Excerpt, type TermSlots } from './sentences.js'
import type { SourceFields } from './types.js'

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

/**
 * Whether the coverage answers the question at all: some candidate passage,
 * with its article's title, must match `minCoverage` of the question's
 * weight. Long questions and statements are judged by their best passage,
 * not their first: the passage ranked first for its neighbours and lead
 * may match less of the question than one ranked lower. And one shared word
 * is a coincidence, not an answer, when the question also names something
 * the coverage never mentions ("the weather in Paris").
 */
function answers (question: Question, candidates: readonly Candidate[], options: AskOptions): boolean {
  let mask = 0
  let covered = 0
  for (const c of candidates) {
    const m = c.ranked.mask | c.ranked.titleMask
    const weight = maskWeight(question, m)
    if (weight > covered) { covered = weight; mask = m }
  }
  if (covered / question.totalWeight < options.minCoverage) return false
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

/** What a question's reading and ranking found, before anything is cited. */
export interface Weighing {
  options: AskOptions
  question: Question
  /** The question as its candidates' sentences are weighed: each word also by its rarity among them (reweighAmongCandidates). */
  telling: Question
  ranking: Ranking
  /** The question's index terms (and the variants standing for them) → their slot. */
  slots: TermSlots
  /** The best passages weighed sentence by sentence, best first. */
  candidates: Candidate[]
}

/**
 * The first three steps of answering: read the question (its weighted terms,
 * the kind of answer it expects), rank articles and passages (BM25 over the
 * postings), and weigh the best passages sentence by sentence. Null when the
 * question has no searchable word.
 */
export function weighQuestion (library: Library, text: string, request: Partial<AskRequest> = {}): Weighing | null {
  const options: AskOptions = { ...library.options.ranking, ...mergeAskRequest(request) }
  const question = analyseQuestion(library, text, options.maxQueryTerms)
  if (question.terms.length === 0) return null
  const ranking = rankCoverage(library, question, options, options.asOf === null ? null : epochDay(options.asOf))
  const slots = termSlots(library, question)
  // Sentences are weighed with the words that tell the candidates apart; which passages were found, and
  // whether the question is answered at all, rest on the question's own weights.
  const telling = reweighAmongCandidates(question, ranking.passages.slice(0, options.candidates), options.localRarityPassages, options.localRarityWeight)
  const candidates = weighCandidates(library, question, telling, ranking.passages, slots, options)
  return { options, question, telling, ranking, slots, candidates }
}

/**
 * The excerpt a candidate is cited with: its best sentence and the neighbours
 * that help. Candidates were weighed by their best sentence only; the one
 * cited has all its sentences read, for the neighbours.
 */
export function excerptOf (weighing: Weighing, candidate: Candidate): Excerpt {
  const { passage, best } = candidate
  const sentences = candidate.sentences.every(s => s.analysed)
    ? candidate.sentences
    : scoreSentences(passage.text, weighing.telling, weighing.slots, questionPairs(weighing.question, weighing.slots), weighing.options, { titleMask: candidate.ranked.titleMask })
  return cutExcerpt(passage.text, sentences, best, new Set(weighing.slots.keys()), weighing.options.maxExcerptChars)
}

/**
 * Answers a question from the library: weighs it (above), refuses when even
 * the best passage matches too little of it, then cites the best passages
 * (a few an article), each cut to the sentences that answer, numbered and
 * dated, with the figures they disagree on.
 */
export function answerQuestion (library: Library, text: string, request: Partial<AskRequest> = {}): Answer {
  const weighing = weighQuestion(library, text, request)
  const offset = request.offset ?? 0
  const unanswered = (reason: NoAnswerReason): Answer => ({ question: text, answered: false, reason, citations: [], articles: [], figures: [], total: 0, offset })
  if (weighing === null) return unanswered('no-terms')

  const { options, question, ranking, candidates } = weighing
  if (!answers(question, candidates, options)) {
    const filtering = options.since !== null || options.until !== null || options.source !== null
    return unanswered(filtering ? 'filtered' : 'no-match')
  }

  const cited = citable(candidates, options)
  const page = cited.slice(options.offset, options.offset + options.limit)
  const citations = page.map((c, i) => toCitation(c, options.offset + i + 1, excerptOf(weighing, c)))
  const figures = differingFigures(text, page.map((c, i) => ({ n: citations[i]?.n ?? 0, articleId: c.article.id, passageText: c.passage.text, excerpt: citations[i]?.excerpt ?? '' })), focusTerms(library, question))
  const articles = ranking.articles.map(a => ({ articleId: library.articleOrder[a.ordinal] ?? '', score: Math.round(a.score * 1000) / 1000 }))

  return { question: text, answered: true, reason: null, citations, articles, figures, total: cited.length, offset: options.offset }
}

/** Openings that make a title a question of each kind, so every answer type's reading is exercised. */
const WARM_UP_OPENINGS = ['Who', 'When', 'Where', 'How many', 'Which company', 'What is the name of', 'Why']

/**
 * Readies a process to answer from this library at full speed. V8 runs new
 * code in its interpreter until it has seen it enough to compile it: on the
 * RealTimeQA archive the first question took 300 ms and the first fifty about
 * twice the usual 15 ms, where later ones stay under 25 ms. So a few
 * questions made of the library's own titles, of every kind and with a date,
 * are asked before any member's. Call it once the library is built or loaded.
 */
export function warmUp (library: Library, questions = 21): void {
  // The vocabulary's tree, for words the coverage does not use (160 ms on the RealTimeQA archive):
  // built here, not by the first question with such a word, nor by the first ingest (which extends it).
  termTree(library)
  const count = library.articleOrder.length
  if (count === 0) return
  for (let i = 0; i < questions; i += 1) {
    const article = library.articles.get(library.articleOrder[Math.floor((i * 7919) % count)] ?? '')
    if (article === undefined) continue
    const opening = WARM_UP_OPENINGS[i % WARM_UP_OPENINGS.length] ?? 'What'
    const words = article.title.split(/\s+/).slice(0, 6).join(' ')
    answerQuestion(library, `${opening} ${words}?`, { limit: 3, ...(article.date !== null && i % 2 === 0 ? { asOf: article.date } : {}) })
  }
}
