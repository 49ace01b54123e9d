import { createHash } from 'node:crypto'
import SearchableMap from 'minisearch/SearchableMap'
import { defaultRankingOptions, mergeRankingOptions, type RankingOptions } from './options.js'
import { defaultPassageOptions, splitIntoPassages, type PassageOptions } from './passages.js'
import { epochDay } from './dates.js'
import { analyze } from './text.js'
import type { Article, Passage } from './types.js'

export interface IndexOptions {
  passages: PassageOptions
  /** How questions to this index are answered; see RankingOptions. */
  ranking: RankingOptions
}

export const defaultIndexOptions: IndexOptions = {
  passages: defaultPassageOptions,
  ranking: defaultRankingOptions,
}

/** Index options as callers give them: any part, nested parts partly. */
export interface IndexOptionsInput {
  passages?: Partial<PassageOptions> | undefined
  ranking?: Partial<RankingOptions> | undefined
}

/**
 * The searchable form of a body of coverage.
 *
 * Every passage's analysed terms are kept in text order in one flat array
 * (the forward index: what a passage says, and where), and inverted into
 * postings (for each term, the passages holding it and how often), so a
 * question is scored against every passage of the archive by reading only the
 * postings of its own terms. Articles are scored from the same postings, their
 * passages' counts summed, with their titles indexed apart.
 *
 * Collection statistics (document frequencies, lengths, totals) are counts
 * that one more article only adds to; the postings are derived from the
 * forward index (rebuilt in well under a second, never stored).
 */
export interface Library {
  readonly articles: ReadonlyMap<string, Article>
  /** Article ids by ordinal, the order they were loaded in. */
  readonly articleOrder: readonly string[]
  /** Each article's publication day (days since 1970), NaN when undated; for recency arithmetic. */
  readonly articleDay: Float64Array
  /** Each article's passages are passages[passageStart[ordinal] .. passageStart[ordinal + 1]). */
  readonly passageStart: Uint32Array
  /** The ordinal of each passage's article. */
  readonly passageArticle: Uint32Array
  readonly passages: readonly Passage[]
  /** Term ids of passage i (its heading, then its text) are termIds[termStart[i] .. termStart[i + 1]), in text order. */
  readonly termStart: Uint32Array
  readonly termIds: Uint32Array
  /** Term ids of article i's title are titleIds[titleStart[i] .. titleStart[i + 1]). */
  readonly titleStart: Uint32Array
  readonly titleIds: Uint32Array
  /** Analysed term → term id. */
  readonly vocabulary: ReadonlyMap<string, number>
  /** Term id → analysed term. */
  readonly termList: readonly string[]
  /** Number of passages each term id occurs in. */
  readonly passageFrequency: Uint32Array
  /** Number of articles each term id occurs in, title or text. */
  readonly articleFrequency: Uint32Array
  readonly postings: Postings
  /** Hash of each article's content, to report what a reindex changed. */
  readonly articleHashes: ReadonlyMap<string, string>
  readonly options: IndexOptions
}

/**
 * Postings of the passages' and titles' terms. The passages holding term t are
 * passageIds[passageFrom[t] .. passageFrom[t + 1]), ascending, with how often
 * it occurs in each in counts; the articles whose title holds it are
 * titleArticles[titleFrom[t] .. titleFrom[t + 1]).
 */
export interface Postings {
  readonly passageFrom: Uint32Array
  readonly passageIds: Uint32Array
  readonly counts: Uint16Array
  /** The same for articles' text: articleIds[articleFrom[t] .. articleFrom[t + 1]), with articleCounts. */
  readonly articleFrom: Uint32Array
  readonly articleIds: Uint32Array
  readonly articleCounts: Uint16Array
  readonly titleFrom: Uint32Array
  readonly titleArticles: Uint32Array
}

export function mergeIndexOptions (options: IndexOptionsInput = {}): IndexOptions {
  return {
    passages: { ...defaultIndexOptions.passages, ...options.passages },
    ranking: mergeRankingOptions(options.ranking),
  }
}

export function hashArticle (article: Article): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([article.title, article.date, article.time, article.dateSource, article.outlet, article.url]))
  for (const paragraph of article.paragraphs) hash.update(`\n${paragraph.heading ?? ''}\u0000${paragraph.text}`)
  return hash.digest('hex').slice(0, 16)
}

