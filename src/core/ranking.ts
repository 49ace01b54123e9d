import { epochDay } from './dates.js'
import { collectionStatistics, type Library } from './library.js'
import type { AskOptions } from './options.js'
import { inverseFrequency, type Question } from './question.js'
import type { Article } from './types.js'

/**
 * Article and passage ranking: BM25 over the postings of the question's
 * terms. An article is scored as a whole (BM25F: its title and its text, each
 * normalised for length); a passage on its own words, with its article's
 * title counting as context, then weighed by how well its article matches.
 */

export interface RankedArticle {
  ordinal: number
  score: number
  /** Bit i set: the article (title or text) holds question term i. */
  mask: number
}

export interface RankedPassage {
  /** Passage id. */
  id: number
  ordinal: number
  /** The product of what follows: how the first stage ranks passages. */
  score: number
  /** BM25 of the passage's own words, plus its article title's share. */
  match: number
  /** The article's BM25F score relative to the best article's, from 0 to 1. */
  article: number
  /** The recency boost of the article, 1 when no date is asked about. */
  recency: number
  /** Position of the passage in its article, from 0. */
  position: number
  /** Bit i set: the passage holds question term i. */
  mask: number
  /** Bit i set: the passage's article title holds question term i. */
  titleMask: number
  /** Share of the question's weight the passage and its title match. */
  coverage: number
}

export interface Ranking {
  articles: RankedArticle[]
  /** The best passages, best first, at most `options.candidates`. */
  passages: RankedPassage[]
}

/** The boost for coverage published `asOfDay - day` days before the question's date. */
export function recencyFactor (day: number, asOfDay: number | null, options: AskOptions): number {
  if (asOfDay === null || Number.isNaN(day)) return 1
  const age = Math.max(0, asOfDay - day)
  return 1 + options.recencyBoost * Math.pow(0.5, age / options.recencyHalfLifeDays)
}

/**
 * The boost for an undated article the question reaches: the mean boost of the
 * dated ones it reaches. Its age is unknown, so it is taken as typical of the
 * coverage around it rather than as the oldest, which would sink an undated
 * overview under every dated report that says less.
 */
function undatedRecency (touched: readonly number[], articleDay: Float64Array, asOfDay: number | null, options: AskOptions): number {
  let dated = 0
  let sum = 0
  for (const ordinal of touched) {
    const day = articleDay[ordinal] ?? Number.NaN
    if (Number.isNaN(day)) continue
    dated += 1
    sum += recencyFactor(day, asOfDay, options)
  }
  return dated > 0 ? sum / dated : 1
}

export function withinFilters (article: Article, options: AskOptions): boolean {
  if (options.source !== null && article.id !== options.source) return false
  if (article.date === null) {
    // Undated coverage cannot be shown to fall inside a range the asker set;
    // answering "as of" a date only prefers what is recent, it does not drop what is undated.
    return options.since === null && options.until === null
  }
  if (options.since !== null && article.date < options.since) return false
  if (options.until !== null && article.date > options.until) return false
  if (options.asOf !== null && article.date > options.asOf) return false
  return true
}

/** Weight of the question terms whose bits are set. */
export function maskWeight (question: Question, mask: number): number {
  let weight = 0
  question.terms.forEach((t, slot) => { if ((mask & (1 << slot)) !== 0) weight += t.weight })
  return weight
}

/**
 * Buffers reused across questions: a question touches a small part of them,
 * and only that part is reset. One set serves every library of the thread,
 * with room to spare, so an ingest's appended library (a new object each
 * time) reuses them instead of allocating 5 MB of arrays on the RealTimeQA
 * archive: that garbage, outside V8's heap, set off a full collection every
 * few ingests, and the questions asked meanwhile took five times as long.
 */
