import { Worker } from 'node:worker_threads'
import type { SeedInput } from '../core/coverage.js'
import type { IngestInput, PreparedArticle } from '../core/ingest.js'
import type { Article } from '../core/types.js'
import { Channel } from './rpc.js'

/** Articles read from an input, and why parts of it gave none (as sentences). */
export interface ReadInput {
  articles: PreparedArticle[]
  problems: Array<{ message: string }>
}

/** What the reader worker serves. */
export interface ReaderApi {
  [name: string]: (...args: never[]) => unknown
  prepare: (input: IngestInput) => ReadInput
  /** Seed files as a start reads them (parseSeeds), problems as sentences. */
  parseSeeds: (seeds: SeedInput[]) => { articles: Article[], problems: string[] }
}

// As for the search worker: from the TypeScript sources in development, compiled JavaScript otherwise.
const READER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./reader-worker-entry.mjs', import.meta.url)
  : new URL('./reader-worker.js', import.meta.url)

const WARM_UP_PAGE = '<!doctype html><html><head><title>Warm-up</title><meta property="article:published_time" content="2024-01-01"></head><body><article><h1>Warm-up</h1><p>Dateline reads one small page when it starts, so that the first article a moderator adds is read at full speed.</p></article></body></html>'

/** Room for the DOM of the largest page fetched (FETCH_MAX_BYTES, 5 MB by default) and then some. */
const READER_HEAP_MB = 512

/**
 * Reads pages and files in a worker thread, started at the first input and
 * kept for the next; a worker that died is replaced at the next input.
 */
export class PageReader {
  private worker: { thread: Worker, channel: Channel<ReaderApi> } | null = null
  private closed = false

  async read (input: IngestInput): Promise<ReadInput> {
    if (this.closed) throw new Error('Dateline reader: closed')
    return await this.started().channel.call('prepare', input)
  }

  async parseSeeds (seeds: SeedInput[]): Promise<{ articles: Article[], problems: string[] }> {
    if (this.closed) throw new Error('Dateline reader: closed')
    return await this.started().channel.call('parseSeeds', seeds)
  }

  /**
   * Starts the worker and has it read a small page, so that the first
   * article does not also wait for the thread, its modules and their first
   * compilation (hundreds of milliseconds).
   */
  async warm (): Promise<void> {
    await this.read({ kind: 'file', name: 'warm-up.html', bytes: Buffer.from(WARM_UP_PAGE), receivedAt: new Date(0).toISOString() })
  }

  private started (): { thread: Worker, channel: Channel<ReaderApi> } {
    if (this.worker !== null) return this.worker
    const thread = new Worker(READER_URL, { resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB } })
    // The bot's client keeps the process alive; an idle reader alone never should.
    thread.unref()
    const channel = new Channel<ReaderApi>(thread, {}, 'Dateline main thread')
    const worker = { thread, channel }
    const stopped = (error: Error): void => {
      channel.fail(error)
      if (this.worker === worker) this.worker = null
    }
    thread.on('error', error => stopped(new Error(`Dateline reader worker: ${error.message}`)))
    thread.on('exit', code => stopped(new Error(`Dateline reader worker: exited with code ${code}`)))
    this.worker = worker
    return worker
  }

  /** Stops the worker once the inputs already sent are read. */
  async close (): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = null
    if (worker === null) return
    await worker.channel.idle()
    await worker.thread.terminate()
  }
}
