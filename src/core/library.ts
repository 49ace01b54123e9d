import { createHash } from 'node:crypto'
import SearchableMap from 'minisearch/SearchableMap'
import { defaultRankingOptions, mergeRankingOptions, type RankingOptions } from './options.js'
import { defaultPassageOptions, splitIntoPassages, type PassageOptions } from './passages.js'
import { epochDay } from './dates.js'
import { appendHeadroom } from './headroom.js'
import { analyze } from './text.js'
import type { Article, Passage } from './types.js'
import type { TermVectors } from './vectors.js'

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
  /** Word vectors for passage choice (vectors.ts), attached once loaded; null without them. */
  readonly termVectors: TermVectors | null
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

  /** The values so far, as a view on the buffer (with whatever room it has). */
  values (): Uint32Array {
    return this.data.subarray(0, this.length)
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
  // With room after the lists, so that an ingest splices its postings in place (see spliceInverted).
  const total = from[vocabularySize] ?? 0
  const unitIds = new Uint32Array(total + appendHeadroom(total)).subarray(0, total)
  const counts = new Uint16Array(total + appendHeadroom(total)).subarray(0, total)
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
  return extendPassageArticles(new Uint32Array(0), passageStart, 0)
}

type Kind<T> = (new (length: number) => T) & (new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T)

/** The array grown to `needed` entries: in place when its buffer has room after it, else copied into a new one with room. */
function grownTo<T extends Uint32Array | Uint16Array> (array: T, needed: number, Typed: Kind<T>): T {
  const room = (array.buffer.byteLength - array.byteOffset) / array.BYTES_PER_ELEMENT
  if (room >= needed) return new Typed(array.buffer, array.byteOffset, needed)
  const grown = new Typed(needed + appendHeadroom(needed))
  grown.set(array)
  return grown.subarray(0, needed) as T
}

/**
 * Splices the postings of appended units (numbered from `unitOffset` on) onto
 * each term's list. Appended units always come last, so each list stays
 * ascending. An ingested article touches a few hundred of the vocabulary's
 * terms: the old lists are moved right in place, in a few long runs broken
 * only where a term gains postings, into the room left after them (see
 * appendHeadroom). No re-inversion, no new array while there is room: the
 * lists of the library appended to are taken over.
 */
function spliceInverted (old: { from: Uint32Array, units: Uint32Array, counts: Uint16Array }, added: { from: Uint32Array, units: Uint32Array, counts: Uint16Array }, unitOffset: number, vocabularySize: number): { from: Uint32Array, units: Uint32Array, counts: Uint16Array } {
  const oldTerms = old.from.length - 1
  const oldTotal = old.from[oldTerms] ?? 0
  // The term starts are rewritten in place too: each is read just before it is overwritten,
  // and the old ends the moves below need are kept for the few terms that gain postings.
  const oldFrom = (t: number): number => t >= oldTerms ? oldTotal : old.from[t] ?? oldTotal
  const from = grownTo(old.from, vocabularySize + 1, Uint32Array)
  const gaining: number[] = []
  const gainingEnds: number[] = []
  let shift = 0
  for (let t = 0; t < vocabularySize; t += 1) {
    const gained = (added.from[t + 1] ?? 0) - (added.from[t] ?? 0)
    if (gained > 0) { gaining.push(t); gainingEnds.push(oldFrom(t + 1)) }
    from[t] = oldFrom(t) + shift
    shift += gained
  }
  const total = oldTotal + shift
  from[vocabularySize] = total
  const units = grownTo(old.units, total, Uint32Array)
  const counts = grownTo(old.counts, total, Uint16Array)
  // From the last term gaining postings back to the first: move the old lists after it right, then write its new ones.
  let read = oldTotal
  let write = total
  for (let g = gaining.length - 1; g >= 0; g -= 1) {
    const t = gaining[g] ?? 0
    const end = gainingEnds[g] ?? oldTotal
    units.copyWithin(write - (read - end), end, read)
    counts.copyWithin(write - (read - end), end, read)
    write -= read - end
    read = end
    const first = added.from[t] ?? 0
    const last = added.from[t + 1] ?? 0
    write -= last - first
    for (let i = first; i < last; i += 1) {
      units[write + i - first] = (added.units[i] ?? 0) + unitOffset
      counts[write + i - first] = added.counts[i] ?? 0
    }
  }
  return { from, units, counts }
}

/** The part of a forward index from unit `first` on, its starts counted from that unit's. */
function forwardFrom (start: Uint32Array, first: number): Uint32Array {
  const offset = start[first] ?? 0
  return Uint32Array.from(start.subarray(first), value => value - offset)
}

