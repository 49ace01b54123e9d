/**
 * Adding coverage while Dateline runs: /ingest, feed polls and
 * `npm run ingest` all come through here. A page or attachment is fetched
 * outside the queue (a slow site keeps no one else waiting); then, one
 * ingest at a time per coverage folder (the duplicate check and the write
 * are not atomic together), the article is checked against the coverage,
 * stored (src/ingest.ts) and added to the index in service, so it is
 * searchable when the ingest resolves. Once ingests pause, the snapshot is
 * brought up to date with a journal of what was added. Articles another
 * process stores in the folder (`npm run ingest` beside the bot) are taken
 * in the same way (pickUpStored).
 */
import { parseSeedsReported } from './core/coverage.js'
import type { FeedRecord, FeedState } from './core/feeds.js'
import { rememberArticle, UPLOAD_EXTENSIONS, type CoverageKeys } from './core/ingest.js'
import type { Article, SourceSummary } from './core/types.js'
import type { JournalOutcome } from './engine/load.js'
import { PageReader } from './engine/reader.js'
import { ingestedArticle, ingestFetched, ingestFile, knownUrl, type IngestContext, type IngestedArticle, type IngestReport } from './ingest.js'
import { readSeedFiles, withFolderLock } from './io.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'
import { FetchError, isTransient, type Fetcher } from './net/fetch.js'

/** What ingests add to: the service in the bot (Dateline), or the folder alone in the CLI. */
export interface IngestTarget {
  /** What the coverage holds by address and by text; stored articles are added to the object returned. */
  coverageKeys: () => Promise<CoverageKeys>
  /** Makes stored articles searchable; returns their catalog entries. */
  append: (articles: readonly Article[]) => Promise<SourceSummary[]>
  /** Whether the index holds an article of this id (see Ingester.pickUpStored). */
  holds: (id: string) => boolean
  /** Brings the snapshot up to date with what was appended; nothing may be stored meanwhile. */
  saveJournal: () => Promise<JournalOutcome>
}

/**
 * How an ingest came: /ingest url:, /ingest file:, a feed's item, a file
 * named to the CLI, or a file another process stored in the folder.
 */
export type IngestVia = 'url' | 'attachment' | 'feed' | 'file' | 'folder'

export type IngestRequest =
  | { via: 'url', url: string }
  | { via: 'feed', url: string, feedUrl: string }
  | { via: 'attachment', name: string, url: string, size?: number | null | undefined }
  | { via: 'file', name: string, bytes: Uint8Array }

/** An article added, as a moderator is told: passages are counted by the index that took it. */
export interface AddedArticle extends Omit<IngestedArticle, 'article'> {
  passages: number | null
}

export type IngestOutcomeKind = 'added' | 'duplicate' | 'refused' | 'unreadable' | 'failed'

export interface IngestOutcome {
  /** `added` when any article was; else `duplicate`, `unreadable` (no article in it), `refused` (a fetch refusal or failure) or `failed`. */
  outcome: IngestOutcomeKind
  added: AddedArticle[]
  duplicates: IngestReport['duplicates']
  /** Why parts of the input gave no article (a page with no text, a bad JSONL line). */
  problems: string[]
  /** Why nothing could be fetched or stored: every fetch refusal says why. */
  error: { message: string, transient: boolean } | null
  /** Articles were stored but the index in service could not take them; they are read at the next start or /reindex. */
  indexError: string | null
  durationMs: number
}

/** What taking in the articles other processes stored gave (see Ingester.pickUpStored). */
export interface PickUpOutcome {
  added: AddedArticle[]
  /** Files of the folder that could not be read as articles, as a start reports them. */
  problems: string[]
  /** Articles were read but the index in service could not take them; they are read at the next start or /reindex. */
  indexError: string | null
}

/** What became of one poll of a feed. */
export interface FeedPollReport {
  feed: FeedRecord
  status: 'fetched' | 'not-modified' | 'failed'
  added: AddedArticle[]
  /** Items the coverage already had. */
  duplicates: number
  /** Items that could not be ingested for good (not an article, refused), with why. */
  refused: string[]
  /** Items left for the next poll: failed for now, or beyond MAX_ITEMS_PER_POLL. */
  pending: number
}

export type AddFeedOutcome =
  | { status: 'added', report: FeedPollReport }
  | { status: 'following', feed: FeedRecord }
  | { status: 'refused', error: string }

/**
 * Following feeds, as moderators do it from Discord (see FeedPoller): kept
 * here with the outcomes it shares with ingesting, so the Discord edge needs
 * only these types, not the poller.
 */
