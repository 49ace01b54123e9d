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

/**
 * Room left after the end of a library's arrays, so that appending an
 * article writes its term ids in place: copying millions of them per ingest
 * would stall the searches waiting behind it. About 1/8 more, which on a
 * large archive is room for hundreds of articles before one copy.
 */
export function appendHeadroom (length: number): number {
  return 1024 + Math.ceil(length / 8)
}

/** A growable Uint32Array: the term ids of a large archive number in the millions. */
class Uint32Builder {
  private data: Uint32Array
  length: number

  /**
   * Starts empty, or from `initial`: writing on in place when the buffer
   * behind it has room after its end (see finish), else in a copy.
   */
  constructor (initial?: Uint32Array) {
    this.length = initial?.length ?? 0
    if (initial === undefined) {
      this.data = new Uint32Array(1024)
      return
    }
    const room = (initial.buffer.byteLength - initial.byteOffset) / Uint32Array.BYTES_PER_ELEMENT
    if (room > initial.length) {
      this.data = new Uint32Array(initial.buffer, initial.byteOffset, room)
    } else {
      this.data = new Uint32Array(initial.length + appendHeadroom(initial.length))
      this.data.set(initial)
    }
  }

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

  /** The values, as a view with some room after it for a later append (appendHeadroom), never much more. */
  finish (): Uint32Array {
    const wanted = this.length + appendHeadroom(this.length)
    if (this.data.length > wanted + appendHeadroom(this.length)) {
      const trimmed = new Uint32Array(wanted)
      trimmed.set(this.data.subarray(0, this.length))
      this.data = trimmed
    }
    return this.data.subarray(0, this.length)
  }
}

/**
 * Indexes articles one at a time, into a new library or onto an existing
 * one: building an archive and appending an ingested article are the same
 * steps, so the two can never index an article differently.
 */
class LibraryBuilder {
  private readonly articles: Map<string, Article>
  private readonly articleOrder: string[]
  private readonly articleHashes: Map<string, string>
  private readonly articleDays: number[]
  private readonly passages: Passage[]
  private readonly passageStart: Uint32Builder
  private readonly termStart: Uint32Builder
  private readonly termIds: Uint32Builder
  private readonly vocabulary: Map<string, number>
  private readonly termList: string[]
  private readonly frequency: Uint32Builder
  private readonly batch: IndexedArticle[] = []
  // Per term id, the last passage and article (numbered from 1) it was counted in:
  // cheaper than a set per passage when there are millions of words. Both only
  // look at the article being added, so they start at zero for an existing library.
  private readonly lastPassage: Uint32Builder
  private readonly lastArticle: Uint32Builder

  /**
   * A builder that starts from `from` (taking over its index, maps and lists,
   * and copying its arrays), or from nothing.
   */
  constructor (readonly options: IndexOptions, private readonly index: MiniSearch<IndexedArticle>, from: Library | null) {
    this.articles = from === null ? new Map() : from.articles as Map<string, Article>
    this.articleOrder = from === null ? [] : from.articleOrder as string[]
    this.articleHashes = from === null ? new Map() : from.articleHashes as Map<string, string>
    this.articleDays = from === null ? [] : Array.from(from.articleDay)
    this.passages = from === null ? [] : from.passages as Passage[]
    // The closing entries (one past the last article and passage) are added back by finish().
    this.passageStart = new Uint32Builder(from === null ? undefined : from.passageStart.subarray(0, from.articleOrder.length))
    this.termStart = new Uint32Builder(from === null ? undefined : from.termStart.subarray(0, from.passages.length))
    this.termIds = new Uint32Builder(from?.termIds)
    this.vocabulary = from === null ? new Map() : from.vocabulary as Map<string, number>
    this.termList = from === null ? [] : from.termList as string[]
    this.frequency = new Uint32Builder(from?.passageFrequency)
    this.lastPassage = new Uint32Builder(new Uint32Array(this.termList.length))
    this.lastArticle = new Uint32Builder(new Uint32Array(this.termList.length))
  }

  private termId (term: string): number {
    let id = this.vocabulary.get(term)
    if (id === undefined) {
      id = this.termList.length
      this.vocabulary.set(term, id)
      this.termList.push(term)
      this.frequency.push(0)
      this.lastPassage.push(0)
      this.lastArticle.push(0)
    }
    return id
  }

  add (article: Article): void {
    if (this.articles.has(article.id)) throw new Error(`Dateline library: duplicate article id "${article.id}"`)
    const { passages, termIds, frequency, lastPassage, lastArticle } = this
    const ordinal = this.articleOrder.length
    this.articles.set(article.id, article)
    this.articleOrder.push(article.id)
    this.articleHashes.set(article.id, hashArticle(article))
    this.passageStart.push(passages.length)
    this.articleDays.push(article.date === null ? Number.NaN : epochDay(article.date) ?? Number.NaN)
    // MiniSearch gets each of the article's terms once: its cost grows with every
    // occurrence added, and how often a term recurs is scored per passage anyway.
    const articleTerms: string[] = []
    for (const passage of splitIntoPassages(article, passages.length, this.options.passages)) {
      passages.push(passage)
      this.termStart.push(termIds.length)
      // A heading belongs to every passage under it, so it is scored as part of each.
      const text = passage.heading === null ? passage.text : `${passage.heading}\n${passage.text}`
      for (const term of analyze(text)) {
        const id = this.termId(term)
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
    this.batch.push({ id: ordinal, title: analyze(article.title).join(' '), text: articleTerms.join(' ') })
    if (this.batch.length >= 256) this.index.addAll(this.batch.splice(0))
  }

  finish (): Library {
    this.index.addAll(this.batch.splice(0))
    const { passages, termIds } = this
    this.passageStart.push(passages.length)
    this.termStart.push(termIds.length)
    return {
      articles: this.articles,
      articleOrder: this.articleOrder,
      articleDay: Float64Array.from(this.articleDays),
      passageStart: this.passageStart.finish(),
      passages,
      termStart: this.termStart.finish(),
      termIds: termIds.finish(),
      vocabulary: this.vocabulary,
      termList: this.termList,
      passageFrequency: this.frequency.finish(),
      averagePassageTerms: passages.length === 0 ? 0 : termIds.length / passages.length,
      index: this.index,
      articleHashes: this.articleHashes,
      options: this.options,
    }
  }
}

/** Builds a library from parsed articles, whose ids must be unique. */
export function buildLibrary (articles: Iterable<Article>, partialOptions: IndexOptionsInput = {}): Library {
  const options = mergeIndexOptions(partialOptions)
  const builder = new LibraryBuilder(options, createArticleIndex(options), null)
  for (const article of articles) builder.add(article)
  return builder.finish()
}

/**
 * The library with these articles added after its own, exactly as if it had
 * been built with them (the same passages, term ids, frequencies and article
 * index), without rebuilding: an ingested article is searchable at once.
 *
 * The result takes over the library's article index, maps, lists and the
 * room after its arrays (see appendHeadroom), which grow in place, so the
 * library passed in must not be used afterwards. Ids must be new to it.
 */
export function appendToLibrary (library: Library, articles: readonly Article[]): Library {
  // Checked before anything is added: the library must not be left half extended.
  const ids = new Set<string>()
  for (const { id } of articles) {
    if (library.articles.has(id) || ids.has(id)) throw new Error(`Dateline library: duplicate article id "${id}"`)
    ids.add(id)
  }
  const builder = new LibraryBuilder(library.options, library.index, library)
  for (const article of articles) builder.add(article)
  return builder.finish()
}
