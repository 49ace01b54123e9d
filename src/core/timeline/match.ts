import type { Library } from '../library.js'
import { analyseQuestion, type QueryTerm } from '../question.js'
import { highlightsIn, trimAroundMatch } from '../sentences.js'
import { analyze, sentenceSpans, termSpans } from '../text.js'
import type { Article } from '../types.js'
import { mergeTimelineOptions, mergeTimelineRequest, type TimelineOptions, type TimelineRequest } from './options.js'

/** A word of the topic as searched: its index term and rarity weight. */
export interface TopicTerm { term: string, weight: number, known: boolean }

/** An article on the topic, with the one sentence of it that matches best. */
export interface TopicMatch {
  articleId: string
  /** The passage the excerpt is quoted from. */
  passageId: number
  /** One sentence of the article, verbatim; "…" marks a cut in an over-long one. */
  excerpt: string
  /** Character ranges of the excerpt that matched the topic, for emphasis. */
  highlights: Array<[number, number]>
  /** Share of the topic's weight found in the best passage read with the title, 0–1. */
  coverage: number
  /** Whether the title alone carries the topic. */
  inTitle: boolean
  /** Passages that carry the topic (read with the title): how much of the article is about it. */
  matchingPassages: number
}

export type TopicNoMatchReason = 'no-terms' | 'no-match' | 'filtered'

export interface TopicMatches {
  topic: string
  request: TimelineRequest
  terms: TopicTerm[]
  /** Every article on the topic within the filters, in the order the coverage was loaded. */
  matches: TopicMatch[]
  /** Undated articles on the topic that a date range left out: they cannot be shown to fall inside it. */
  undatedLeftOut: number
  reason: TopicNoMatchReason | null
}

const MAX_TOPIC_BITS = 30
/** A fuzzy or prefix variant of a word the coverage does not use counts for less than the word itself. */
const VARIANT_FACTOR = 0.8

/**
 * What a passage, title or sentence holds of the topic: one bit per topic
 * word (its slot), found exactly or only as a variant of a word the
 * coverage lacks ("jaishankar" for a misspelled "jaishenkar").
 */
interface Held { exact: number, variant: number }

/**
 * Which topic word an index term stands for: the word itself, or a near
 * spelling the coverage uses for a word it lacks ("jaishankar" for a
 * misspelled "jaishenkar"). The passage scan reads a flat per-term-id array
 * for every word of every candidate article, so those arrays are kept per
 * library and cleared after each topic.
 */
class TermSlots {
  private readonly byTerm = new Map<string, { slot: number, exact: boolean }>()
  private readonly touched: number[] = []
  /** Per term id: 0 none, else (slot + 1) for an exact word, -(slot + 1) for a variant. */
  readonly ofId: Int32Array

  constructor (private readonly library: Library, terms: readonly QueryTerm[]) {
    this.ofId = scratchFor(library)
    terms.forEach((t, slot) => {
      for (const { id } of t.ids) this.assign(id, slot, t.known)
    })
  }

  /** The topic word a term id stands for, if any. */
  entryOf (id: number): { slot: number, exact: boolean } | null {
    const value = this.ofId[id] ?? 0
    if (value === 0) return null
    return value > 0 ? { slot: value - 1, exact: true } : { slot: -value - 1, exact: false }
  }

  /** Marks a word of a sentence in `held` if it is a topic word (or a near spelling of one); says whether it is. */
  mark (term: string, held: Held): boolean {
    const entry = this.byTerm.get(term)
    if (entry !== undefined) mark(entry, held)
    return entry !== undefined
  }

  release (): void {
    for (const id of this.touched) this.ofId[id] = 0
    this.touched.length = 0
  }

  private assign (id: number, slot: number, exact: boolean): void {
    const entry = { slot, exact }
    const term = this.library.termList[id]
    if (term !== undefined) this.byTerm.set(term, entry)
    this.ofId[id] = exact ? slot + 1 : -(slot + 1)
    this.touched.push(id)
  }
}

function mark (entry: { slot: number, exact: boolean }, held: Held): void {
  if (entry.exact) held.exact |= 1 << entry.slot
  else held.variant |= 1 << entry.slot
}

const scratch = new WeakMap<Library, Int32Array>()
function scratchFor (library: Library): Int32Array {
  let array = scratch.get(library)
  if (array === undefined) {
    array = new Int32Array(library.termList.length)
    scratch.set(library, array)
  }
  return array
}

