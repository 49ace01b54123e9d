import { Worker } from 'node:worker_threads'
import type { Answer } from './core/answer.js'
import type { AskRequest } from './core/options.js'
import type { Catalog } from './core/catalog.js'
import type { Article } from './core/types.js'
import { NoCoverageError, type BuildRequest, type BuiltLibrary } from './build.js'
import type { Engine } from './engine.js'
import type { FromWorker, ToWorker, WorkerBuildData } from './worker-protocol.js'

// Dateline runs from its TypeScript sources, so the worker starts through a
// small entry that registers tsx in its own thread.
const WORKER_URL = new URL('./search-worker-entry.mjs', import.meta.url)

/**
 * The worker's heap ceiling. The full 8,817-article benchmark archive needs
 * about 600 MB live; without a ceiling V8 lets garbage pile up to several GB
 * before collecting it. Much closer to the live size, collection itself
 * slows building and loading, so the ceiling leaves room for both.
 */
export const WORKER_HEAP_MB = 1536

export type WorkerBuild = Omit<BuiltLibrary, 'library'> & { engine: Engine }

/** An engine whose index lives in a worker thread; questions travel as messages. */
export class WorkerEngine implements Engine {
  private nextId = 0
  private readonly pending = new Map<number, { resolve: (value: never) => void, reject: (error: Error) => void }>()
  private closing: Promise<void> | null = null

  private constructor (private readonly worker: Worker, readonly catalog: Catalog) {
    worker.on('message', (message: FromWorker) => {
      if (message.type !== 'answer' && message.type !== 'articles' && message.type !== 'fingerprints' && message.type !== 'error') return
      const waiter = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.type === 'error') waiter?.reject(new Error(`Dateline search worker: ${message.message}`))
      else waiter?.resolve((message.type === 'answer' ? message.answer : message.type === 'articles' ? message.articles : message.fingerprints) as never)
    })
    worker.on('error', error => this.failAll(error))
    worker.on('exit', code => this.failAll(new Error(`Dateline search worker: exited with code ${code}`)))
  }

  /** Starts a worker that builds the library; resolves once it can answer. */
  static async start (request: BuildRequest): Promise<WorkerBuild> {
    const data: WorkerBuildData = { location: request.location, index: request.index, snapshotDir: request.snapshotDir, indexedIds: [...request.indexedIds] }
    const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
    return await new Promise<WorkerBuild>((resolve, reject) => {
      const onExit = (code: number): void => reject(new Error(`Dateline search worker: exited with code ${code} before the index was ready`))
      worker.once('error', reject)
      worker.once('exit', onExit)
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'keep') {
          request.keep(message.ids).then(
            articles => worker.postMessage({ type: 'kept', articles } satisfies ToWorker),
            () => worker.postMessage({ type: 'kept', articles: [] } satisfies ToWorker),
          )
          return
        }
        if (message.type !== 'ready' && message.type !== 'failed') return
        worker.off('message', onMessage)
        worker.off('error', reject)
        worker.off('exit', onExit)
        if (message.type === 'failed') {
          void worker.terminate()
          reject(message.name === 'NoCoverageError' ? new NoCoverageError(message.message) : new Error(message.message))
          return
        }
        const { catalog, problems, keptPrevious, fromSnapshot } = message
        resolve({ engine: new WorkerEngine(worker, catalog), problems, keptPrevious, fromSnapshot })
      }
      worker.on('message', onMessage)
    })
  }

  async ask (question: string, options: Partial<AskRequest> = {}): Promise<Answer> {
    return await this.request<Answer>(id => ({ type: 'ask', id, question, options }))
  }

  async articles (ids: readonly string[]): Promise<Article[]> {
    return await this.request<Article[]>(id => ({ type: 'articles', id, ids }))
  }

  async passageFingerprints (ids: readonly string[]): Promise<Map<string, string[]>> {
    return await this.request<Map<string, string[]>>(id => ({ type: 'fingerprints', id, ids }))
  }

  /** Stops the worker once the questions already sent to it are answered. */
  async close (): Promise<void> {
    this.closing ??= (async () => {
      while (this.pending.size > 0) await new Promise(resolve => setTimeout(resolve, 5))
      await this.worker.terminate()
    })()
    await this.closing
  }

  private async request<T> (message: (id: number) => ToWorker): Promise<T> {
    if (this.closing !== null) throw new Error('Dateline search worker: closed')
    const id = this.nextId++
    return await new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject })
      this.worker.postMessage(message(id))
    })
  }

  private failAll (error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error)
    this.pending.clear()
  }
}