/** The postings of `library` with those of its units from the given ones on spliced onto `old`. */
function appendPostings (old: Postings, library: Pick<Library, 'passageStart' | 'termStart' | 'termIds' | 'titleStart' | 'titleIds' | 'termList'>, firstArticle: number, firstPassage: number): Postings {
  const vocabularySize = library.termList.length
  const { passageStart, termStart, termIds, titleStart, titleIds } = library
  const newTermIds = termIds.subarray(termStart[firstPassage] ?? 0)
  const passages = invert(forwardFrom(termStart, firstPassage), newTermIds, vocabularySize)
  const articleStart = Uint32Array.from(passageStart.subarray(firstArticle), first => (termStart[first] ?? 0) - (termStart[firstPassage] ?? 0))
  const articles = invert(articleStart, newTermIds, vocabularySize)
  const titles = invert(forwardFrom(titleStart, firstArticle), titleIds.subarray(titleStart[firstArticle] ?? 0), vocabularySize)
  const splicedPassages = spliceInverted({ from: old.passageFrom, units: old.passageIds, counts: old.counts }, passages, firstPassage, vocabularySize)
  const splicedArticles = spliceInverted({ from: old.articleFrom, units: old.articleIds, counts: old.articleCounts }, articles, firstArticle, vocabularySize)
  const oldTitles = { from: old.titleFrom, units: old.titleArticles, counts: new Uint16Array(old.titleArticles.length) }
  const splicedTitles = spliceInverted(oldTitles, titles, firstArticle, vocabularySize)
  return {
    passageFrom: splicedPassages.from,
    passageIds: splicedPassages.units,
    counts: splicedPassages.counts,
    articleFrom: splicedArticles.from,
    articleIds: splicedArticles.units,
    articleCounts: splicedArticles.counts,
    titleFrom: splicedTitles.from,
    titleArticles: splicedTitles.units,
  }
}

/**
 * Per vocabulary (which appends take over), each term's last passage and
 * article counted: what the next append's builder goes on from.
 */
const countMarks = new WeakMap<ReadonlyMap<string, number>, { lastPassage: Uint32Array, lastArticle: Uint32Array }>()

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
  private readonly titleStart: Uint32Builder
  private readonly titleIds: Uint32Builder
  private readonly vocabulary: Map<string, number>
  private readonly termList: string[]
  private readonly passageFrequency: Uint32Builder
  private readonly articleFrequency: Uint32Builder
  // Per term id, the last passage and article (numbered from 1) it was counted in:
  // cheaper than a set per passage when there are millions of words. Both only
  // look at the article being added, so they start at zero for an existing library.
  private readonly lastPassage: Uint32Builder
  private readonly lastArticle: Uint32Builder
  private readonly firstArticle: number
  private readonly firstPassage: number

  /**
   * A builder that starts from `from` (taking over its maps and lists, and
   * writing on in its arrays' room), or from nothing. Once built on, `from`
   * must not be used again.
   */
  constructor (readonly options: IndexOptions, private readonly from: Library | null) {
    this.articles = from === null ? new Map() : from.articles as Map<string, Article>
    this.articleOrder = from === null ? [] : from.articleOrder as string[]
    this.articleHashes = from === null ? new Map() : from.articleHashes as Map<string, string>
    this.articleDays = from === null ? [] : Array.from(from.articleDay)
    this.passages = from === null ? [] : from.passages as Passage[]
    this.firstArticle = this.articleOrder.length
    this.firstPassage = this.passages.length
    // The closing entries (one past the last article and passage) are written again by finish().
    this.passageStart = new Uint32Builder(from?.passageStart.subarray(0, this.firstArticle))
    this.termStart = new Uint32Builder(from?.termStart.subarray(0, this.firstPassage))
    this.titleStart = new Uint32Builder(from?.titleStart.subarray(0, this.firstArticle))
    this.termIds = new Uint32Builder(from?.termIds)
    this.titleIds = new Uint32Builder(from?.titleIds)
    this.vocabulary = from === null ? new Map() : from.vocabulary as Map<string, number>
    this.termList = from === null ? [] : from.termList as string[]
    this.passageFrequency = new Uint32Builder(from?.passageFrequency)
    this.articleFrequency = new Uint32Builder(from?.articleFrequency)
    // An append goes on from the last build's marks: they only ever name earlier passages and
    // articles, so they never read as the one being added, and an ingest allocates no new arrays.
    const marks = from === null ? undefined : countMarks.get(from.vocabulary)
    this.lastPassage = new Uint32Builder(marks?.lastPassage ?? new Uint32Array(this.termList.length))
    this.lastArticle = new Uint32Builder(marks?.lastArticle ?? new Uint32Array(this.termList.length))
  }

  private termId (term: string): number {
    let id = this.vocabulary.get(term)
    if (id === undefined) {
      id = this.termList.length
      this.vocabulary.set(term, id)
      this.termList.push(term)
      this.passageFrequency.push(0)
      this.articleFrequency.push(0)
      this.lastPassage.push(0)
      this.lastArticle.push(0)
    }
    return id
  }

  private countInArticle (id: number, ordinal: number): void {
    if (this.lastArticle.get(id) === ordinal + 1) return
    this.lastArticle.set(id, ordinal + 1)
    this.articleFrequency.increment(id)
  }

  add (article: Article): void {
    if (this.articles.has(article.id)) throw new Error(`Dateline library: duplicate article id "${article.id}"`)
    const { passages, termIds, titleIds, lastPassage } = this
    const ordinal = this.articleOrder.length
    this.articles.set(article.id, article)
    this.articleOrder.push(article.id)
    this.articleHashes.set(article.id, hashArticle(article))
    this.passageStart.push(passages.length)
    this.articleDays.push(article.date === null ? Number.NaN : epochDay(article.date) ?? Number.NaN)
    this.titleStart.push(titleIds.length)
    for (const term of analyze(article.title)) {
      const id = this.termId(term)
      titleIds.push(id)
      this.countInArticle(id, ordinal)
    }
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
          this.passageFrequency.increment(id)
        }
        this.countInArticle(id, ordinal)
      }
    }
  }

  finish (): Library {
    const { passages, from } = this
    this.passageStart.push(passages.length)
    this.termStart.push(this.termIds.length)
    this.titleStart.push(this.titleIds.length)
    const forward = {
      passageStart: this.passageStart.finish(),
      termStart: this.termStart.finish(),
      termIds: this.termIds.finish(),
      titleStart: this.titleStart.finish(),
      titleIds: this.titleIds.finish(),
      termList: this.termList,
    }
    const library: Library = {
      articles: this.articles,
      articleOrder: this.articleOrder,
      articleDay: Float64Array.from(this.articleDays),
      ...forward,
      passageArticle: extendPassageArticles(from?.passageArticle ?? new Uint32Array(0), forward.passageStart, this.firstArticle),
      passages,
      vocabulary: this.vocabulary,
      passageFrequency: this.passageFrequency.finish(),
      articleFrequency: this.articleFrequency.finish(),
      postings: from === null ? buildPostings(forward) : appendPostings(from.postings, forward, this.firstArticle, this.firstPassage),
      articleHashes: this.articleHashes,
      options: this.options,
      termVectors: from?.termVectors ?? null,
    }
    extendTermTree(from, library)
    countMarks.set(this.vocabulary, { lastPassage: this.lastPassage.values(), lastArticle: this.lastArticle.values() })
    return library
  }
}

