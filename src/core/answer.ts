import type { SearchResult } from 'minisearch'
import { epochDay } from './dates.js'
import type { Library } from './library.js'
import { analyze, sentenceSpans, splitSentences, termSpans } from './text.js'
import { mergeAskRequest, type AskOptions, type AskRequest } from './options.js'
import type { Article, Passage, SourceFields } from './types.js'

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

/** A figure a source gives for what the question asks about, shown side by side when sources differ. */
export interface Figure {
  value: string
  /** The sentence that states it, verbatim. */
  sentence: string
  /** Citation number of the source. */
  n: number
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

interface QueryTerm { term: string, weight: number, known: boolean }

/** A name the asker capitalised mid-sentence ("Putin", "Valdai") is what the question is about. */
const NAME_WEIGHT = 1.5
/** A lower-case word the coverage never uses is more often a plain word than a key one. */
const UNKNOWN_WORD_WEIGHT = 0.5

function inverseFrequency (library: Library, documentFrequency: number): number {
  const total = library.passages.length
  return Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5))
}

/** Terms of the words written with a capital, other than at the start of a sentence. */
function capitalisedTerms (question: string): Set<string> {
  const names = new Set<string>()
  for (const match of question.matchAll(/(?<![.!?]\s*|^\s*)\b\p{Lu}[\p{L}'’-]*/gu)) {
    for (const term of analyze(match[0])) names.add(term)
  }
  return names
}

/**
 * Words that shape a question rather than name its subject ("Which type of
 * product, approximately how many, what is it called?"). Articles use them
 * too, so they are dropped from questions only. Stemmed, as analyze() gives them.
 */
const QUESTION_WORDS: ReadonlySet<string> = new Set(analyze(
  'name named called known type kind approximately roughly exactly reportedly following follows become became ' +
  'current currently latest newly total amount number',
))

/** The question's distinct terms with their rarity weights, rarest kept when there are too many. */
export function queryTerms (library: Library, question: string, maxTerms: number): QueryTerm[] {
  const names = capitalisedTerms(question)
  const terms: QueryTerm[] = []
  for (const term of new Set(analyze(question))) {
    if (QUESTION_WORDS.has(term)) continue
    const id = library.vocabulary.get(term)
    const frequency = id === undefined ? 0 : library.passageFrequency[id] ?? 0
    const known = frequency > 0
    // A word the coverage never uses weighs as a rare one: it may be a misspelling of one.
    let weight = inverseFrequency(library, Math.max(frequency, 1))
    if (names.has(term)) weight *= NAME_WEIGHT
    else if (!known) weight *= UNKNOWN_WORD_WEIGHT
    terms.push({ term, weight, known })
  }
  return terms.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term)).slice(0, maxTerms)
}

/** Edit distance allowed when correcting a word the coverage does not contain. */
function fuzziness (term: string): number {
  if (term.length < 5) return 0
  return term.length < 8 ? 1 : 2
}

/** Articles matching the question within the filters, best first, recency applied. */
function searchArticles (library: Library, terms: QueryTerm[], options: AskOptions, asOfDay: number | null): SearchResult[] {
  const weights = new Map(terms.map(t => [t.term, t.weight]))
  const results = library.index.search({
    combineWith: 'OR',
    queries: terms.map(({ term, known }) => ({
      queries: [term],
      fuzzy: known ? false : fuzziness(term),
      // "chairs" should find "chairman" when the coverage never says "chairs".
      prefix: !known && term.length >= 5,
    })),
  }, {
    boostTerm: (term: string) => weights.get(term) ?? 1,
    filter: result => {
      const article = library.articles.get(library.articleOrder[result.id as number] ?? '')
      return article !== undefined && withinFilters(article, options)
    },
  })
  // Recency is applied to each article once, rather than per matched term inside the search.
  for (const result of results) result.score *= recencyFactor(library.articleDay[result.id as number] ?? Number.NaN, asOfDay, options)
  return results.sort((a, b) => b.score - a.score)
}

/** The boost for coverage published `asOfDay - day` days before the question's date. */
function recencyFactor (day: number, asOfDay: number | null, options: AskOptions): number {
  if (asOfDay === null || Number.isNaN(day)) return 1
  const age = Math.max(0, asOfDay - day)
  return 1 + options.recencyBoost * Math.pow(0.5, age / options.recencyHalfLifeDays)
}

function withinFilters (article: Article, options: AskOptions): boolean {
  if (options.source !== null && article.id !== options.source) return false
  if (article.date === null) {
    // Undated coverage cannot be shown to fall inside a range the asker set;
    // answering "as of" a date only prefers what is dated, it does not drop the rest.
    return options.since === null && options.until === null
  }
  if (options.since !== null && article.date < options.since) return false
  if (options.until !== null && article.date > options.until) return false
  if (options.asOf !== null && article.date > options.asOf) return false
  return true
}

