import type { Answer } from './core/answer.js'
import type { AskRequest } from './core/options.js'
import type { Catalog } from './core/catalog.js'
import type { IndexOptionsInput } from './core/library.js'
import type { Article } from './core/types.js'
import type { CoverageLocation, Problem } from './build.js'

/** What a search worker is started with. */
export interface WorkerBuildData {
  location: CoverageLocation
  index: IndexOptionsInput
  snapshotDir: string | null
  indexedIds: string[]
}

export type ToWorker =
  | { type: 'kept', articles: Article[] }
  | { type: 'ask', id: number, question: string, options: Partial<AskRequest> }
  | { type: 'articles', id: number, ids: readonly string[] }
  | { type: 'fingerprints', id: number, ids: readonly string[] }

export type FromWorker =
  | { type: 'keep', ids: string[] }
  | { type: 'ready', catalog: Catalog, problems: Problem[], keptPrevious: string[], fromSnapshot: boolean }
  | { type: 'failed', name: string, message: string }
  | { type: 'answer', id: number, answer: Answer }
  | { type: 'articles', id: number, articles: Article[] }
  | { type: 'fingerprints', id: number, fingerprints: Map<string, string[]> }
  | { type: 'error', id: number, message: string }
