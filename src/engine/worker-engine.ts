import { Worker } from 'node:worker_threads'
import type { Answer } from '../core/answer.js'
import { extendCatalog, type Catalog } from '../core/catalog.js'
import type { CoverageKeys } from '../core/ingest.js'
import type { AskRequest } from '../core/options.js'
import type { Timeline, TimelineRequest } from '../core/timeline/index.js'
import type { ChartImage } from '../chart.js'
import type { Article, SourceSummary } from '../core/types.js'
import type { Engine, EngineStarter } from './engine.js'
import { NoCoverageError } from './load.js'
import type { MainApi, WorkerApi, WorkerStartData } from './protocol.js'
import { Channel } from './rpc.js'

// Dateline runs from its TypeScript sources in development, so there the
// worker starts through a small entry that registers tsx in its own thread;
// compiled to JavaScript, it starts directly.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./search-worker-entry.mjs', import.meta.url)
  : new URL('./search-worker.js', import.meta.url)

/**
 * The worker's heap ceiling. The full 8,817-article benchmark archive needs
 * about 600 MB live; without a ceiling V8 lets garbage pile up to several GB
 * before collecting it. Much closer to the live size, collection itself
 * slows building and loading, so the ceiling leaves room for both.
 */
export const WORKER_HEAP_MB = 1536

/** An engine whose index lives in a worker thread; questions travel as messages. */
export class WorkerEngine implements Engine {
  private closing: Promise<void> | null = null

  constructor (private readonly worker: Worker, private readonly channel: Channel<WorkerApi, MainApi>, private listed: Catalog) {}

  get catalog (): Catalog {
    return this.listed
  }

  /** The worker's thread id, for logs. */
  get threadId (): number {
    return this.worker.threadId
  }

  async ask (question: string, request: Partial<AskRequest> = {}): Promise<Answer> {
    return await this.channel.call('ask', question, request)
  }

  async timeline (topic: string, request: Partial<TimelineRequest> = {}): Promise<Timeline> {
    return await this.channel.call('timeline', topic, request)
  }

  async timelineChart (timeline: Timeline): Promise<ChartImage | null> {
    return await this.channel.call('timelineChart', timeline)
  }

  async articles (ids: readonly string[]): Promise<Article[]> {
    return await this.channel.call('articles', ids)
  }

  async passageFingerprints (ids: readonly string[]): Promise<Map<string, string[]>> {
    return await this.channel.call('passageFingerprints', ids)
  }

  async findSources (typed: string, limit: number): Promise<string[]> {
    return await this.channel.call('findSources', typed, limit)
  }

  async append (articles: readonly Article[]): Promise<SourceSummary[]> {
    // Only the new articles' entries cross the thread boundary, not the whole catalog.
    const added = await this.channel.call('append', articles)
    this.listed = extendCatalog(this.listed, added)
    return [...added.sources]
  }

  async coverageKeys (): Promise<CoverageKeys> {
    return await this.channel.call('coverageKeys')
  }

  async settled (): Promise<void> {
    await this.channel.call('settled')
  }

  /** Stops the worker once the questions already sent to it are answered. */
  async close (): Promise<void> {
    this.closing ??= (async () => {
      await this.channel.idle()
      this.channel.fail(new Error('Dateline search worker: closed'))
      await this.worker.terminate()
    })()
    await this.closing
  }

  /** Stops the worker at once, as a crash would; questions in flight fail. */
  async kill (): Promise<void> {
    await this.worker.terminate()
  }

  get closed (): boolean {
    return this.closing !== null
  }
}

/** Starts a worker that loads the library; resolves once it can answer. */
export const startInWorker: EngineStarter = async request => {
  const data: WorkerStartData = { location: request.location, index: request.index, snapshotDir: request.snapshotDir, contentHash: request.contentHash, indexedIds: [...request.indexedIds] }
  const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
  const channel = new Channel<WorkerApi, MainApi>(worker, {
    keep: async ids => await request.keep(ids),
    progress: progress => request.onProgress?.(progress),
  }, 'Dateline main thread')
  let engine: WorkerEngine | null = null
  const stopped = (error: Error): void => {
    channel.fail(error)
    if (engine !== null && !engine.closed) request.onFailure?.(error)
  }
  worker.on('error', error => stopped(new Error(`Dateline search worker: ${error.message}`)))
  worker.on('exit', code => stopped(new Error(`Dateline search worker: exited with code ${code}`)))

  const outcome = await channel.call('loaded').catch(async (error: Error) => {
    await worker.terminate()
    throw new Error(`${error.message} before the index was ready`)
  })
  if (outcome.status !== 'ready') {
    await worker.terminate()
    throw outcome.status === 'no-coverage' ? new NoCoverageError(outcome.message) : new Error(outcome.message)
  }
  engine = new WorkerEngine(worker, channel, outcome.catalog)
  const { problems, keptPrevious, fromSnapshot, snapshot } = outcome
  return { engine, problems, keptPrevious, fromSnapshot, snapshot }
}
