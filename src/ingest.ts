/**
 * Adding coverage: fetch a page (or take an uploaded file), decide whether
 * the coverage already has it, and store it in the coverage folder so that
 * nothing is ever half written.
 *
 * Write order and the recovery rule: the sidecar is written first, then the
 * article file, each through a hidden temporary file and a rename. Readers
 * take only article files (a sidecar alone is never read) and never hidden
 * files, so a process killed at any point leaves either the whole article or
 * no article: at worst an orphan sidecar or a temporary, which
 * removeIncompleteIngests clears and the next ingest of that article
 * overwrites.
 *
 * Callers run ingests one at a time per coverage folder (the bot queues
 * them): the duplicate check and the write are not atomic together.
 */
import { join } from 'node:path'
import { seedId } from './core/coverage.js'
import { findDuplicate, prepareIngest, rememberArticle, type CoverageKeys, type Duplicate, type IngestInput, type PreparedArticle } from './core/ingest.js'
import type { Article, DateSource } from './core/types.js'
import { listNames, pathExists, readRegularFile, removeFile, writeFileAtomically } from './io.js'
import type { Fetched, Fetcher } from './net/fetch.js'

/** What a moderator is told about an article that was added. */
export interface IngestedArticle {
  id: string
  title: string
  outlet: string | null
  date: string | null
  time: string | null
  dateSource: DateSource
  url: string | null
  /** The modified date the page states, shown apart from the publication date if at all. */
  modified: string | null
  paragraphs: number
  /** The article as stored, for the live index. */
  article: Article
}

export interface IngestReport {
  added: IngestedArticle[]
  /** Articles the coverage already had: nothing was written for them. */
  duplicates: Array<{ title: string | null, url: string | null } & Duplicate>
  /** Why some input gave no article (a page with no text, a bad JSONL line…). */
  problems: string[]
}

/** Turns an input into the articles to store: prepareIngest, here or in a worker thread (see engine/reader.ts). */
export type Preparer = (input: IngestInput) => Promise<PreparedInput> | PreparedInput

/** Articles prepared from an input, and why parts of it gave none. */
export interface PreparedInput {
  articles: PreparedArticle[]
  problems: ReadonlyArray<{ message: string }>
}

export interface IngestContext {
  coverageDir: string
  /** What the coverage holds; stored articles are added to it. */
  keys: CoverageKeys
  now?: () => Date
  /** Default: prepareIngest in this thread. */
  prepare?: Preparer
}

/** What an ingest reports of an article it stored (or took in from the folder), with the article. */
export function ingestedArticle (article: Article): IngestedArticle {
  return {
    id: article.id,
    title: article.title,
    outlet: article.outlet,
    date: article.date,
    time: article.time,
    dateSource: article.dateSource,
    url: article.url,
    modified: article.modified ?? null,
    paragraphs: article.paragraphs.length,
    article,
  }
}

/** Writes one article: sidecar, then article file (see the module comment for why in that order). */
export async function storeArticle (coverageDir: string, prepared: PreparedArticle): Promise<void> {
  const articlePath = join(coverageDir, prepared.fileName)
  if (await pathExists(articlePath)) throw new Error(`Dateline ingest: "${prepared.fileName}" is already in the coverage folder; not overwritten`)
  await writeFileAtomically(join(coverageDir, prepared.sidecarName), `${JSON.stringify(prepared.sidecar, null, 2)}\n`, { durable: true })
  await writeFileAtomically(articlePath, prepared.bytes, { durable: true })
}

async function storeAll (context: IngestContext, prepared: PreparedInput, extraUrls: string[] = []): Promise<IngestReport> {
  const report: IngestReport = { added: [], duplicates: [], problems: prepared.problems.map(p => p.message) }
  for (const candidate of prepared.articles) {
    const duplicate = findDuplicate({ urls: [candidate.article.url, candidate.sidecar.sourceUrl ?? null, ...extraUrls], textHash: candidate.textHash }, context.keys)
    if (duplicate !== null) {
      report.duplicates.push({ ...duplicate, title: candidate.article.title, url: candidate.article.url })
      continue
    }
    await storeArticle(context.coverageDir, candidate)
    rememberArticle(context.keys, candidate.article, candidate.textHash)
    // The addresses it was fetched from lead to it too, so asking for them again needs no fetch.
    for (const url of [candidate.sidecar.sourceUrl, ...extraUrls]) {
      if (url !== undefined) rememberArticle(context.keys, { ...candidate.article, url }, candidate.textHash)
    }
    report.added.push(ingestedArticle(candidate.article))
  }
  return report
}

/**
 * Fetches one page and stores it, unless the coverage has it already (by
 * the address asked for, before fetching; then by canonical address and by
 * text). Refusals and failed fetches throw the fetch module's FetchError.
 */
export async function ingestUrl (url: string, fetcher: Fetcher, context: IngestContext, options: { feedUrl?: string, signal?: AbortSignal } = {}): Promise<IngestReport> {
  const known = knownUrl(url, context)
  if (known !== null) return known
  const page = await fetcher.fetch(url, { purpose: 'page', signal: options.signal })
  return await ingestFetched(url, page, context, options)
}

/** The report for an address the coverage already has, before anything is fetched; null when it is new. */
export function knownUrl (url: string, context: IngestContext): IngestReport | null {
  const known = findDuplicate({ urls: [url] }, context.keys)
  return known === null ? null : { added: [], duplicates: [{ ...known, title: null, url }], problems: [] }
}

/**
 * Stores a page fetched from `url` (see ingestUrl), so that a caller can
 * fetch outside the queue that runs ingests one at a time.
 */
export async function ingestFetched (url: string, page: Fetched, context: IngestContext, options: { feedUrl?: string | undefined } = {}): Promise<IngestReport> {
  const input: IngestInput = { kind: 'page', url: page.url, bytes: page.bytes, charset: page.charset, fetchedAt: page.fetchedAt, feedUrl: options.feedUrl }
  return await storeAll(context, await (context.prepare ?? prepareIngest)(input), [url])
}

/** Stores an uploaded file's article(s): .html, .htm, .txt, .md, or .jsonl (one article a record). */
export async function ingestFile (name: string, bytes: Uint8Array, context: IngestContext): Promise<IngestReport> {
  const receivedAt = (context.now?.() ?? new Date()).toISOString()
  return await storeAll(context, await (context.prepare ?? prepareIngest)({ kind: 'file', name, bytes, receivedAt }))
}

const ARTICLE_FILE = /\.(?:txt|md|html?)$/i
const TEMPORARY = /^\..+\.\d+-[0-9a-f]{8}\.tmp$/

/**
 * Clears what an ingest killed mid-way can leave: temporaries, and sidecars
 * written by an ingest (they record `fetchedAt`) whose article file never
 * arrived. Run at start-up, before the first ingest. Returns the names removed.
 */
export async function removeIncompleteIngests (coverageDir: string): Promise<string[]> {
  const names = await listNames(coverageDir)
  const articles = new Set(names.filter(name => ARTICLE_FILE.test(name) && !name.startsWith('.')).map(seedId))
  const removed: string[] = []
  for (const name of names) {
    let incomplete = TEMPORARY.test(name)
    if (!incomplete && name.endsWith('.meta.json') && !articles.has(name.slice(0, -'.meta.json'.length))) {
      const text = (await readRegularFile(join(coverageDir, name)))?.toString('utf8') ?? ''
      incomplete = /"fetchedAt"\s*:/.test(text)
    }
    if (incomplete) {
      await removeFile(join(coverageDir, name))
      removed.push(name)
    }
  }
  return removed
}