/** Whether an article is the source asked for: its id, or its outlet named in any case. */
function sourceFilter (library: Library, source: string | null): (article: Article) => boolean {
  if (source === null) return () => true
  if (library.articles.has(source)) return article => article.id === source
  const outlet = source.trim().toLowerCase()
  return article => article.outlet?.toLowerCase() === outlet
}

function withinDates (date: string, request: TimelineRequest): boolean {
  return (request.since === null || date >= request.since) && (request.until === null || date <= request.until)
}

/**
 * Finds every article on a topic. As for /ask, the topic's words are
 * weighted by rarity (names weigh more) and searched with MiniSearch,
 * misspelled names matched fuzzily; unlike /ask, no article is dropped for
 * ranking below others. An article is on the topic when one passage, read
 * with the article's title, holds `minCoverage` of the topic's weight, and
 * that happens in the title or lead, or in `minLaterPassages` passages.
 * Each match brings the one sentence that matches best, verbatim.
 */
export function matchTopic (library: Library, topic: string, partialRequest: Partial<TimelineRequest> = {}, partialOptions: Partial<TimelineOptions> = {}): TopicMatches {
  const request = mergeTimelineRequest(partialRequest)
  const options = mergeTimelineOptions(partialOptions)
  // Each topic word is one bit of a 32-bit mask.
  const searched = analyseQuestion(library, topic, Math.min(options.maxTopicTerms, MAX_TOPIC_BITS)).terms
  const terms: TopicTerm[] = searched.map(({ term, weight, known }) => ({ term, weight, known }))
  const none = (reason: TopicNoMatchReason, undatedLeftOut = 0): TopicMatches => ({ topic, request, terms, matches: [], undatedLeftOut, reason })
  if (terms.length === 0) return none('no-terms')

  const isSource = sourceFilter(library, request.source)
  const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0)
  const threshold = options.minCoverage * totalWeight - 1e-9
  const dateRange = request.since !== null || request.until !== null
  const weigh = (held: Held): number => {
    let sum = 0
    terms.forEach((t, slot) => {
      const bit = 1 << slot
      if ((held.exact & bit) !== 0) sum += t.weight
      else if ((held.variant & bit) !== 0) sum += t.weight * VARIANT_FACTOR
    })
    return sum
  }

  const slots = new TermSlots(library, searched)
  const found: Array<{ ordinal: number, match: TopicMatch }> = []
  let undatedLeftOut = 0
  try {
    for (const [ordinal, { whole, title }] of candidateArticles(library, searched, slots)) {
      const article = library.articles.get(library.articleOrder[ordinal] ?? '')
      if (article === undefined || !isSource(article) || (article.date !== null && !withinDates(article.date, request))) continue
      // The article as a whole must hold enough of the topic before its passages are read.
      if (weigh(whole) < threshold) continue
      const passages = scanPassages(library, ordinal, slots)
      const inTitle = weigh(title) >= threshold
      let inLead = inTitle
      let matchingPassages = 0
      let bestCoverage = 0
      passages.forEach((held, i) => {
        const withTitle = weigh({ exact: held.exact | title.exact, variant: held.variant | title.variant })
        if (withTitle < threshold) return
        matchingPassages += 1
        if (i < options.leadPassages) inLead = true
        bestCoverage = Math.max(bestCoverage, withTitle)
      })
      if (matchingPassages === 0 || (!inLead && matchingPassages < options.minLaterPassages)) continue
      if (article.date === null && dateRange) {
        undatedLeftOut += 1
        continue
      }
      const excerpt = bestSentence(library, ordinal, passages.map(weigh), slots, terms, weigh, options.maxExcerptChars)
      found.push({
        ordinal,
        match: {
          articleId: article.id,
          passageId: excerpt.passageId,
          excerpt: excerpt.text,
          highlights: excerpt.highlights,
          coverage: Math.round(bestCoverage / totalWeight * 1000) / 1000,
          inTitle,
          matchingPassages,
        },
      })
    }
  } finally {
    slots.release()
  }
  const matches = found.sort((a, b) => a.ordinal - b.ordinal).map(f => f.match)
  if (matches.length > 0) return { topic, request, terms, matches, undatedLeftOut, reason: null }
  return none(request.source !== null || dateRange ? 'filtered' : 'no-match', undatedLeftOut)
}

/**
 * The articles holding any of the topic's words (or near spellings), with
 * what each holds of the topic in its title and in all: read from the
 * postings, so every article on the topic is found, however many.
 */