interface Scratch {
  passageScore: Float64Array
  /** A passage's own match, before its article's strength and position weigh in. */
  passageMatch: Float64Array
  passageMask: Uint32Array
  /** Each passage's BM25 length normalisation, k1 (1 - b + b length / average), for `normsOf`. */
  passageNorm: Float32Array
  /** Each article's text and title length normalisations (1 - b + b length / average), for `normsOf`. */
  articleNorm: Float64Array
  titleNorm: Float64Array
  articleMask: Uint32Array
  titleMask: Uint32Array
  /** 1 once a question's term reached the article. */
  articleTouched: Uint8Array
  /** 1 allowed by the request's filters, -1 not, 0 not yet known. */
  verdict: Int8Array
  /** One question term's frequency in each article (title weighted), summed over its variants, before saturation. */
  termFrequency: Float64Array
  articleScore: Float64Array
  /** What pseudo-relevance feedback's added words score in an article, before recency. */
  articleExpansion: Float64Array
  /** What an article's match and recency multiply its passages' scores by. */
  articleFactor: Float64Array
  /** The article's recency boost for the question asked. */
  articleRecency: Float64Array
  /** The library and length options the norms were worked out for. */
  normsOf: { library: WeakRef<Library>, k1: number, passageB: number, articleB: number } | null
}

/** Room a scratch leaves beyond the library it is made for, for the articles ingests append. */
const SCRATCH_ROOM = 1.25

let shared: Scratch | null = null

function allocateScratch (passages: number, articles: number): Scratch {
  return {
    passageScore: new Float64Array(passages),
    passageMatch: new Float64Array(passages),
    passageMask: new Uint32Array(passages),
    passageNorm: new Float32Array(passages),
    articleNorm: new Float64Array(articles),
    titleNorm: new Float64Array(articles),
    articleMask: new Uint32Array(articles),
    titleMask: new Uint32Array(articles),
    articleTouched: new Uint8Array(articles),
    verdict: new Int8Array(articles),
    termFrequency: new Float64Array(articles),
    articleScore: new Float64Array(articles),
    articleExpansion: new Float64Array(articles),
    articleFactor: new Float64Array(articles),
    articleRecency: new Float64Array(articles),
    normsOf: null,
  }
}

function writeNorms (scratch: Scratch, library: Library, options: AskOptions): void {
  const passages = library.passages.length
  const articles = library.articleOrder.length
  const stats = collectionStatistics(library)
  const average = Math.max(1, stats.averagePassageTerms)
  const { passageNorm, articleNorm, titleNorm } = scratch
  for (let p = 0; p < passages; p += 1) {
    const length = (library.termStart[p + 1] ?? 0) - (library.termStart[p] ?? 0)
    passageNorm[p] = options.k1 * (1 - options.passageB + options.passageB * length / average)
  }
  const averageArticle = Math.max(1, stats.averageArticleTerms)
  const averageTitle = Math.max(1, stats.averageTitleTerms)
  for (let a = 0; a < articles; a += 1) {
    const first = library.passageStart[a] ?? 0
    const length = (library.termStart[library.passageStart[a + 1] ?? first] ?? 0) - (library.termStart[first] ?? 0)
    articleNorm[a] = 1 - options.articleB + options.articleB * length / averageArticle
    titleNorm[a] = 0.5 + 0.5 * ((library.titleStart[a + 1] ?? 0) - (library.titleStart[a] ?? 0)) / averageTitle
  }
  scratch.normsOf = { library: new WeakRef(library), k1: options.k1, passageB: options.passageB, articleB: options.articleB }
}

/**
 * The thread's scratch, large enough for this library and with its norms.
 * Ranking is synchronous and leaves the buffers as it found them, so
 * libraries can share them; the norms are worked out again (a millisecond
 * on the RealTimeQA archive) only when the library or its length options change.
 */
function scratchFor (library: Library, options: AskOptions): Scratch {
  const passages = library.passages.length
  const articles = library.articleOrder.length
  if (shared === null || shared.passageScore.length < passages || shared.articleScore.length < articles) {
    shared = allocateScratch(Math.ceil(passages * SCRATCH_ROOM), Math.ceil(articles * SCRATCH_ROOM))
  }
  const norms = shared.normsOf
  if (norms === null || norms.library.deref() !== library || norms.k1 !== options.k1 || norms.passageB !== options.passageB || norms.articleB !== options.articleB) {
    writeNorms(shared, library, options)
  }
  return shared
}

