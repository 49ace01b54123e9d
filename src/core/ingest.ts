/**
 * Turning what a moderator hands Dateline (a fetched page, an uploaded
 * file) into the files the coverage folder will hold, and deciding whether
 * it is new. Pure: fetching is src/net/fetch.ts, writing is src/ingest.ts.
 *
 * Each article is parsed from exactly the bytes and sidecar that will be
 * stored, through the same function that reads the coverage folder, so what
 * the live index gets now is what a rebuild or a restart will read later.
 */
import { createHash } from 'node:crypto'
import { articleMetadataSchema, parseCorpusRecord, SourceError } from './articles.js'
import { decodePlainText } from './charset.js'
import { parseSeed } from './coverage.js'
import type { Article, ArticleMetadata } from './types.js'

/** A page fetched from the web (see Fetched in src/net/fetch.ts). */
export interface FetchedPage {
  kind: 'page'
  /** The address the page came from, after redirects. */
  url: string
  bytes: Uint8Array
  /** The charset the server's Content-Type declared. */
  charset: string | null
  fetchedAt: string
  /** The feed that listed it, when a feed poll found it. */
  feedUrl?: string | undefined
}

/** An uploaded file: .html, .htm, .txt, .md or .jsonl. */
export interface UploadedFile {
  kind: 'file'
  /** The file's name as uploaded ("talks.md"); its extension decides how it is read. */
  name: string
  bytes: Uint8Array
  receivedAt: string
}

export type IngestInput = FetchedPage | UploadedFile

export const UPLOAD_EXTENSIONS: readonly string[] = ['.html', '.htm', '.txt', '.md', '.jsonl']

/** One article ready to store: its files, and the article as the coverage folder will read it. */
export interface PreparedArticle {
  id: string
  article: Article
  /** Identifies the text whatever its title or address; see textHash. */
  textHash: string
  /** The article file, e.g. "ledger-example-kestrel-bay-terminal-3f9a1c2e.html". */
  fileName: string
  bytes: Uint8Array
  /** The sidecar, e.g. "….meta.json", always written: it records where the article came from. */
  sidecarName: string
  sidecar: ArticleMetadata
}

export interface PreparedIngest {
  articles: PreparedArticle[]
  /** Inputs (or JSONL lines) that gave no article, each with its reason. */
  problems: SourceError[]
}

// ---------------------------------------------------------------- identity

/** Query parameters that track a reader, not a story. */
const TRACKING_PARAMETER = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ito|ns_mchannel|ns_source|ns_campaign|ocid|smid|taid|cid)$/i

/**
 * A URL as an identity: scheme, "www.", fragment, default port, tracking
 * parameters and a trailing slash do not make another story.
 */
export function urlKey (url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
  const host = parsed.hostname.replace(/^www\./, '')
  const port = parsed.port === '' || parsed.port === '80' || parsed.port === '443' ? '' : `:${parsed.port}`
  const parameters = [...parsed.searchParams].filter(([name]) => !TRACKING_PARAMETER.test(name)).sort(([a], [b]) => a.localeCompare(b))
  const query = parameters.length === 0 ? '' : `?${new URLSearchParams(parameters).toString()}`
  const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : ''
  return `${host}${port}${path}${query}`
}

/**
 * A hash of an article's citable text (paragraphs, whitespace and case
 * folded): the same story saved from two addresses, or uploaded under two
 * names, hashes alike; a title or an outlet's name does not change it.
 */
export function textHash (article: Pick<Article, 'paragraphs'>): string {
  const hash = createHash('sha256')
  for (const { text } of article.paragraphs) hash.update(`${text.replace(/\s+/g, ' ').trim().toLowerCase()}\n`)
  return hash.digest('hex')
}

function shortHash (value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8)
}

function slug (text: string, max: number): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '')
}

/**
 * The id (and file name stem) of an ingested article: readable, stable and
 * safe as a file name on any system. From its address when it has one
 * ("ledger-example-kestrel-bay-terminal-3f9a1c2e": host, last path words,
 * hash of the address), else from its title and text.
 */
export function ingestedId (article: Pick<Article, 'url' | 'title' | 'paragraphs'>): string {
  const key = article.url === null ? null : urlKey(article.url)
  if (key !== null) {
    const [host = '', ...path] = key.split('?')[0]?.split('/') ?? []
    const words = slug(path.filter(part => part.length > 0).slice(-2).join('-').replace(/\.[a-z0-9]{2,5}$/i, ''), 48)
    const site = slug(host.replace(/:\d+$/, ''), 30)
    return [site, words, shortHash(key)].filter(part => part.length > 0).join('-')
  }
  const words = slug(article.title, 48)
  return [words.length > 0 ? words : 'article', shortHash(textHash(article))].join('-')
}

// ---------------------------------------------------------------- duplicates

/** What the coverage already holds, by address and by text. */
export interface CoverageKeys {
  byUrl: Map<string, string>
  byText: Map<string, string>
}

export function coverageKeys (articles: Iterable<Pick<Article, 'id' | 'url' | 'paragraphs'>> = []): CoverageKeys {
  const keys: CoverageKeys = { byUrl: new Map(), byText: new Map() }
  for (const article of articles) rememberArticle(keys, article)
  return keys
}

/** Adds an article to the keys, as it is stored; the first article with a key keeps it. */
export function rememberArticle (keys: CoverageKeys, article: Pick<Article, 'id' | 'url' | 'paragraphs'>, hash = textHash(article)): void {
  const url = article.url === null ? null : urlKey(article.url)
  if (url !== null && !keys.byUrl.has(url)) keys.byUrl.set(url, article.id)
  if (!keys.byText.has(hash)) keys.byText.set(hash, article.id)
}

