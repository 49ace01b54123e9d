/**
 * The search worker: builds (or loads) a library off the main thread, then
 * answers questions from it. The bot's event loop only ever posts messages,
 * so Discord heartbeats and replies never wait behind a build or a search.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { answerQuestion } from './core/answer.js'
import { catalogOf, passageFingerprints } from './core/catalog.js'
import type { Article } from './core/types.js'
import { loadLibrary, type BuildRequest } from './build.js'
import type { FromWorker, ToWorker, WorkerBuildData } from './worker-protocol.js'

const port = parentPort
if (port === null) throw new Error('Dateline search worker: must run in a worker thread')
const post = (message: FromWorker): void => port.postMessage(message)

const data = workerData as WorkerBuildData
let keepReply: ((articles: Article[]) => void) | null = null

const request: BuildRequest = {
  location: data.location,
  index: data.index,
  snapshotDir: data.snapshotDir,
  indexedIds: new Set(data.indexedIds),
  keep: async ids => await new Promise<Article[]>(resolve => {
    keepReply = resolve
    post({ type: 'keep', ids })
  }),
}

const built = loadLibrary(request)

port.on('message', (message: ToWorker) => {
  if (message.type === 'kept') {
    keepReply?.(message.articles)
    keepReply = null
    return
  }
  void built.then(({ library }) => {
    try {
      if (message.type === 'ask') post({ type: 'answer', id: message.id, answer: answerQuestion(library, message.question, message.options) })
      else if (message.type === 'articles') post({ type: 'articles', id: message.id, articles: message.ids.flatMap(id => library.articles.get(id) ?? []) })
      else post({ type: 'fingerprints', id: message.id, fingerprints: passageFingerprints(library, message.ids) })
    } catch (error) {
      post({ type: 'error', id: message.id, message: (error as Error).message })
    }
  })
})

built.then(
  ({ library, problems, keptPrevious, fromSnapshot }) => post({ type: 'ready', catalog: catalogOf(library), problems, keptPrevious, fromSnapshot }),
  (error: unknown) => post({ type: 'failed', name: (error as Error).name, message: (error as Error).message }),
)