const FIGURE = /(?:[$€£₹]\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:trillion|billion|million|crore|lakh|bn|mn|tn)\b)?|\b\d[\d,]*(?:\.\d+)?\s*(?:trillion|billion|million|crore|lakh|per ?cent\b|%|tonnes|barrels))/gi
const QUANTITY_QUESTION = /\b(?:how (?:much|many|big|large)|worth|value|volume|total|figure|amount|size|turnover|billion|million|percent|number of)\b/i
/** Ranking weight of a passage that states a figure, when the question asks for one. */
const FIGURE_BOOST = 3

/** Terms that say what a figure is about: found in under a third of passages ("india" in coverage of India is not). */
function focusTerms (library: Library, terms: QueryTerm[]): Set<string> {
  const limit = library.passages.length / 3
  return new Set(terms.filter(t => {
    const id = library.vocabulary.get(t.term)
    return (id === undefined ? 0 : library.passageFrequency[id] ?? 0) < limit
  }).map(t => t.term))
}

/** The first sentence of a passage stating a figure about one of the focus terms. */
function figureSentence (text: string, focus: Set<string>): { value: string, sentence: string } | null {
  if (focus.size === 0 || text.search(FIGURE) < 0) return null
  for (const sentence of splitSentences(text)) {
    const values = sentence.match(FIGURE)
    if (values == null) continue
    if (termSpans(sentence).some(span => focus.has(span.term))) return { value: values[0].trim(), sentence }
  }
  return null
}


const byScore = (a: Ranked, b: Ranked): number => b.score - a.score || a.passage.id - b.passage.id

interface Ranked { passage: Passage, article: Article, score: number, matched: Set<string> }
const EMPTY_MATCH: Set<string> = new Set()

/** BM25 saturation and length normalisation for passage scoring. */
const BM25_K1 = 1.2
const BM25_B = 0.3
/** A fuzzy or prefix variant counts for less than the word the asker typed. */
const VARIANT_WEIGHT = 0.8

interface TermSlot { slot: number, weight: number }

/**
 * Maps term ids to the question's terms. Words the asker typed map directly;
 * variants MiniSearch matched for an unknown word ("jaishankar" for
 * "jaishenkar") map to that word at a lower weight.
 */
function termSlots (library: Library, terms: QueryTerm[], articles: SearchResult[]): Map<number, TermSlot> {
  const slots = new Map<number, TermSlot>()
  terms.forEach((t, slot) => {
    const id = library.vocabulary.get(t.term)
    if (id !== undefined) slots.set(id, { slot, weight: t.weight })
  })
  const unknown = terms.map((t, slot) => ({ ...t, slot })).filter(t => !t.known)
  if (unknown.length === 0) return slots
  for (const article of articles) {
    for (const variant of article.terms) {
      const id = library.vocabulary.get(variant)
      if (id === undefined || slots.has(id)) continue
      const source = unknown.reduce((best, t) => sharedPrefix(t.term, variant) > sharedPrefix(best.term, variant) ? t : best)
      slots.set(id, { slot: source.slot, weight: source.weight * VARIANT_WEIGHT })
    }
  }
  return slots
}

function sharedPrefix (a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1
  return i
}

/** BM25 of one passage against the question, from its term ids; marks the slots it matches in `found`. */
function scorePassage (library: Library, p: number, slots: Map<number, TermSlot>, tf: Float64Array, weight: Float64Array, found: Uint8Array): number {
  const from = library.termStart[p] ?? 0
  const to = library.termStart[p + 1] ?? 0
  tf.fill(0)
  weight.fill(0)
  for (let i = from; i < to; i += 1) {
    const slot = slots.get(library.termIds[i] ?? 0)
    if (slot === undefined) continue
    tf[slot.slot] = (tf[slot.slot] ?? 0) + 1
    weight[slot.slot] = Math.max(weight[slot.slot] ?? 0, slot.weight)
  }
  const lengthNorm = BM25_K1 * (1 - BM25_B + BM25_B * (to - from) / Math.max(1, library.averagePassageTerms))
  let score = 0
  tf.forEach((count, slot) => {
    if (count === 0) return
    score += (weight[slot] ?? 0) * count * (BM25_K1 + 1) / (count + lengthNorm)
    found[slot] = 1
  })
  return score
}

/** The passage's terms that match the question, for choosing and marking the excerpt. */
function matchedTerms (library: Library, p: number, slots: Map<number, TermSlot>): Set<string> {
  const matched = new Set<string>()
  for (let i = library.termStart[p] ?? 0; i < (library.termStart[p + 1] ?? 0); i += 1) {
    const id = library.termIds[i] ?? 0
    if (slots.has(id)) matched.add(library.termList[id] ?? '')
  }
  return matched
}