export interface Duplicate {
  /** The stored article it duplicates. */
  id: string
  by: 'url' | 'text'
}

/**
 * Whether an article (or, before fetching, just an address) is already in
 * the coverage: by its canonical address first, then by its text.
 */
export function findDuplicate (candidate: { urls?: ReadonlyArray<string | null>, textHash?: string | null }, keys: CoverageKeys): Duplicate | null {
  for (const url of candidate.urls ?? []) {
    const key = url == null ? null : urlKey(url)
    const id = key === null ? undefined : keys.byUrl.get(key)
    if (id !== undefined) return { id, by: 'url' }
  }
  const id = candidate.textHash == null ? undefined : keys.byText.get(candidate.textHash)
  return id === undefined ? null : { id, by: 'text' }
}

// ---------------------------------------------------------------- preparing

function extensionOf (name: string): string {
  return /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? ''
}

/** Parses the files as the coverage folder will read them, under a provisional id, then names them for good. */
function prepare (origin: string, extension: string, bytes: Uint8Array, text: string | null, sidecar: ArticleMetadata): PreparedArticle {
  const checked = articleMetadataSchema.safeParse(sidecar)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new SourceError(origin, `cannot record "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`)
  }
  const metadata = checked.data
  const provisional = `ingest${extension}`
  const problems: SourceError[] = []
  let article: Article
  try {
    article = parseSeed({
      name: provisional, text, bytes: text === null ? bytes : null, metadataText: JSON.stringify(metadata), problem: null,
    }, problem => problems.push(problem))
  } catch (error) {
    if (error instanceof SourceError) throw new SourceError(origin, error.message.replace(/^seed "[^"]*": /, ''))
    throw error
  }
  if (problems.length > 0) throw new SourceError(origin, problems.map(p => p.message.replace(/^seed "[^"]*": /, '')).join('; '))
  const id = ingestedId(article)
  return {
    id,
    article: { ...article, id },
    textHash: textHash(article),
    fileName: `${id}${extension}`,
    bytes: text === null ? bytes : Buffer.from(text, 'utf8'),
    sidecarName: `${id}.meta.json`,
    sidecar: metadata,
  }
}

function prepareJsonl (input: UploadedFile, text: string): PreparedIngest {
  const prepared: PreparedIngest = { articles: [], problems: [] }
  let lineNumber = 0
  for (const line of text.split(/\r?\n/)) {
    lineNumber += 1
    if (line.trim().length === 0) continue
    const origin = `attachment "${input.name}" line ${lineNumber}`
    try {
      // Read as the corpus reader would, then stored as a text article whose sidecar keeps the record's fields.
      const record = parseCorpusRecord(origin, line)
      const url = record.url !== null && urlKey(record.url) !== null ? record.url : undefined
      const sidecar: ArticleMetadata = {
        ...(record.dateSource === 'metadata' && record.date !== null ? { date: record.date } : {}),
        ...(record.outlet !== null ? { outlet: record.outlet } : {}),
        ...(url !== undefined ? { url } : {}),
        attachment: input.name.slice(0, 200),
        fetchedAt: input.receivedAt,
      }
      const stored = `${record.title}\n\n${(JSON.parse(line) as { text: string }).text}`
      prepared.articles.push(prepare(origin, '.txt', Buffer.from(stored, 'utf8'), stored, sidecar))
    } catch (error) {
      if (!(error instanceof SourceError)) throw error
      prepared.problems.push(error)
    }
  }
  if (prepared.articles.length === 0 && prepared.problems.length === 0) {
    prepared.problems.push(new SourceError(`attachment "${input.name}"`, 'has no records'))
  }
  return prepared
}

/**
 * Turns a fetched page or an uploaded file into the articles to store.
 * A page or a .html/.txt/.md file gives one article; a .jsonl file one per
 * record ({id, title, date, url, publisher, text}), bad lines reported by
 * number. Nothing here decides whether they are new: see findDuplicate.
 */
export function prepareIngest (input: IngestInput): PreparedIngest {
  if (input.kind === 'page') {
    const origin = `page ${input.url}`
    const sidecar: ArticleMetadata = {
      sourceUrl: input.url,
      fetchedAt: input.fetchedAt,
      ...(input.charset !== null ? { charset: input.charset } : {}),
      ...(input.feedUrl !== undefined ? { feedUrl: input.feedUrl } : {}),
    }
    try {
      return { articles: [prepare(origin, '.html', input.bytes, null, sidecar)], problems: [] }
    } catch (error) {
      if (error instanceof SourceError) return { articles: [], problems: [error] }
      throw error
    }
  }

  const origin = `attachment "${input.name}"`
  const extension = extensionOf(input.name)
  if (!UPLOAD_EXTENSIONS.includes(extension)) {
    return { articles: [], problems: [new SourceError(origin, `is not an article file (Dateline reads ${UPLOAD_EXTENSIONS.join(', ')})`)] }
  }
  const sidecar: ArticleMetadata = { attachment: input.name.slice(0, 200), fetchedAt: input.receivedAt }
  try {
    if (extension === '.html' || extension === '.htm') return { articles: [prepare(origin, '.html', input.bytes, null, sidecar)], problems: [] }
    const text = decodePlainText(input.bytes)
    if (text === null) return { articles: [], problems: [new SourceError(origin, 'is not UTF-8 text')] }
    if (extension === '.jsonl') return prepareJsonl(input, text)
    return { articles: [prepare(origin, extension, input.bytes, text, sidecar)], problems: [] }
  } catch (error) {
    if (error instanceof SourceError) return { articles: [], problems: [error] }
    throw error
  }
}
