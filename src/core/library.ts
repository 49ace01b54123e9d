import { createHash } from 'node:crypto'
import MiniSearch from 'minisearch'
import { defaultPassageOptions, splitIntoPassages, type PassageOptions } from './passages.js'
import { analyze } from './text.js'
import type { Article, Passage } from './types.js'

export interface IndexOptions {
  /** How much a match in the article's title counts against one in the passage. Default 2. */
  titleBoost: number
  /** Weight of the section heading a passage sits under. Default 1.2. */
  headingBoost: number
  passages: PassageOptions
}

export const defaultIndexOptions: IndexOptions = {
  titleBoost: 2,
  headingBoost: 1.2,
  passages: defaultPassageOptions,
}

/** Field values handed to MiniSearch: already analysed terms joined by spaces. */
interface IndexedPassage { id: number, title: string, heading: string, text: string }

export const INDEX_FIELDS = ['title', 'heading', 'text'] as const

/** The searchable form of a body of coverage: articles, their passages and the index over them. */
export interface Library {
  readonly articles: ReadonlyMap<string, Article>
  /** Articles in load order, for listings. */
  readonly articleOrder: readonly string[]
  readonly passages: readonly Passage[]
  readonly index: MiniSearch<IndexedPassage>
  /** Number of passages each analysed term occurs in (its document frequency). */
  readonly documentFrequency: ReadonlyMap<string, number>
  /** Hash of each article's content, to report what a reindex changed. */
  readonly articleHashes: ReadonlyMap<string, string>
  readonly options: IndexOptions
}

export function mergeIndexOptions (options: Partial<IndexOptions> = {}): IndexOptions {
  return { ...defaultIndexOptions, ...options, passages: { ...defaultIndexOptions.passages, ...options.passages } }
}

// Fields arrive pre-analysed, so MiniSearch only has to split on spaces.
const splitTerms = (text: string): string[] => text.length === 0 ? [] : text.split(' ')
const keepTerm = (term: string): string => term

export function createIndex (options: IndexOptions): MiniSearch<IndexedPassage> {
  return new MiniSearch<IndexedPassage>({
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize: splitTerms,
    processTerm: keepTerm,
    searchOptions: {
      tokenize: splitTerms,
      processTerm: keepTerm,
      boost: { title: options.titleBoost, heading: options.headingBoost, text: 1 },
    },
  })
}

export function hashArticle (article: Article): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([article.title, article.date, article.time, article.dateSource, article.outlet, article.url]))
  for (const paragraph of article.paragraphs) hash.update(`\n${paragraph.heading ?? ''}\u0000${paragraph.text}`)
  return hash.digest('hex').slice(0, 16)
}

/**
 * Builds a library from parsed articles. Later articles with an id already
 * seen are rejected by the caller's loader; here ids are assumed unique.
 */
export function buildLibrary (articles: Iterable<Article>, partialOptions: Partial<IndexOptions> = {}): Library {
  const options = mergeIndexOptions(partialOptions)
  const index = createIndex(options)
  const articleMap = new Map<string, Article>()
  const articleHashes = new Map<string, string>()
  const passages: Passage[] = []
  const documentFrequency = new Map<string, number>()
  const batch: IndexedPassage[] = []

  for (const article of articles) {
    if (articleMap.has(article.id)) throw new Error(`Dateline library: duplicate article id "${article.id}"`)
    articleMap.set(article.id, article)
    articleHashes.set(article.id, hashArticle(article))
    const title = analyze(article.title).join(' ')
    const headingTerms = new Map<string, string>()
    for (const passage of splitIntoPassages(article, passages.length, options.passages)) {
      passages.push(passage)
      let heading = ''
      if (passage.heading != null) {
        heading = headingTerms.get(passage.heading) ?? analyze(passage.heading).join(' ')
        headingTerms.set(passage.heading, heading)
      }
      const textTerms = analyze(passage.text)
      for (const term of new Set(textTerms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
      batch.push({ id: passage.id, title, heading, text: textTerms.join(' ') })
    }
    if (batch.length >= 2048) index.addAll(batch.splice(0))
  }
  index.addAll(batch)

  return { articles: articleMap, articleOrder: [...articleMap.keys()], passages, index, documentFrequency, articleHashes, options }
}