/** Each passage's article, the appended articles' passages added after the others' (in the room after them, when there is some). */
function extendPassageArticles (old: Uint32Array, passageStart: Uint32Array, firstArticle: number): Uint32Array {
  const articleCount = passageStart.length - 1
  const owner = new Uint32Builder(old)
  for (let a = firstArticle; a < articleCount; a += 1) {
    for (let p = passageStart[a] ?? 0; p < (passageStart[a + 1] ?? 0); p += 1) owner.push(a)
  }
  return owner.finish()
}

/** Builds a library from parsed articles, whose ids must be unique. */
export function buildLibrary (articles: Iterable<Article>, partialOptions: IndexOptionsInput = {}): Library {
  const builder = new LibraryBuilder(mergeIndexOptions(partialOptions), null)
  for (const article of articles) builder.add(article)
  return builder.finish()
}

/**
 * The library with these articles added after its own, exactly as if it had
 * been built with them (the same passages, term ids, frequencies and
 * postings), without indexing the others again. The given library is taken
 * over: use only the one returned. A repeated id changes nothing and throws.
 */
export function appendToLibrary (library: Library, articles: readonly Article[]): Library {
  // Checked before anything is added: the library must not be left half extended.
  const ids = new Set<string>()
  for (const { id } of articles) {
    if (library.articles.has(id) || ids.has(id)) throw new Error(`Dateline library: duplicate article id "${id}"`)
    ids.add(id)
  }
  const builder = new LibraryBuilder(library.options, library)
  for (const article of articles) builder.add(article)
  return builder.finish()
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
/** How many of the vocabulary's first terms each tree holds: counting a tree's entries walks all of it. */
const treeCovers = new WeakMap<SearchableMap<number>, number>()

/** The vocabulary's tree for a library appended to: the old tree with the new terms, when there was one. */
function extendTermTree (from: Library | null, library: Library): void {
  const tree = from === null ? undefined : termTrees.get(from)
  if (tree === undefined) {
    // Built now rather than on the first question with an unknown word, which would wait for it.
    termTree(library)
    return
  }
  const covered = treeCovers.get(tree) ?? 0
  for (let id = covered; id < library.termList.length; id += 1) {
    const term = library.termList[id]
    if (term !== undefined) tree.set(term, id)
  }
  treeCovers.set(tree, library.termList.length)
  termTrees.set(library, tree)
}

export function termTree (library: Library): SearchableMap<number> {
  let tree = termTrees.get(library)
  if (tree === undefined) {
    tree = new SearchableMap<number>()
    library.termList.forEach((term, id) => tree?.set(term, id))
    treeCovers.set(tree, library.termList.length)
    termTrees.set(library, tree)
  }
  return tree
}

/** The library answering with these word vectors (kept by the libraries appended from it). */
export function withTermVectors (library: Library, termVectors: TermVectors | null): Library {
  const attached = { ...library, termVectors }
  // The same terms: the term tree built for the one serves the other.
  const tree = termTrees.get(library)
  if (tree !== undefined) termTrees.set(attached, tree)
  return attached
}
