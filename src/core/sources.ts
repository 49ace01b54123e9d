import MiniSearch, { type SearchOptions } from 'minisearch'
import { formatHumanDate, parseIsoDate } from './dates.js'
import { STOP_WORDS } from './text.js'
import type { Library } from './library.js'
import type { Article, SourceSummary } from './types.js'

export interface SourceFinderOptions {
  /** Names kept per article, those that best tell it apart first (see distinctiveNames). Default 16. */
  namesPerArticle: number
  /** Shortest word matched fuzzily; shorter ones only by prefix. Default 4. */
  fuzzyFrom: number
  /** Edits allowed per letter of a fuzzily matched word, rounded (0.2: one edit in 4 to 7 letters, two in 8 to 12). Default 0.2. */
  fuzziness: number
}

export const defaultSourceFinderOptions: SourceFinderOptions = { namesPerArticle: 16, fuzzyFrom: 4, fuzziness: 0.2 }

// Latin letters only: names in English coverage, found several times faster than with Unicode classes.
const CAPITALISED = /(?<![A-Za-zÀ-ÖØ-öø-ÿ0-9'’])[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ0-9]*(?:['’][A-Za-zÀ-ÖØ-öø-ÿ]+)?/g
/** Stop words as they look capitalised ("The", "THE"): never names. */
const CAPITALISED_STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS].flatMap(word => [`${word.charAt(0).toUpperCase()}${word.slice(1)}`, word.toUpperCase()]))
/** Titles whose full stop ends no sentence ("Dr. Singh"); so does an initial's ("S. Jaishankar"). */
const TITLES: ReadonlySet<string> = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'St', 'Sen', 'Rep', 'Gov', 'Gen', 'Col', 'Lt', 'Capt', 'Sgt', 'Jr', 'Sr', 'Rev', 'Hon'])

const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
/** Space, quotes and brackets, looked past when deciding what precedes a word. */
const isOpening = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 34 || code === 39 || code === 40 || code === 91 || code === 0x201c || code === 0x2018

/** Whether the word at `at` starts a sentence or a dateline's text, where every word is capitalised. */
function startsSentence (text: string, at: number): boolean {
  let i = at - 1
  while (i >= 0 && isOpening(text.charCodeAt(i))) i -= 1
  if (i < 0) return true
  const mark = text.charCodeAt(i)
  if (mark === 33 || mark === 63 || mark === 58 || mark === 59) return true // ! ? : ;
  if (mark !== 46) return false // .
  let start = i
  while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) start -= 1
  const before = text.slice(start, i)
  return !(before.length === 1 || TITLES.has(before))
}

/**
 * The names that best tell each article apart, at most `max` each: capitalised
 * words that do not start a sentence ("the Valdai Discussion Club", "Minister
 * S. Jaishankar"), named often in the article (with diminishing returns) and
 * in few others. Every article on India names India; one names Kudankulam.
 * A reader looking for an article remembers such names, although its title
 * often leaves them out.
 */
export function distinctiveNames (articles: Iterable<Pick<Article, 'id' | 'paragraphs'>>, max: number = defaultSourceFinderOptions.namesPerArticle): Map<string, string[]> {
  const nameIds = new Map<string, number>()
  const names: string[] = []
  const articlesNaming: number[] = []
  let counts = new Uint32Array(1024)
  const named: Array<{ id: string, nameIds: number[], counts: number[] }> = []
  for (const article of articles) {
    const seen: number[] = []
    for (const { text } of article.paragraphs) {
      for (const match of text.matchAll(CAPITALISED)) {
        let name = match[0]
        if (name.length < 3 || CAPITALISED_STOP_WORDS.has(name) || startsSentence(text, match.index)) continue
        if (name.endsWith("'s") || name.endsWith('’s')) name = name.slice(0, -2)
        let id = nameIds.get(name)
        if (id === undefined) {
          id = names.length
          nameIds.set(name, id)
          names.push(name)
          articlesNaming.push(0)
          if (id >= counts.length) {
            const grown = new Uint32Array(counts.length * 2)
            grown.set(counts)
            counts = grown
          }
        }
        if (counts[id] === 0) {
          seen.push(id)
          articlesNaming[id] = (articlesNaming[id] ?? 0) + 1
        }
        counts[id] = (counts[id] ?? 0) + 1
      }
    }
    named.push({ id: article.id, nameIds: seen, counts: seen.map(id => counts[id] ?? 0) })
    for (const id of seen) counts[id] = 0
  }
  const result = new Map<string, string[]>()
  for (const article of named) {
    const score = article.nameIds.map((id, i) => {
      const count = article.counts[i] ?? 0
      return count / (count + 1) * Math.log(1 + named.length / (articlesNaming[id] ?? 1))
    })
    // Sorting is stable: equally telling names keep the order they first appear in.
    const order = score.map((_, i) => i).sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0))
    result.set(article.id, order.slice(0, max).map(i => names[article.nameIds[i] ?? 0] ?? ''))
  }
  return result
}

