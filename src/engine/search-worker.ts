/**
 * The search worker: builds (or loads) a library off the main thread, then
 * answers questions from it. The bot's event loop only ever posts messages,
 * so Discord heartbeats and replies never wait behind a build or a search.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { answerQuestion, warmUp } from '../core/answer.js'
import { catalogOf, passageFingerprints } from '../core/catalog.js'
import { coverageKeys, rememberArticle, type CoverageKeys } from '../core/ingest.js'
import { appendToLibrary, buildLibrary, type Library } from '../core/library.js'
import { distinctiveNames, sourceFinderFor, type SourceFinder } from '../core/sources.js'
import { timelineOf } from '../core/timeline/index.js'
import { renderChart } from './engine.js'
import { loadLibrary, NoCoverageError } from './load.js'
import type { MainApi, WorkerApi, WorkerLoadOutcome, WorkerStartData } from './protocol.js'
import { Channel } from './rpc.js'

const port = parentPort
if (port === null) throw new Error('Dateline search worker: must run in a worker thread')
const data = workerData as WorkerStartData

let library: Library | null = null
let finder: Promise<SourceFinder> | null = null
let settling: Promise<void> | null = null
const loadedLibrary = (): Library => {
  if (library === null) throw new Error('Dateline search worker: the index is not loaded')
  return library
}
const loadedFinder = async (): Promise<SourceFinder> => {
  if (finder === null) throw new Error('Dateline search worker: the index is not loaded')
  return await finder
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

/**
 * A library loaded from a snapshot was never built in this thread, so the
 * first ingest would run the indexing code in V8's interpreter, questions
 * waiting behind it. A few of its articles indexed into a library of their
 * own, and appended to it, get that code compiled first.
 */
function warmUpAppend (from: Library): void {
  const articles = from.articleOrder.slice(0, 40).flatMap(id => from.articles.get(id) ?? [])
  if (articles.length < 2) return
  let scratch = buildLibrary(articles.slice(0, 1), from.options)
  for (const article of articles.slice(1)) scratch = appendToLibrary(scratch, [article])
}

const main: Channel<MainApi, WorkerApi> = new Channel<MainApi, WorkerApi>(port, {
  loaded: async () => await loading,
  settled: async () => {
    await loading
    await settling
  },
  ask: (question, request) => answerQuestion(loadedLibrary(), question, request),
  timeline: (topic, request) => timelineOf(loadedLibrary(), topic, request),
  // Charts are drawn here too: Vega lays out the SVG in JavaScript, which would otherwise hold the main thread.
  timelineChart: async timeline => await renderChart(timeline),
  articles: ids => ids.flatMap(id => loadedLibrary().articles.get(id) ?? []),
  passageFingerprints: ids => passageFingerprints(loadedLibrary(), ids),
  findSources: async (typed, limit) => (await loadedFinder()).find(typed, limit),
  append: articles => {
    const from = loadedLibrary().articleOrder.length
    library = appendToLibrary(loadedLibrary(), articles)
    const added = catalogOf(library, from)
    finder = finder?.then(current => { current.add(added.sources, distinctiveNames(articles)); return current }) ?? null
    return added
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
    const catalog = catalogOf(loaded.library)
    // Built just after the worker reports ready (about 2 s for 8,817 articles, here rather than on the
    // main thread), while the bot logs in: a restart is not held up by it, and only a keystroke or
    // question in those first seconds waits for it. A rebuild waits for it (Engine.settled) before
    // the new worker takes over, so there no one waits.
    finder = new Promise(resolve => setImmediate(() => resolve(sourceFinderFor(loaded.library, catalog.sources))))
    // A fresh thread runs the search code in V8's interpreter: its first questions take up to ten
    // times as long. A few questions of its own, asked once nobody waits, get it compiled.
    settling = finder.then(async () => await new Promise<void>(resolve => setImmediate(() => { warmUp(loaded.library); warmUpAppend(loaded.library); resolve() })))
    const { problems, keptPrevious, fromSnapshot, snapshot } = loaded
    return { status: 'ready', catalog, problems, keptPrevious, fromSnapshot, snapshot }
  },
  (error: unknown) => ({ status: error instanceof NoCoverageError ? 'no-coverage' : 'failed', message: (error as Error).message })
)