/** The indexes of the `k` largest values, largest first (a bounded min-heap: touched passages number in the tens of thousands). */
function topK (indexes: readonly number[], value: (i: number) => number, k: number): number[] {
  const heap: number[] = []
  const less = (a: number, b: number): boolean => value(a) < value(b) || (value(a) === value(b) && a > b)
  const swap = (i: number, j: number): void => { const t = heap[i] ?? 0; heap[i] = heap[j] ?? 0; heap[j] = t }
  const down = (i: number): void => {
    while (true) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && less(heap[l] ?? 0, heap[m] ?? 0)) m = l
      if (r < heap.length && less(heap[r] ?? 0, heap[m] ?? 0)) m = r
      if (m === i) return
      swap(i, m)
      i = m
    }
  }
  for (const index of indexes) {
    if (heap.length < k) {
      heap.push(index)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!less(heap[i] ?? 0, heap[parent] ?? 0)) break
        swap(i, parent)
        i = parent
      }
    } else if (less(heap[0] ?? 0, index)) {
      heap[0] = index
      down(0)
    }
  }
  return heap.sort((a, b) => value(b) - value(a) || a - b)
}

/** The request's date bounds as days, or null when a bound cannot be read as a date (the slow path then decides). */
function dayBounds (options: AskOptions): { from: number, to: number } | null {
  const day = (date: string | null, none: number): number | null => date === null ? none : epochDay(date)
  const since = day(options.since, -Infinity)
  const until = day(options.until, Infinity)
  const asOf = day(options.asOf, Infinity)
  if (since === null || until === null || asOf === null) return null
  return { from: since, to: Math.min(until, asOf) }
}

/**
 * Expansion terms for pseudo-relevance feedback (RM3-like): each term of the
 * best `feedbackArticles` articles weighed by its share of each article's
 * words times that article's score relative to the best, times its rarity;
 * the question's own terms left out. The best `feedbackTerms`, their weights
 * summing to 1.
 */
export function feedbackTerms (library: Library, question: Question, candidates: readonly number[], score: (ordinal: number) => number, options: Pick<AskOptions, 'feedbackArticles' | 'feedbackTerms'>): Array<{ id: number, weight: number }> {
  const top = topK(candidates, score, options.feedbackArticles)
  const best = top.length === 0 ? 0 : score(top[0] ?? 0)
  if (best <= 0) return []
  const asked = new Set(question.terms.flatMap(t => t.ids.map(({ id }) => id)))
  const weights = new Map<number, number>()
  const seen = new Map<number, number>()
  const articles = library.articleOrder.length
  for (const ordinal of top) {
    const counts = new Map<number, number>()
    const count = (id: number): void => { if (!asked.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1) }
    const first = library.passageStart[ordinal] ?? 0
    const from = library.termStart[first] ?? 0
    const to = library.termStart[library.passageStart[ordinal + 1] ?? first] ?? from
    for (let i = from; i < to; i += 1) count(library.termIds[i] ?? 0)
    for (let i = library.titleStart[ordinal] ?? 0; i < (library.titleStart[ordinal + 1] ?? 0); i += 1) count(library.titleIds[i] ?? 0)
    const length = Math.max(1, to - from + (library.titleStart[ordinal + 1] ?? 0) - (library.titleStart[ordinal] ?? 0))
    const relevance = score(ordinal) / best
    for (const [id, n] of counts) {
      weights.set(id, (weights.get(id) ?? 0) + relevance * n / length)
      seen.set(id, (seen.get(id) ?? 0) + 1)
    }
  }
  const needed = Math.min(2, top.length)
  const scored = [...weights]
    .filter(([id]) => (seen.get(id) ?? 0) >= needed)
    .map(([id, w]) => ({ id, weight: w * inverseFrequency(articles, Math.max(1, library.articleFrequency[id] ?? 0)) }))
    .sort((a, b) => b.weight - a.weight || a.id - b.id)
    .slice(0, options.feedbackTerms)
  const total = scored.reduce((sum, t) => sum + t.weight, 0)
  return total <= 0 ? [] : scored.map(t => ({ id: t.id, weight: t.weight / total }))
}

