import { createHash } from 'node:crypto'
import MiniSearch, { type Options } from 'minisearch'
import { defaultRankingOptions, mergeRankingOptions, type RankingOptions } from './options.js'
import { defaultPassageOptions, splitIntoPassages, type PassageOptions } from './passages.js'
import { epochDay } from './dates.js'
import { analyze } from './text.js'
import type { Article, Passage } from './types.js'

export interface IndexOptions {
  /** How much a match in an article's title counts against one in its text. Default 6. */
  titleBoost: number
  passages: PassageOptions
  /** How questions to this index are answered; see RankingOptions. */
  ranking: RankingOptions
}

export const defaultIndexOptions: IndexOptions = {
  titleBoost: 6,
  passages: defaultPassageOptions,
  ranking: defaultRankingOptions,
}

/** Index options as callers give them: any part, nested parts partly. */
export type IndexOptionsInput = Partial<Omit<IndexOptions, 'passages' | 'ranking'>> & {
  passages?: Partial<PassageOptions> | undefined
  ranking?: Partial<RankingOptions> | undefined
}

/** What MiniSearch indexes per article: already analysed terms joined by spaces. */
export interface IndexedArticle { id: number, title: string, text: string }

export const INDEX_FIELDS = ['title', 'text'] as const

/**
 * The searchable form of a body of coverage.
 *
 * Search runs in two stages. MiniSearch finds the articles that best match a
 * question (title boosted, fuzzy and prefix matching for words the coverage
 * does not use); then the passages of those articles are scored from their
 * term ids, kept in one flat array. Indexing articles rather than passages
 * keeps the inverted index about twenty times smaller, and so fast on large
 * archives, while passages stay precise enough to cite.
 */
export interface Library {
  readonly articles: ReadonlyMap<string, Article>
  /** Article ids by ordinal, the order they were loaded in; MiniSearch ids are these ordinals. */
  readonly articleOrder: readonly string[]
  /** Each article's publication day (days since 1970), NaN when undated; for recency arithmetic. */
  readonly articleDay: Float64Array
  /** Each article's passages are passages[passageStart[ordinal] .. passageStart[ordinal + 1]). */
  readonly passageStart: Uint32Array
  readonly passages: readonly Passage[]
  /** Term ids of passage i are termIds[termStart[i] .. termStart[i + 1]), in text order. */
  readonly termStart: Uint32Array
  readonly termIds: Uint32Array
  /** Analysed term → term id. */
  readonly vocabulary: ReadonlyMap<string, number>
  /** Term id → analysed term. */
  readonly termList: readonly string[]
  /** Number of passages each term id occurs in. */
  readonly passageFrequency: Uint32Array
  readonly averagePassageTerms: number
  readonly index: MiniSearch<IndexedArticle>
  /** Hash of each article's content, to report what a reindex changed. */
  readonly articleHashes: ReadonlyMap<string, string>
  readonly options: IndexOptions
}

export function mergeIndexOptions (options: IndexOptionsInput = {}): IndexOptions {
  return {
    titleBoost: options.titleBoost ?? defaultIndexOptions.titleBoost,
    passages: { ...defaultIndexOptions.passages, ...options.passages },
    ranking: mergeRankingOptions(options.ranking),
  }
}

// Fields arrive pre-analysed, so MiniSearch only has to split on spaces.
const splitTerms = (text: string): string[] => text.length === 0 ? [] : text.split(' ')
const keepTerm = (term: string): string => term

/** MiniSearch's options for the article index; loading a saved index needs the same ones. */
export function articleIndexOptions (options: IndexOptions): Options<IndexedArticle> {
  return {
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize: splitTerms,
    processTerm: keepTerm,
    searchOptions: {
      tokenize: splitTerms,
      processTerm: keepTerm,
      boost: { title: options.titleBoost, text: 1 },
    },
  }
}

export function createArticleIndex (options: IndexOptions): MiniSearch<IndexedArticle> {
  return new MiniSearch<IndexedArticle>(articleIndexOptions(options))
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

/** Builds a library from parsed articles, whose ids must be unique. */
export function buildLibrary (articles: Iterable<Article>, partialOptions: IndexOptionsInput = {}): Library {
  const options = mergeIndexOptions(partialOptions)
  const index = createArticleIndex(options)
  const articleMap = new Map<string, Article>()
  const articleOrder: string[] = []
  const articleHashes = new Map<string, string>()
  const articleDays: number[] = []
  const passages: Passage[] = []
  const passageStart = new Uint32Builder()
  const termStart = new Uint32Builder()
  const termIds = new Uint32Builder()
  const vocabulary = new Map<string, number>()
  const frequency = new Uint32Builder()
  const termList: string[] = []
  const batch: IndexedArticle[] = []
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
      frequency.push(0)
      lastPassage.push(0)
      lastArticle.push(0)
    }
    return id
  }

  for (const article of articles) {
    if (articleMap.has(article.id)) throw new Error(`Dateline library: duplicate article id "${article.id}"`)
    const ordinal = articleOrder.length
    articleMap.set(article.id, article)
    articleOrder.push(article.id)
    articleHashes.set(article.id, hashArticle(article))
    passageStart.push(passages.length)
    articleDays.push(article.date === null ? Number.NaN : epochDay(article.date) ?? Number.NaN)
    // MiniSearch gets each of the article's terms once: its cost grows with every
    // occurrence added, and how often a term recurs is scored per passage anyway.
    const articleTerms: string[] = []
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
          frequency.increment(id)
        }
        if (lastArticle.get(id) !== ordinal + 1) {
          lastArticle.set(id, ordinal + 1)
          articleTerms.push(term)
        }
      }
    }
    batch.push({ id: ordinal, title: analyze(article.title).join(' '), text: articleTerms.join(' ') })
    if (batch.length >= 256) index.addAll(batch.splice(0))
  }
  index.addAll(batch)
  passageStart.push(passages.length)
  termStart.push(termIds.length)

  return {
    articles: articleMap,
    articleOrder,
    articleDay: Float64Array.from(articleDays),
    passageStart: passageStart.finish(),
    passages,
    termStart: termStart.finish(),
    termIds: termIds.finish(),
    vocabulary,
    termList,
    passageFrequency: frequency.finish(),
    averagePassageTerms: passages.length === 0 ? 0 : termIds.length / passages.length,
    index,
    articleHashes,
    options,
  }
}