/** Passages that answer the question, best first, at most `perArticle` per article. */
function rankPassages (library: Library, question: string, terms: QueryTerm[], options: AskOptions): { ranked: Ranked[], articles: RankedArticle[] } {
  const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0)
  const weightOf = new Map(terms.map(t => [t.term, t.weight]))
  const asOfDay = options.asOf === null ? null : epochDay(options.asOf)
  const unknownTerms = terms.filter(t => !t.known).map(t => t.term)
  const focus = QUANTITY_QUESTION.test(question) ? focusTerms(library, terms) : new Set<string>()

  const articles = searchArticles(library, terms, options, asOfDay).filter(result => {
    const coverage = result.queryTerms.reduce((sum, term) => sum + (weightOf.get(term) ?? 0), 0) / totalWeight
    // One shared word is a coincidence, not an answer, when the question also
    // names something the coverage never mentions ("the weather in Paris").
    const coincidence = result.queryTerms.length < 2 && unknownTerms.some(term => !result.queryTerms.includes(term))
    return coverage >= options.minCoverage && !coincidence
  }).slice(0, options.candidates)
  const bestArticle = articles[0]?.score ?? 0
  const slots = termSlots(library, terms, articles)

  const scored: Ranked[] = []
  const slotCount = terms.length
  const tf = new Float64Array(slotCount)
  const weight = new Float64Array(slotCount)
  for (const result of articles) {
    const ordinal = result.id as number
    const article = library.articles.get(library.articleOrder[ordinal] ?? '')
    if (article === undefined) continue
    const articleFactor = Math.pow(result.score / bestArticle, options.articleWeight) * recencyFactor(library.articleDay[ordinal] ?? Number.NaN, asOfDay, options)
    const first = library.passageStart[ordinal] ?? 0
    const count = (library.passageStart[ordinal + 1] ?? first) - first
    const found = new Uint8Array(count * slotCount)
    const own = new Float64Array(count)
    for (let i = 0; i < count; i += 1) own[i] = scorePassage(library, first + i, slots, tf, weight, found.subarray(i * slotCount, (i + 1) * slotCount))
    for (let i = 0; i < count; i += 1) {
      let score = own[i] ?? 0
      if (score === 0) continue
      let coverage = 0
      for (let slot = 0; slot < slotCount; slot += 1) if (found[i * slotCount + slot] === 1) coverage += terms[slot]?.weight ?? 0
      coverage /= totalWeight
      if (coverage < options.minPassageCoverage) continue
      const passage = library.passages[first + i]
      if (passage === undefined) continue
      // Reporters put the news first: the lead paragraphs carry the facts a question asks about.
      score *= coverage * articleFactor * (1 + options.leadBoost / (1 + i))
      // "How much ...?" is best answered by passages that state an amount.
      if (focus.size > 0 && figureSentence(passage.text, focus) !== null) score *= FIGURE_BOOST
      scored.push({ passage, article, score, matched: EMPTY_MATCH })
    }
  }

  scored.sort(byScore)
  const best = scored[0]?.score ?? 0
  const perArticle = new Map<string, number>()
  const ranked: Ranked[] = []
  for (const candidate of scored) {
    if (candidate.score < best * options.minRelativeScore) break
    const count = perArticle.get(candidate.article.id) ?? 0
    if (count >= options.perArticle) continue
    perArticle.set(candidate.article.id, count + 1)
    // A further passage of an article already cited ranks behind fresh sources of similar strength.
    ranked.push(count === 0 ? candidate : { ...candidate, score: candidate.score * Math.pow(options.repeatSourceFactor, count) })
  }
  ranked.sort(byScore)
  // Only the passages that will be quoted need their matched words.
  for (const candidate of ranked.slice(options.offset, options.offset + options.limit)) candidate.matched = matchedTerms(library, candidate.passage.id, slots)
  return { ranked, articles: articles.map(a => ({ articleId: library.articleOrder[a.id as number] ?? '', score: Math.round(a.score * 1000) / 1000 })) }
}

interface Excerpt { text: string, highlights: Array<[number, number]> }

function highlightsIn (text: string, matched: Set<string>): Array<[number, number]> {
  return termSpans(text).filter(span => matched.has(span.term)).map(span => [span.start, span.end])
}