const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** A date as a reader may type it: "2024-01-08", "8 Jan 2024" or "January 2024". */
function dateWords (iso: string | null): string {
  const date = iso === null ? null : parseIsoDate(iso)
  if (iso === null || date == null) return 'undated'
  return `${iso} ${formatHumanDate(iso)} ${FULL_MONTHS[date.month - 1] ?? ''}`
}

interface SourceDocument {
  ordinal: number
  id: string
  title: string
  outlet: string
  date: string
  names: string
}

const NON_ASCII = /[\u0080-\uFFFF]/

/** Lower case without diacritics, so "naive" finds "naïve"; plain ASCII skips the Unicode work. */
function fold (term: string): string {
  const lower = term.toLowerCase()
  return NON_ASCII.test(lower) ? lower.normalize('NFKD').replace(/\p{M}/gu, '') : lower
}

/** How MiniSearch splits text into words by default. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u

/**
 * Finds indexed articles from a few typed letters, for autocomplete: words of
 * the title, outlet, date, id or the names that tell the article apart, each
 * matched by prefix ("val" → Valdai) and, from `fuzzyFrom` letters, fuzzily
 * ("Jaishenkar" → Jaishankar). Built once per index; a search takes
 * milliseconds over thousands of articles.
 */
export class SourceFinder {
  private readonly index: MiniSearch<SourceDocument>
  private readonly ids: string[] = []
  private readonly known = new Set<string>()
  private readonly searchOptions: SearchOptions

  constructor (sources: readonly SourceSummary[], names: ReadonlyMap<string, readonly string[]>, partial: Partial<SourceFinderOptions> = {}) {
    const options = { ...defaultSourceFinderOptions, ...partial }
    this.index = new MiniSearch<SourceDocument>({ idField: 'ordinal', fields: ['id', 'title', 'outlet', 'date', 'names'], storeFields: [], processTerm: fold })
    this.add(sources, names)
    this.searchOptions = {
      prefix: true,
      fuzzy: term => term.length >= options.fuzzyFrom ? options.fuzziness : false,
      boost: { title: 3, id: 2, outlet: 1.5, date: 1, names: 1 },
      combineWith: 'AND',
    }
  }

  /**
   * Adds articles, as an ingest appends them to the index. Their telling
   * names come with them (see distinctiveNames); the others' are kept.
   */
  add (sources: readonly SourceSummary[], names: ReadonlyMap<string, readonly string[]>): void {
    const first = this.ids.length
    for (const source of sources) {
      this.ids.push(source.id)
      this.known.add(source.id)
    }
    this.index.addAll(sources.map((source, i) => ({
      ordinal: first + i,
      id: source.id,
      title: source.title,
      outlet: source.outlet ?? '',
      date: dateWords(source.date),
      names: (names.get(source.id) ?? []).join(' '),
    })))
  }

  /**
   * Ids of the best matches for what was typed, at most `limit`; the first
   * indexed when nothing was typed. Every typed word must match; when no
   * article matches them all, articles matching any come instead.
   */
  find (typed: string, limit: number): string[] {
    const words = typed.split(SPACE_OR_PUNCTUATION).filter(Boolean)
    if (words.length === 0) return this.ids.slice(0, limit)
    // Little words narrow nothing down, but the word still being typed may begin a longer one ("in" → India).
    const query = words.filter((word, i) => i === words.length - 1 || !STOP_WORDS.has(fold(word))).join(' ')
    let results = this.index.search(query, this.searchOptions)
    if (results.length === 0) results = this.index.search(query, { ...this.searchOptions, combineWith: 'OR' })
    const found = results.slice(0, limit).flatMap(result => this.ids[result.id as number] ?? [])
    // A pasted id is the article meant, whatever else its words match.
    const exact = typed.trim()
    if (!this.known.has(exact)) return found
    return [exact, ...found.filter(id => id !== exact)].slice(0, limit)
  }
}

/** A finder for a library's articles, as summarised for listing. */
export function sourceFinderFor (library: Library, sources: readonly SourceSummary[], options: Partial<SourceFinderOptions> = {}): SourceFinder {
  return new SourceFinder(sources, distinctiveNames(library.articles.values(), options.namesPerArticle), options)
}
