import type { Answer } from '../core/answer.js'
import type { Catalog } from '../core/catalog.js'
import type { IndexOptionsInput } from '../core/library.js'
import type { AskRequest } from '../core/options.js'
import type { Timeline, TimelineRequest } from '../core/timeline/index.js'
import type { ChartImage } from '../chart.js'
import type { CoverageKeys } from '../core/ingest.js'
import type { Article } from '../core/types.js'
import type { CoverageLocation, LoadProgress, Problem, SnapshotBase } from './load.js'

/** What a search worker is started with. */
export interface WorkerStartData {
  location: CoverageLocation
  index: IndexOptionsInput
  snapshotDir: string | null
  /** The coverage's hash, computed by the main thread (whose file digests then stay warm for journals). */
  contentHash: string | undefined
  indexedIds: string[]
}

/** How loading ended in the worker: ready to answer, or why not. */
export type WorkerLoadOutcome =
  | { status: 'ready', catalog: Catalog, problems: Problem[], keptPrevious: string[], fromSnapshot: boolean, snapshot: SnapshotBase | null }
  | { status: 'no-coverage' | 'failed', message: string }

/** What the search worker serves. */
export interface WorkerApi {
  [name: string]: (...args: never[]) => unknown
  loaded: () => Promise<WorkerLoadOutcome>
  /** Resolves once the source finder is built and the search code warmed up (see Engine.settled). */
  settled: () => Promise<void>
  ask: (question: string, request: Partial<AskRequest>) => Answer
  timeline: (topic: string, request: Partial<TimelineRequest>) => Timeline
  timelineChart: (timeline: Timeline) => Promise<ChartImage | null>
  articles: (ids: readonly string[]) => Article[]
  passageFingerprints: (ids: readonly string[]) => Map<string, string[]>
  findSources: (typed: string, limit: number) => Promise<string[]>
  /** Adds the articles to the index in place; returns the catalog of just those articles. */
  append: (articles: readonly Article[]) => Catalog
  coverageKeys: () => Promise<CoverageKeys>
}

/** What the main thread serves the worker while it loads. */
export interface MainApi {
  [name: string]: (...args: never[]) => unknown
  /** The last good versions of these articles, from the index in service. */
  keep: (ids: string[]) => Promise<Article[]>
  progress: (progress: LoadProgress) => void
}
