import type { Answer } from './core/answer.js'
import type { AskRequest } from './core/options.js'
import type { Catalog } from './core/catalog.js'
import { diffCatalogs, type CoverageDiff } from './core/diff.js'
import type { IndexOptionsInput } from './core/library.js'
import type { SourceSummary } from './core/render.js'
import { loadLibrary, type BuildRequest, type CoverageLocation, type Problem } from './build.js'
import { InProcessEngine, type Engine } from './engine.js'
import { WorkerEngine, type WorkerBuild } from './worker-engine.js'

export { describeLocation, readCoverage, type CoverageLocation } from './build.js'

export interface ReindexReport {
  /** False when nothing usable was read and the previous index stays in service. */
  swapped: boolean
  diff: CoverageDiff | null
  articles: number
  passages: number
  /** Inputs that could not be read, one sentence each naming the file. */
  problems: string[]
  /** Articles whose file is now broken but whose last good version stays indexed. */
  keptPrevious: string[]
  durationMs: number
}

export type ReindexOutcome = { status: 'done', report: ReindexReport } | { status: 'busy', startedAt: number, startedBy: string | null }

/** Builds an engine for the coverage: in this thread, or in a worker thread. */
export type EngineBuilder = (request: BuildRequest) => Promise<WorkerBuild>

export const buildInProcess: EngineBuilder = async request => {
  const { library, ...rest } = await loadLibrary(request)
  return { engine: new InProcessEngine(library), ...rest }
}

export const buildInWorker: EngineBuilder = async request => await WorkerEngine.start(request)

export interface DatelineOptions {
  index: IndexOptionsInput
  build: EngineBuilder
  /** Folder for index snapshots; null (the default) builds every time. */
  snapshotDir: string | null
  /** Clock for durations, injectable for tests. */
  now: () => number
}

const noneIndexed: BuildRequest['keep'] = async () => []

/**
 * The running service: one current engine, answered from until a rebuilt
 * one is complete, then replaced in a single assignment.
 */
export class Dateline {
  private engine: Engine
  private running: { startedAt: number, startedBy: string | null } | null = null

  private constructor (readonly location: CoverageLocation, engine: Engine, private readonly options: DatelineOptions) {
    this.engine = engine
  }

  /** Loads and indexes the coverage. Fails only when no article at all can be read. */
  static async open (location: CoverageLocation, partial: Partial<DatelineOptions> = {}): Promise<{ dateline: Dateline, problems: string[], fromSnapshot: boolean }> {
    const options: DatelineOptions = { index: {}, build: buildInProcess, snapshotDir: null, now: () => performance.now(), ...partial }
    const built = await options.build({ location, index: options.index, snapshotDir: options.snapshotDir, indexedIds: new Set(), keep: noneIndexed })
    return { dateline: new Dateline(location, built.engine, options), problems: built.problems.map(p => p.message), fromSnapshot: built.fromSnapshot }
  }

  get catalog (): Catalog {
    return this.engine.catalog
  }

  get reindexing (): boolean {
    return this.running !== null
  }

  async ask (question: string, options: Partial<AskRequest> = {}): Promise<Answer> {
    return await this.engine.ask(question, options)
  }

  sources (): readonly SourceSummary[] {
    return this.engine.catalog.sources
  }

  /**
   * Rebuilds from the coverage on disk. Questions keep being answered from
   * the current engine meanwhile; a second call while one runs is refused.
   */
  async reindex (startedBy: string | null = null): Promise<ReindexOutcome> {
    if (this.running !== null) return { status: 'busy', ...this.running }
    this.running = { startedAt: Date.now(), startedBy }
    try {
      return { status: 'done', report: await this.rebuild() }
    } finally {
      this.running = null
    }
  }

  async close (): Promise<void> {
    await this.engine.close()
  }

  private async rebuild (): Promise<ReindexReport> {
    const started = this.options.now()
    const previous = this.engine
    let built: WorkerBuild
    try {
      built = await this.options.build({
        location: this.location,
        index: this.options.index,
        snapshotDir: this.options.snapshotDir,
        indexedIds: new Set(previous.catalog.byId.keys()),
        keep: async ids => await previous.articles(ids),
      })
    } catch (error) {
      return this.keepPrevious([{ message: (error as Error).message, sourceId: null }], started)
    }
    const next = built.engine
    this.engine = next
    const diff = await diffCatalogs(previous.catalog, next.catalog, {
      before: async ids => await previous.passageFingerprints(ids),
      after: async ids => await next.passageFingerprints(ids),
    })
    void previous.close()
    const { catalog } = next
    return {
      swapped: true,
      diff,
      articles: catalog.sources.length,
      passages: catalog.passageCount,
      problems: built.problems.map(p => p.message),
      keptPrevious: built.keptPrevious,
      durationMs: Math.round(this.options.now() - started),
    }
  }

  private keepPrevious (problems: Problem[], started: number): ReindexReport {
    return {
      swapped: false,
      diff: null,
      articles: this.engine.catalog.sources.length,
      passages: this.engine.catalog.passageCount,
      problems: problems.map(p => p.message),
      keptPrevious: [],
      durationMs: Math.round(this.options.now() - started),
    }
  }
}