export interface FeedService {
  list: () => Promise<FeedState>
  add: (url: string, addedBy: string | null) => Promise<AddFeedOutcome>
  remove: (url: string) => Promise<FeedRecord | null>
}

export interface IngesterOptions {
  coverageDir: string
  target: IngestTarget
  fetcher: Fetcher
  logger: Logger
  /** Counted here when given (the bot); the CLI counts nothing. */
  metrics: Metrics | null
  /** Told of every article added, after it is searchable (the index gauges, announcements). */
  onAdded: (added: AddedArticle[], via: IngestVia) => void
  /** Quiet time after the last ingest before the journal is written. Default 2000 ms. */
  journalDelayMs: number
  /** Read pages and files in a worker thread (default), or in this one. */
  readInWorker: boolean
  now: () => Date
}

const STOPPING_MESSAGE = 'Dateline is stopping, so nothing was stored. Try again once it is back.'

function extensionOf (name: string): string {
  return /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? ''
}

function formatMegabytes (bytes: number): string {
  return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** The stored articles as reported, each with its passage count in the index (null when the index could not take it). */
function withPassages (stored: readonly IngestedArticle[], passages: ReadonlyMap<string, number>): AddedArticle[] {
  return stored.map(({ article, ...summary }) => ({ ...summary, passages: passages.get(summary.id) ?? null }))
}

function outcomeOf (report: IngestReport): IngestOutcomeKind {
  if (report.added.length > 0) return 'added'
  return report.duplicates.length > 0 ? 'duplicate' : 'unreadable'
}

export class Ingester {
  private readonly options: IngesterOptions
  private queue: Promise<unknown> = Promise.resolve()
  private readonly stopping = new AbortController()
  private journalTimer: NodeJS.Timeout | null = null
  private journalDue = false
  /** Problems of files in the folder already logged by pickUpStored: each is logged once, not at every change. */
  private readonly reportedProblems = new Set<string>()
  /** Reading a page (a DOM, Readability) takes tens of milliseconds, hundreds when large: not on the main thread. */
  private readonly reader: PageReader | null

  constructor (partial: Partial<IngesterOptions> & Pick<IngesterOptions, 'coverageDir' | 'target' | 'fetcher' | 'logger'>) {
    this.options = { metrics: null, onAdded: () => {}, journalDelayMs: 2_000, readInWorker: true, now: () => new Date(), ...partial }
    this.reader = this.options.readInWorker ? new PageReader() : null
  }

  /**
   * Adds what the request names to the coverage and the index. Never throws
   * for a refusal or a broken input: the outcome says what happened.
   */
  async ingest (request: IngestRequest, signal?: AbortSignal): Promise<IngestOutcome> {
    const started = performance.now()
    const { logger, metrics } = this.options
    let result: Omit<IngestOutcome, 'durationMs'>
    try {
      result = await this.run(request, signal === undefined ? this.stopping.signal : AbortSignal.any([this.stopping.signal, signal]))
    } catch (error) {
      const fetchError = error instanceof FetchError ? error : null
      const message = fetchError !== null
        ? fetchError.message
        : this.stopping.signal.aborted ? STOPPING_MESSAGE : `Dateline ingest: could not store the article (${(error as Error).message})`
      if (fetchError === null && !this.stopping.signal.aborted) logger.error({ err: error, ...describe(request) }, 'ingest failed')
      result = { outcome: fetchError !== null ? 'refused' : 'failed', added: [], duplicates: [], problems: [], error: { message, transient: fetchError === null || isTransient(fetchError) }, indexError: null }
    }
    const durationMs = Math.round(performance.now() - started)
    const outcome: IngestOutcome = { ...result, durationMs }
    metrics?.ingests.inc({ via: request.via, outcome: outcome.outcome })
    metrics?.ingestSeconds.observe({ via: request.via }, durationMs / 1000)
    const fields = {
      ...describe(request),
      outcome: outcome.outcome,
      added: outcome.added.map(a => a.id),
      duplicates: outcome.duplicates.map(d => d.id),
      problems: outcome.problems,
      error: outcome.error?.message,
      durationMs,
    }
    if (outcome.outcome === 'added' || outcome.outcome === 'duplicate') logger.info(fields, `ingest: ${outcome.outcome}`)
    else logger.warn(fields, `ingest: ${outcome.outcome}`)
    if (outcome.indexError !== null) logger.error({ ...describe(request), indexError: outcome.indexError }, 'ingest: stored, but the index in service could not take it')
    if (outcome.added.length > 0) this.options.onAdded(outcome.added, request.via)
    return outcome
  }

  private async run (request: IngestRequest, signal: AbortSignal): Promise<Omit<IngestOutcome, 'durationMs'>> {
    const { fetcher } = this.options
    if (request.via === 'file') return await this.store(async context => await ingestFile(request.name, request.bytes, context))
    if (request.via === 'attachment') {
      const refusal = this.attachmentRefusal(request.name, request.size ?? null)
      if (refusal !== null) return { outcome: 'unreadable', added: [], duplicates: [], problems: [refusal], error: null, indexError: null }
      const fetched = await fetcher.fetch(request.url, { purpose: 'attachment', signal })
      return await this.store(async context => await ingestFile(request.name, fetched.bytes, context))
    }
    // Known by its address: nothing is fetched.
    const known = knownUrl(request.url, await this.context())
    if (known !== null) return { outcome: 'duplicate', added: [], duplicates: known.duplicates, problems: [], error: null, indexError: null }
    const page = await fetcher.fetch(request.url, { purpose: 'page', signal })
    const feedUrl = request.via === 'feed' ? request.feedUrl : undefined
    return await this.store(async context => await ingestFetched(request.url, page, context, { feedUrl }))
  }

  private attachmentRefusal (name: string, size: number | null): string | null {
    const origin = `attachment "${name}"`
    if (!UPLOAD_EXTENSIONS.includes(extensionOf(name))) return `${origin}: is not an article file (Dateline reads ${UPLOAD_EXTENSIONS.join(', ')})`
    const { maxBytes } = this.options.fetcher.options
    if (size !== null && size > maxBytes) return `${origin}: is ${formatMegabytes(size)}, larger than the ${formatMegabytes(maxBytes)} limit (FETCH_MAX_BYTES); not read`
    return null
  }

  private async context (): Promise<IngestContext> {
    const { reader } = this
    return {
      coverageDir: this.options.coverageDir,
      keys: await this.options.target.coverageKeys(),
      now: this.options.now,
      ...(reader === null ? {} : { prepare: async input => await reader.read(input) }),
    }
  }

  /**
   * In the queue and under the folder's lock (other processes store into it
   * too): takes in what they stored, checks and stores, then makes what was
   * stored searchable.
   */
  private async store (write: (context: IngestContext) => Promise<IngestReport>): Promise<Omit<IngestOutcome, 'durationMs'>> {
    return await this.serially(async () => await withFolderLock(this.options.coverageDir, async () => await this.storeNow(write)))
  }

  private async storeNow (write: (context: IngestContext) => Promise<IngestReport>): Promise<Omit<IngestOutcome, 'durationMs'>> {
    // So that the duplicate check sees a story `npm run ingest` stored a moment ago.
    await this.takeIn()
    const report = await write(await this.context())
    const { passages, indexError } = report.added.length > 0 ? await this.appendStored(report.added.map(a => a.article)) : { passages: new Map<string, number>(), indexError: null }
    return { outcome: outcomeOf(report), added: withPassages(report.added, passages), duplicates: report.duplicates, problems: report.problems, error: null, indexError }
  }

  /**
   * Makes stored articles searchable in the index in service and has the
   * journal written once ingests pause: their passage counts, or why the
   * index could not take them (they are read at the next start or /reindex).
   */
  private async appendStored (articles: readonly Article[]): Promise<{ passages: Map<string, number>, indexError: string | null }> {
    try {
      const indexed = await this.options.target.append(articles)
      return { passages: new Map(indexed.map(s => [s.id, s.passages])), indexError: null }
    } catch (error) {
      return { passages: new Map(), indexError: (error as Error).message }
    } finally {
      this.journalSoon()
    }
  }

  /**
   * Takes in the articles another process stored in the coverage folder
   * since the index was built (`npm run ingest` in a terminal beside the
   * bot, a file copied in): each article file whose id the index does not
   * hold is read as a start reads it and appended, whatever it duplicates,
   * exactly as a rebuild would index it, so the snapshot's journal stays
   * true to the folder. Changed and removed files still wait for /reindex.
   * Runs in the queue, after any ingest under way; never throws.
   */
  async pickUpStored (): Promise<PickUpOutcome> {
    return await this.serially(async () => await this.takeIn())
  }

  /** pickUpStored, already in the queue. */
  private async takeIn (): Promise<PickUpOutcome> {
    const started = performance.now()
    const { logger, metrics } = this.options
    let outcome: PickUpOutcome
    try {
      outcome = await this.pickUpNow()
    } catch (error) {
      logger.warn({ err: error }, 'articles stored in the coverage folder by another process could not be read; /reindex reads them')
      return { added: [], problems: [], indexError: null }
    }
    const fresh = outcome.problems.filter(problem => !this.reportedProblems.has(problem))
    for (const problem of fresh) this.reportedProblems.add(problem)
    if (fresh.length > 0) logger.warn({ problems: fresh }, 'coverage problem in a file added to the folder')
    if (outcome.indexError !== null) logger.error({ indexError: outcome.indexError }, 'articles stored by another process could not be indexed; the next start or /reindex reads them')
    if (outcome.added.length === 0) return outcome
    metrics?.ingests.inc({ via: 'folder', outcome: 'added' })
    metrics?.ingestSeconds.observe({ via: 'folder' }, (performance.now() - started) / 1000)
    logger.info({ via: 'folder', added: outcome.added.map(a => a.id) }, `ingest: took in ${outcome.added.length} article(s) stored in the coverage folder by another process`)
    this.options.onAdded(outcome.added, 'folder')
    return outcome
  }

  private async pickUpNow (): Promise<PickUpOutcome> {
    const { target, coverageDir } = this.options
    const files = await readSeedFiles(coverageDir, id => target.holds(id))
    if (files.length === 0) return { added: [], problems: [], indexError: null }
    const parsed = this.reader === null ? parseSeedsReported(files) : await this.reader.parseSeeds(files)
    if (parsed.articles.length === 0) return { added: [], problems: parsed.problems, indexError: null }
    const appended = await this.appendStored(parsed.articles)
    let indexError = appended.indexError
    // Known by address and text from now on, as an ingest's own articles are: a later ingest of the same story is a duplicate.
    if (indexError === null) {
      try {
        const keys = await target.coverageKeys()
        for (const article of parsed.articles) rememberArticle(keys, article)
      } catch (error) {
        indexError = (error as Error).message
      }
    }
    return { added: withPassages(parsed.articles.map(ingestedArticle), appended.passages), problems: parsed.problems, indexError }
  }

  private async serially<T> (work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work)
    this.queue = run.catch(() => {})
    return await run
  }

  /** The journal is written once ingests pause, inside the queue, so no article is being stored while the folder is hashed. */
  private journalSoon (): void {
    this.journalDue = true
    if (this.journalTimer !== null) clearTimeout(this.journalTimer)
    this.journalTimer = setTimeout(() => { void this.writeJournal() }, this.options.journalDelayMs)
    this.journalTimer.unref()
  }

  /** Writes the journal now if anything was added since the last one; resolves once it is written. */
  async writeJournal (): Promise<void> {
    if (this.journalTimer !== null) clearTimeout(this.journalTimer)
    this.journalTimer = null
    await this.serially(async () => {
      if (!this.journalDue) return
      this.journalDue = false
      const started = performance.now()
      try {
        const journal = await this.options.target.saveJournal()
        const durationMs = Math.round(performance.now() - started)
        if (journal.status === 'written') this.options.logger.info({ journal: journal.name, durationMs }, 'snapshot journal written')
        else if (journal.status === 'coverage changed otherwise') this.options.logger.info({ durationMs }, 'snapshot journal not written: the coverage folder changed besides ingests; the next start rebuilds the index')
      } catch (error) {
        this.options.logger.warn({ err: error }, 'snapshot journal could not be written; the next start rebuilds the index')
      }
    })
  }

  /** Gets the page reader ready (a worker thread), so the first ingest is as quick as the next. */
  async warm (): Promise<void> {
    await this.reader?.warm()
  }

  /** Marks the snapshot as behind (a rebuild appended what it missed), so a journal is written soon. */
  coverageChanged (): void {
    this.journalSoon()
  }

  /** Abandons the fetches in flight (their ingests store nothing) and lets stores already under way finish. */
  abort (): void {
    this.stopping.abort()
  }

  /** Stops: fetches in flight are abandoned, stores under way finish, and the journal is written if due. */
  async close (): Promise<void> {
    this.abort()
    await this.writeJournal()
    await this.reader?.close()
  }
}

/** What a log line says about an ingest request: never an uploaded file's bytes. */
function describe (request: IngestRequest): Record<string, string> {
  if (request.via === 'file') return { via: request.via, name: request.name }
  if (request.via === 'attachment') return { via: request.via, name: request.name }
  if (request.via === 'feed') return { via: request.via, url: request.url, feedUrl: request.feedUrl }
  return { via: request.via, url: request.url }
}