/** Ranks the articles and passages that match the question within the request's filters. */
export function rankCoverage (library: Library, question: Question, options: AskOptions, asOfDay: number | null): Ranking {
  const { postings, passageArticle, articleDay } = library
  const slots = Math.min(question.terms.length, 32)
  const k1 = options.k1
  const { passageScore, passageMatch, passageMask, passageNorm, articleNorm, titleNorm, articleMask, titleMask, articleTouched, verdict, termFrequency, articleScore, articleExpansion, articleFactor, articleRecency } = scratchFor(library, options)
  const touchedPassages: number[] = []
  const touchedArticles: number[] = []
  const checkedArticles: number[] = []

  // Each article's filter verdict, worked out the first time a posting reaches it: from its
  // day when it is dated and no source is asked for, else from the article itself.
  const bounds = options.source === null ? dayBounds(options) : null
  const allowed = (ordinal: number): boolean => {
    const known = verdict[ordinal] ?? 0
    if (known !== 0) return known === 1
    const day = articleDay[ordinal] ?? Number.NaN
    let verdictNow: 1 | -1
    if (bounds !== null && !Number.isNaN(day)) {
      verdictNow = day >= bounds.from && day <= bounds.to ? 1 : -1
    } else {
      const article = library.articles.get(library.articleOrder[ordinal] ?? '')
      verdictNow = article !== undefined && withinFilters(article, options) ? 1 : -1
    }
    verdict[ordinal] = verdictNow
    checkedArticles.push(ordinal)
    return verdictNow === 1
  }

  // Articles: BM25F over title and text (each normalised for its length), rarity counted among
  // articles, one question term at a time (its variants' frequencies summed before saturation).
  const stats = collectionStatistics(library)
  const inTerm: number[] = []
  const scoreTerm = (ids: ReadonlyArray<{ id: number, share: number }>, stress: number, bit: number, into: Float64Array): void => {
    const touch = (ordinal: number): void => {
      if ((termFrequency[ordinal] ?? 0) === 0) inTerm.push(ordinal)
      if ((articleTouched[ordinal] ?? 0) === 0) { touchedArticles.push(ordinal); articleScore[ordinal] = 0; articleExpansion[ordinal] = 0; articleTouched[ordinal] = 1 }
      articleMask[ordinal] = (articleMask[ordinal] ?? 0) | bit
    }
    for (const { id, share } of ids) {
      const end = postings.articleFrom[id + 1] ?? 0
      for (let i = postings.articleFrom[id] ?? 0; i < end; i += 1) {
        const ordinal = postings.articleIds[i] ?? 0
        if (!allowed(ordinal)) continue
        touch(ordinal)
        termFrequency[ordinal] = (termFrequency[ordinal] ?? 0) + share * (postings.articleCounts[i] ?? 0) / (articleNorm[ordinal] ?? 1)
      }
      const titleEnd = postings.titleFrom[id + 1] ?? 0
      for (let i = postings.titleFrom[id] ?? 0; i < titleEnd; i += 1) {
        const ordinal = postings.titleArticles[i] ?? 0
        if (!allowed(ordinal)) continue
        touch(ordinal)
        termFrequency[ordinal] = (termFrequency[ordinal] ?? 0) + share * options.titleWeight / (titleNorm[ordinal] ?? 1)
        titleMask[ordinal] = (titleMask[ordinal] ?? 0) | bit
      }
    }
    const frequency = ids.reduce((most, { id }) => Math.max(most, library.articleFrequency[id] ?? 0), 0)
    const idf = stress * inverseFrequency(stats.articles, Math.max(frequency, 1))
    for (const ordinal of inTerm) {
      const f = termFrequency[ordinal] ?? 0
      into[ordinal] = (into[ordinal] ?? 0) + idf * f * (k1 + 1) / (f + k1)
      termFrequency[ordinal] = 0
    }
    inTerm.length = 0
  }
  for (let slot = 0; slot < slots; slot += 1) {
    const term = question.terms[slot]
    if (term === undefined) continue
    scoreTerm(term.ids, term.stress, 1 << slot, articleScore)
  }
  // Worked out when an undated article is first met: most coverage is dated throughout.
  let undated: number | null = null
  const recencyOf = (ordinal: number): number => {
    const day = articleDay[ordinal] ?? Number.NaN
    if (!Number.isNaN(day)) return recencyFactor(day, asOfDay, options)
    undated ??= undatedRecency(touchedArticles, articleDay, asOfDay, options)
    return undated
  }
  if (options.feedbackArticles > 0 && options.feedbackTerms > 0 && options.feedbackWeight > 0) {
    // Pseudo-relevance feedback: the words the best articles share, weighed like RM3, are searched
    // for too, at a small weight, for the articles listed only: they set no question bit, and a
    // passage's article strength stays its match to the question's own words.
    const expansion = feedbackTerms(library, question, touchedArticles, o => (articleScore[o] ?? 0) * recencyOf(o), options)
    const mass = options.feedbackWeight * question.terms.reduce((sum, t) => sum + t.stress, 0)
    for (const { id, weight } of expansion) scoreTerm([{ id, share: 1 }], mass * weight, 0, articleExpansion)
  }
  let bestArticle = 0
  for (const ordinal of touchedArticles) {
    const recency = recencyOf(ordinal)
    articleRecency[ordinal] = recency
    const score = (articleScore[ordinal] ?? 0) * recency
    articleScore[ordinal] = score
    if (score > bestArticle) bestArticle = score
  }
  for (const ordinal of touchedArticles) {
    articleFactor[ordinal] = Math.pow((articleScore[ordinal] ?? 0) / Math.max(bestArticle, Number.MIN_VALUE), options.articleWeight) * (articleRecency[ordinal] ?? 1)
  }
  const listed = (o: number): number => (articleScore[o] ?? 0) + (articleExpansion[o] ?? 0) * (articleRecency[o] ?? 1)
  const articles: RankedArticle[] = topK(touchedArticles, listed, options.maxArticles)
    .map(ordinal => ({ ordinal, score: listed(ordinal), mask: articleMask[ordinal] ?? 0 }))

  // Passages: BM25 over their own words, with rarity counted among passages.
  for (let slot = 0; slot < slots; slot += 1) {
    const term = question.terms[slot]
    if (term === undefined) continue
    const bit = 1 << slot
    for (const { id, share } of term.ids) {
      const weight = term.weight * share * (k1 + 1)
      const end = postings.passageFrom[id + 1] ?? 0
      for (let i = postings.passageFrom[id] ?? 0; i < end; i += 1) {
        const p = postings.passageIds[i] ?? 0
        if ((verdict[passageArticle[p] ?? 0] ?? 0) !== 1) continue
        const tf = postings.counts[i] ?? 0
        const mask = passageMask[p] ?? 0
        if (mask === 0) touchedPassages.push(p)
        passageScore[p] = (mask === 0 ? 0 : passageScore[p] ?? 0) + weight * tf / (tf + (passageNorm[p] ?? k1))
        passageMask[p] = mask | bit
      }
    }
  }

  // Then their article's title as context, how much of the question they cover, their article's strength and their place in it.
  const weights = question.terms.map(t => t.weight)
  const total = Math.max(question.totalWeight, Number.MIN_VALUE)
  const coverageOf = (mask: number): number => {
    let covered = 0
    for (let m = mask; m !== 0; m &= m - 1) covered += weights[31 - Math.clz32(m & -m)] ?? 0
    return covered / total
  }
  for (const p of touchedPassages) {
    const ordinal = passageArticle[p] ?? 0
    const own = passageMask[p] ?? 0
    const fromTitle = (titleMask[ordinal] ?? 0) & ~own
    let match = passageScore[p] ?? 0
    if (fromTitle !== 0) match += options.passageTitleWeight * coverageOf(fromTitle) * total
    const position = p - (library.passageStart[ordinal] ?? 0)
    passageScore[p] = match * coverageOf(own | fromTitle) * (articleFactor[ordinal] ?? 0) * (1 + options.leadBoost / (1 + position))
    passageMatch[p] = match
  }
  const passages: RankedPassage[] = topK(touchedPassages, p => passageScore[p] ?? 0, options.candidates).map(p => {
    const ordinal = passageArticle[p] ?? 0
    const mask = passageMask[p] ?? 0
    const title = titleMask[ordinal] ?? 0
    return {
      id: p,
      ordinal,
      score: passageScore[p] ?? 0,
      match: passageMatch[p] ?? 0,
      article: (articleScore[ordinal] ?? 0) / Math.max(bestArticle, Number.MIN_VALUE),
      recency: articleRecency[ordinal] ?? 1,
      position: p - (library.passageStart[ordinal] ?? 0),
      mask,
      titleMask: title,
      coverage: coverageOf(mask | title),
    }
  })

  // Leave the buffers as found: only what this question touched is reset.
  for (const p of touchedPassages) passageMask[p] = 0
  for (const ordinal of touchedArticles) { articleMask[ordinal] = 0; titleMask[ordinal] = 0; articleTouched[ordinal] = 0 }
  for (const ordinal of checkedArticles) verdict[ordinal] = 0
  return { articles, passages }
}