/** A growable Uint32Array: the term ids of a large archive number in the millions. */
class Uint32Builder {
  private data = new Uint32Array(1024)
  length = 0

  push (value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = value
  }

  increment (index: number): void {
    this.data[index] = (this.data[index] ?? 0) + 1
  }

  get (index: number): number {
    return this.data[index] ?? 0
  }

  set (index: number, value: number): void {
    this.data[index] = value
  }

  finish (): Uint32Array {
    return this.data.slice(0, this.length)
  }
}

/**
 * Inverts a forward index (units' term ids, unit u at ids[start[u] .. start[u + 1]))
 * into postings: for each term, the units holding it, ascending, and how often.
 */
function invert (start: Uint32Array, ids: Uint32Array, vocabularySize: number): { from: Uint32Array, units: Uint32Array, counts: Uint16Array } {
  const units = start.length - 1
  const frequency = new Uint32Array(vocabularySize)
  const last = new Int32Array(vocabularySize).fill(-1)
  for (let u = 0; u < units; u += 1) {
    for (let i = start[u] ?? 0; i < (start[u + 1] ?? 0); i += 1) {
      const t = ids[i] ?? 0
      if (last[t] !== u) { last[t] = u; frequency[t] = (frequency[t] ?? 0) + 1 }
    }
  }
  const from = new Uint32Array(vocabularySize + 1)
  for (let t = 0; t < vocabularySize; t += 1) from[t + 1] = (from[t] ?? 0) + (frequency[t] ?? 0)
  const cursor = from.slice(0, vocabularySize)
  const slot = new Uint32Array(vocabularySize)
  const unitIds = new Uint32Array(from[vocabularySize] ?? 0)
  const counts = new Uint16Array(unitIds.length)
  last.fill(-1)
  for (let u = 0; u < units; u += 1) {
    for (let i = start[u] ?? 0; i < (start[u + 1] ?? 0); i += 1) {
      const t = ids[i] ?? 0
      if (last[t] !== u) {
        last[t] = u
        const s = cursor[t] ?? 0
        cursor[t] = s + 1
        slot[t] = s
        unitIds[s] = u
        counts[s] = 1
      } else {
        const s = slot[t] ?? 0
        if ((counts[s] ?? 0) < 0xffff) counts[s] = (counts[s] ?? 0) + 1
      }
    }
  }
  return { from, units: unitIds, counts }
}

/** Postings for the passages', articles' and titles' forward indexes. */
export function buildPostings (library: Pick<Library, 'passageStart' | 'termStart' | 'termIds' | 'titleStart' | 'titleIds' | 'termList'>): Postings {
  const { passageStart, termStart, termIds, titleStart, titleIds } = library
  const vocabularySize = library.termList.length
  const passages = invert(termStart, termIds, vocabularySize)
  // An article's text is its passages' terms, one run from its first passage to its last.
  const articleStart = Uint32Array.from(passageStart, first => termStart[first] ?? 0)
  const articles = invert(articleStart, termIds, vocabularySize)
  const titles = invert(titleStart, titleIds, vocabularySize)
  return {
    passageFrom: passages.from,
    passageIds: passages.units,
    counts: passages.counts,
    articleFrom: articles.from,
    articleIds: articles.units,
    articleCounts: articles.counts,
    titleFrom: titles.from,
    titleArticles: titles.units,
  }
}

/** The ordinal of each passage's article, from where each article's passages start. */
export function passageArticles (passageStart: Uint32Array): Uint32Array {
  const articleCount = passageStart.length - 1
  const owner = new Uint32Array(passageStart[articleCount] ?? 0)
  for (let a = 0; a < articleCount; a += 1) owner.fill(a, passageStart[a] ?? 0, passageStart[a + 1] ?? 0)
  return owner
}