/** Cuts an over-long sentence around its first match, at word boundaries, marking the cuts. */
function trimAroundMatch (sentence: string, matched: Set<string>, maxChars: number): string {
  if (sentence.length <= maxChars) return sentence
  const first = termSpans(sentence).find(span => matched.has(span.term))?.start ?? 0
  let start = Math.max(0, first - Math.floor(maxChars / 3))
  if (start > 0) start = sentence.indexOf(' ', start) + 1
  let end = Math.min(sentence.length, start + maxChars - 2)
  if (end < sentence.length) end = sentence.lastIndexOf(' ', end)
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? '…' : ''}`
}

/**
 * The sentence that best answers the question, with its neighbour when the
 * best one alone is short and the neighbour matches too. Always verbatim.
 */
export function selectExcerpt (passageText: string, matched: Set<string>, weights: Map<string, number>, maxChars: number): Excerpt {
  const located = sentenceSpans(passageText)
  const sentences = located.length > 0 ? located : [{ start: 0, end: passageText.length }]
  const scores = sentences.map(({ start, end }) => {
    const terms = new Set(termSpans(passageText.slice(start, end)).map(span => span.term))
    let score = 0
    for (const term of terms) if (matched.has(term)) score += weights.get(term) ?? 1
    return score
  })
  let bestAt = 0
  scores.forEach((score, i) => { if (score > (scores[bestAt] ?? 0)) bestAt = i })
  let from = bestAt
  let to = bestAt
  const length = (a: number, b: number): number => (sentences[b]?.end ?? 0) - (sentences[a]?.start ?? 0)
  // Grow towards the better-matching neighbour while the excerpt stays short.
  while (length(from, to) < maxChars / 2) {
    const before = from > 0 ? (scores[from - 1] ?? 0) : -1
    const after = to < sentences.length - 1 ? (scores[to + 1] ?? 0) : -1
    if (before < 0 && after < 0) break
    if (after >= before && length(from, to + 1) <= maxChars) to += 1
    else if (before >= 0 && length(from - 1, to) <= maxChars) from -= 1
    else break
  }
  // Sliced from the passage, so the excerpt keeps its own spacing and line breaks.
  const quoted = passageText.slice(sentences[from]?.start ?? 0, sentences[to]?.end ?? passageText.length)
  const text = trimAroundMatch(quoted, matched, maxChars)
  return { text, highlights: highlightsIn(text, matched) }
}

function toCitation (ranked: Ranked, n: number, excerpt: Excerpt): Citation {
  const { article, passage } = ranked
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
    score: Math.round(ranked.score * 1000) / 1000,
  }
}


/**
 * Figures that the cited sources state about the question's subject.
 * Returned only when at least two sources give different values, so the
 * reader sees each value beside its source and date.
 */
function differingFigures (question: string, page: Ranked[], citations: Citation[], focus: Set<string>): Figure[] {
  const figures: Array<Figure & { articleId: string }> = []
  page.forEach((candidate, i) => {
    const citation = citations[i]
    const found = citation === undefined ? null : figureSentence(candidate.passage.text, focus)
    if (citation !== undefined && found !== null) figures.push({ ...found, n: citation.n, articleId: candidate.article.id })
  })
  const distinctValues = new Set(figures.map(f => f.value.toLowerCase().replace(/\s+/g, ' ')))
  const distinctSources = new Set(figures.map(f => f.articleId))
  if (distinctValues.size < 2 || distinctSources.size < 2) return []
  // Unasked-for figures are listed only when the excerpts themselves quote them.
  const quoted = figures.filter(f => citations.some(c => c.n === f.n && c.excerpt.includes(f.value))).length
  if (!QUANTITY_QUESTION.test(question) && quoted < 2) return []
  return figures.map(({ articleId: _articleId, ...figure }) => figure)
}

/**
 * Answers a question from the library: the best passages, each cut to the
 * sentences that answer it, numbered and dated. Never cites a passage that
 * matches too little of the question.
 */
export function answerQuestion (library: Library, question: string, request: Partial<AskRequest> = {}): Answer {
  const options: AskOptions = { ...library.options.ranking, ...mergeAskRequest(request) }
  const terms = queryTerms(library, question, options.maxQueryTerms)
  const unanswered = (reason: NoAnswerReason): Answer => ({ question, answered: false, reason, citations: [], articles: [], figures: [], total: 0, offset: options.offset })
  if (terms.length === 0) return unanswered('no-terms')

  const { ranked, articles } = rankPassages(library, question, terms, options)
  if (ranked.length === 0) {
    const filtering = options.since !== null || options.until !== null || options.source !== null
    return unanswered(filtering ? 'filtered' : 'no-match')
  }

  const weights = new Map(terms.map(t => [t.term, t.weight]))
  const page = ranked.slice(options.offset, options.offset + options.limit)
  const citations = page.map((r, i) => toCitation(r, options.offset + i + 1, selectExcerpt(r.passage.text, r.matched, weights, options.maxExcerptChars)))
  const figures = differingFigures(question, page, citations, focusTerms(library, terms))

  return { question, answered: true, reason: null, citations, articles, figures, total: ranked.length, offset: options.offset }
}
