/**
 * The search worker: builds (or loads) a library off the main thread, then
 * answers questions from it. The bot's event loop only ever posts messages,
 * so Discord heartbeats and replies never wait behind a build or a search.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { answerQuestion } from '../core/answer.js'
import { catalogOf, passageFingerprints } from '../core/catalog.js'
import { coverageKeys, rememberArticle, type CoverageKeys } from '../core/ingest.js'
import { appendToLibrary, type Library } from '../core/library.js'
import { loadLibrary, NoCoverageError } from './load.js'
import type { MainApi, WorkerApi, WorkerLoadOutcome, WorkerStartData } from './protocol.js'
import { Channel } from './rpc.js'

const port = parentPort
if (port === null) throw new Error('Dateline search worker: must run in a worker thread')
const data = workerData as WorkerStartData

let library: Library | null = null
const loadedLibrary = (): Library => {
  if (library === null) throw new Error('Dateline search worker: the index is not loaded')
  return library
}

/** Articles whose keys are computed between two turns for questions: about 50 ms on a large archive. */
const KEYS_PER_TURN = 150

/**
 * The keys of every indexed article, computed a slice at a time: hashing
 * the text of a large archive takes seconds, and questions keep being
 * answered between the slices.
 */
async function indexedKeys (): Promise<CoverageKeys> {
  const keys = coverageKeys()
  for (let ordinal = 0; ordinal < loadedLibrary().articleOrder.length; ordinal += 1) {
    // Read afresh each time: an append between two slices replaces the library.
    const current = loadedLibrary()
    const article = current.articles.get(current.articleOrder[ordinal] ?? '')
    if (article !== undefined) rememberArticle(keys, article)
    if (ordinal % KEYS_PER_TURN === KEYS_PER_TURN - 1) await new Promise(resolve => setImmediate(resolve))
  }
  return keys
}

const main: Channel<MainApi, WorkerApi> = new Channel<MainApi, WorkerApi>(port, {
  loaded: async () => await loading,
  ask: (question, request) => answerQuestion(loadedLibrary(), question, request),
  articles: ids => ids.flatMap(id => loadedLibrary().articles.get(id) ?? []),
  passageFingerprints: ids => passageFingerprints(loadedLibrary(), ids),
  append: articles => {
    const from = loadedLibrary().articleOrder.length
    library = appendToLibrary(loadedLibrary(), articles)
    return catalogOf(library, from)
  },
  coverageKeys: indexedKeys,
}, 'Dateline search worker')

const loading: Promise<WorkerLoadOutcome> = loadLibrary({
  location: data.location,
  index: data.index,
  snapshotDir: data.snapshotDir,
  contentHash: data.contentHash,
  indexedIds: new Set(data.indexedIds),
  keep: async ids => await main.call('keep', ids),
  onProgress: progress => main.notify('progress', progress),
}).then(
  loaded => {
    library = loaded.library
    const { problems, keptPrevious, fromSnapshot, snapshot } = loaded
    return { status: 'ready', catalog: catalogOf(loaded.library), problems, keptPrevious, fromSnapshot, snapshot }
  },
  (error: unknown) => ({ status: error instanceof NoCoverageError ? 'no-coverage' : 'failed', message: (error as Error).message })
)