/** Builds a library from parsed articles, whose ids must be unique. */
export function buildLibrary (articles: Iterable<Article>, partialOptions: IndexOptionsInput = {}): Library {
  const options = mergeIndexOptions(partialOptions)
  const articleMap = new Map<string, Article>()
  const articleOrder: string[] = []
  const articleHashes = new Map<string, string>()
  const articleDays: number[] = []
  const passages: Passage[] = []
  const passageStart = new Uint32Builder()
  const termStart = new Uint32Builder()
  const termIds = new Uint32Builder()
  const titleStart = new Uint32Builder()
  const titleIds = new Uint32Builder()
  const vocabulary = new Map<string, number>()
  const passageFrequency = new Uint32Builder()
  const articleFrequency = new Uint32Builder()
  const termList: string[] = []
  // Per term id, the last passage and article (numbered from 1) it was counted in:
  // cheaper than a set per passage when there are millions of words.
  const lastPassage = new Uint32Builder()
  const lastArticle = new Uint32Builder()

  const termId = (term: string): number => {
    let id = vocabulary.get(term)
    if (id === undefined) {
      id = termList.length
      vocabulary.set(term, id)
      termList.push(term)
      passageFrequency.push(0)
      articleFrequency.push(0)
      lastPassage.push(0)
      lastArticle.push(0)
    }
    return id
  }
  const countInArticle = (id: number, ordinal: number): void => {
    if (lastArticle.get(id) === ordinal + 1) return
    lastArticle.set(id, ordinal + 1)
    articleFrequency.increment(id)
  }

  for (const article of articles) {
    if (articleMap.has(article.id)) throw new Error(`Dateline library: duplicate article id "${article.id}"`)
    const ordinal = articleOrder.length
    articleMap.set(article.id, article)
    articleOrder.push(article.id)
    articleHashes.set(article.id, hashArticle(article))
    passageStart.push(passages.length)
    articleDays.push(article.date === null ? Number.NaN : epochDay(article.date) ?? Number.NaN)
    titleStart.push(titleIds.length)
    for (const term of analyze(article.title)) {
      const id = termId(term)
      titleIds.push(id)
      countInArticle(id, ordinal)
    }
    for (const passage of splitIntoPassages(article, passages.length, options.passages)) {
      passages.push(passage)
      termStart.push(termIds.length)
      // A heading belongs to every passage under it, so it is scored as part of each.
      const text = passage.heading === null ? passage.text : `${passage.heading}\n${passage.text}`
      for (const term of analyze(text)) {
        const id = termId(term)
        termIds.push(id)
        if (lastPassage.get(id) !== passages.length) {
          lastPassage.set(id, passages.length)
          passageFrequency.increment(id)
        }
        countInArticle(id, ordinal)
      }
    }
  }
  passageStart.push(passages.length)
  termStart.push(termIds.length)
  titleStart.push(titleIds.length)

  const forward = { passageStart: passageStart.finish(), termStart: termStart.finish(), termIds: termIds.finish(), titleStart: titleStart.finish(), titleIds: titleIds.finish(), termList }
  const library: Library = {
    articles: articleMap,
    articleOrder,
    articleDay: Float64Array.from(articleDays),
    ...forward,
    passageArticle: passageArticles(forward.passageStart),
    passages,
    vocabulary,
    passageFrequency: passageFrequency.finish(),
    articleFrequency: articleFrequency.finish(),
    postings: buildPostings(forward),
    articleHashes,
    options,
  }
  // Built now rather than on the first question with an unknown word, which would wait for it.
  termTree(library)
  return library
}

/** Collection sizes and average lengths, in analysed terms, for BM25's length normalisation. */
export interface CollectionStatistics {
  passages: number
  articles: number
  averagePassageTerms: number
  averageArticleTerms: number
  averageTitleTerms: number
}

export function collectionStatistics (library: Library): CollectionStatistics {
  const passages = library.passages.length
  const articles = library.articleOrder.length
  return {
    passages,
    articles,
    averagePassageTerms: passages === 0 ? 0 : library.termIds.length / passages,
    averageArticleTerms: articles === 0 ? 0 : library.termIds.length / articles,
    averageTitleTerms: articles === 0 ? 0 : library.titleIds.length / articles,
  }
}

const termTrees = new WeakMap<Library, SearchableMap<number>>()

/**
 * The vocabulary as a radix tree, for the fuzzy and prefix lookups of words
 * the coverage does not use ("Jaishenkar" → jaishankar, "chairs" → chairman).
 * Built on first use: most questions never need it.
 */
export function termTree (library: Library): SearchableMap<number> {
  let tree = termTrees.get(library)
  if (tree === undefined) {
    tree = new SearchableMap<number>()
    library.termList.forEach((term, id) => tree?.set(term, id))
    termTrees.set(library, tree)
  }
  return tree
}