function candidateArticles (library: Library, terms: readonly QueryTerm[], slots: TermSlots): Map<number, { whole: Held, title: Held }> {
  const { postings } = library
  const candidates = new Map<number, { whole: Held, title: Held }>()
  const at = (ordinal: number): { whole: Held, title: Held } => {
    let entry = candidates.get(ordinal)
    if (entry === undefined) {
      entry = { whole: { exact: 0, variant: 0 }, title: { exact: 0, variant: 0 } }
      candidates.set(ordinal, entry)
    }
    return entry
  }
  for (const term of terms) {
    for (const { id } of term.ids) {
      const entry = slots.entryOf(id)
      if (entry === null) continue
      for (let i = postings.articleFrom[id] ?? 0; i < (postings.articleFrom[id + 1] ?? 0); i += 1) mark(entry, at(postings.articleIds[i] ?? 0).whole)
      for (let i = postings.titleFrom[id] ?? 0; i < (postings.titleFrom[id + 1] ?? 0); i += 1) {
        const { whole, title } = at(postings.titleArticles[i] ?? 0)
        mark(entry, whole)
        mark(entry, title)
      }
    }
  }
  return candidates
}

/** What each passage of an article holds of the topic, read from its term ids. */
function scanPassages (library: Library, ordinal: number, slots: TermSlots): Held[] {
  const first = library.passageStart[ordinal] ?? 0
  const last = library.passageStart[ordinal + 1] ?? first
  const { ofId } = slots
  const { termIds, termStart } = library
  const held: Held[] = []
  for (let p = first; p < last; p += 1) {
    let exact = 0
    let variant = 0
    const to = termStart[p + 1] ?? 0
    for (let i = termStart[p] ?? 0; i < to; i += 1) {
      const slot = ofId[termIds[i] ?? 0] ?? 0
      if (slot > 0) exact |= 1 << (slot - 1)
      else if (slot < 0) variant |= 1 << (-slot - 1)
    }
    held.push({ exact, variant })
  }
  return held
}

interface Excerpt { passageId: number, text: string, highlights: Array<[number, number]> }

/**
 * The one sentence that matches the topic best: the most of the topic's
 * weight, the earliest on a tie. Passages are read best first, and reading
 * stops once no passage left could hold a better sentence, so on a large
 * archive most articles have one passage segmented. An article that names
 * the topic only in its title (or headings) is quoted from its lead.
 */
function bestSentence (library: Library, ordinal: number, passageWeights: number[], slots: TermSlots, terms: readonly TopicTerm[], weigh: (held: Held) => number, maxChars: number): Excerpt {
  const first = library.passageStart[ordinal] ?? 0
  const order = passageWeights.map((weight, i) => ({ i, weight })).sort((a, b) => b.weight - a.weight || a.i - b.i)
  let best: { passage: number, i: number, start: number, end: number, score: number, matched: Set<string> } | null = null
  for (const { i, weight } of order) {
    // A sentence holds no more than its passage: a weaker passage cannot beat what was found.
    if (best !== null && (weight < best.score || (weight === best.score && i > best.i))) break
    const passage = library.passages[first + i]
    if (passage === undefined) continue
    const sentences = sentenceSpans(passage.text)
    if (sentences.length === 0) sentences.push({ start: 0, end: passage.text.length })
    for (const sentence of sentences) {
      const held: Held = { exact: 0, variant: 0 }
      const matched = new Set<string>()
      // analyze reads a sentence in one pass; word positions are found later, for the chosen sentence only.
      for (const term of analyze(passage.text.slice(sentence.start, sentence.end))) {
        if (slots.mark(term, held)) matched.add(term)
      }
      const score = weigh(held)
      if (best === null || score > best.score || (score === best.score && i < best.i)) best = { passage: first + i, i, start: sentence.start, end: sentence.end, score, matched }
      // Nothing later in this passage can beat a sentence holding all the passage holds.
      if (score >= weight) break
    }
  }
  const passage = library.passages[best?.passage ?? first]
  if (best === null || passage === undefined) return { passageId: first, text: '', highlights: [] }
  const sentence = passage.text.slice(best.start, best.end)
  const { matched } = best
  // Most sentences fit whole; only an over-long one is cut around its match.
  if (sentence.length <= maxChars) {
    return { passageId: passage.id, text: sentence, highlights: termSpans(sentence).filter(span => matched.has(span.term)).map(span => [span.start, span.end]) }
  }
  const text = trimAroundMatch(sentence, matched, maxChars)
  return { passageId: passage.id, text, highlights: highlightsIn(text, matched) }
}
