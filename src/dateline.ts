import type { Answer } from './core/answer.js'
import type { Catalog } from './core/catalog.js'
import { diffCatalogs, type CoverageDiff } from './core/diff.js'
import type { IndexOptionsInput } from './core/library.js'
import type { AskRequest } from './core/options.js'
import type { Timeline, TimelineRequest } from './core/timeline/index.js'
import type { ChartImage } from './chart.js'
import type { SourceSummary } from './core/types.js'
import { startInProcess, type Engine, type EngineStarter, type StartedEngine } from './engine/engine.js'
import type { CoverageLocation, LoadRequest, ProgressListener } from './engine/load.js'

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

export interface DatelineOptions {
  index: IndexOptionsInput
  /** Starts an engine: in this thread (the default) or in a worker thread. */
  start: EngineStarter
  /** Folder for index snapshots; null (the default) builds every time. */
  snapshotDir: string | null
  /** Clock for durations, injectable for tests. */
  now: () => number
  /** Told when an engine fails by itself, when its replacement is ready (or not), and when a reindex ends. */
  onEngineEvent: (event: EngineEvent) => void
}

export type EngineEvent =
  | { type: 'failed', error: Error }
  | { type: 'restarted', durationMs: number }
  | { type: 'restart-failed', error: Error }
  | { type: 'reindexed', report: ReindexReport }

const noneIndexed: LoadRequest['keep'] = async () => []

/** Starts an engine for the coverage; a broken file's last good version comes from `previous`. */
async function startEngine (options: DatelineOptions, location: CoverageLocation, previous: Engine | null, onProgress: ProgressListener | undefined, onFailure: (engine: Engine, error: Error) => void): Promise<StartedEngine> {
  let engine: Engine | null = null
  const started = await options.start({
    location,
    index: options.index,
    snapshotDir: options.snapshotDir,
    indexedIds: new Set(previous?.catalog.byId.keys() ?? []),
    keep: previous === null ? noneIndexed : async ids => await previous.articles(ids),
    onProgress,
    onFailure: error => { if (engine !== null) onFailure(engine, error) },
  })
  engine = started.engine
  return started
}

/**
 * The running service: one current engine, answered from until a rebuilt
 * one is complete, then replaced in a single assignment. An engine that
 * fails by itself (its worker crashed) is replaced from the same coverage,
 * and questions asked meanwhile wait for the replacement.
 */
export class Dateline {
  private engine: Engine
  private running: { startedAt: number, startedBy: string | null } | null = null
  private restarting: Promise<void> | null = null
  private closed = false

  private constructor (readonly location: CoverageLocation, engine: Engine, private readonly options: DatelineOptions) {
    this.engine = engine
  }

  /** Loads and indexes the coverage. Fails only when no article at all can be read. */
  static async open (location: CoverageLocation, partial: Partial<DatelineOptions> & { onProgress?: ProgressListener } = {}): Promise<{ dateline: Dateline, problems: string[], fromSnapshot: boolean }> {
    const { onProgress, ...rest } = partial
    const options: DatelineOptions = { index: {}, start: startInProcess, snapshotDir: null, now: () => performance.now(), onEngineEvent: () => {}, ...rest }
    let dateline: Dateline | null = null
    const started = await startEngine(options, location, null, onProgress, (engine, error) => dateline?.engineFailed(engine, error))
    dateline = new Dateline(location, started.engine, options)
    return { dateline, problems: started.problems.map(p => p.message), fromSnapshot: started.fromSnapshot }
  }

  get catalog (): Catalog {
    return this.engine.catalog
  }

  get reindexing (): boolean {
    return this.running !== null
  }

  async ask (question: string, request: Partial<AskRequest> = {}): Promise<Answer> {
    if (this.restarting !== null) await this.restarting
    return await this.engine.ask(question, request)
  }

  async timeline (topic: string, request: Partial<TimelineRequest> = {}): Promise<Timeline> {
    if (this.restarting !== null) await this.restarting
    return await this.engine.timeline(topic, request)
  }

  async timelineChart (timeline: Timeline): Promise<ChartImage | null> {
    if (this.restarting !== null) await this.restarting
    return await this.engine.timelineChart(timeline)
  }

  sources (): readonly SourceSummary[] {
    return this.engine.catalog.sources
  }

  /** The indexed articles best matching a few typed letters, best first, for autocomplete. */
  async findSources (typed: string, limit: number): Promise<SourceSummary[]> {
    if (this.restarting !== null) await this.restarting
    const engine = this.engine
    const ids = await engine.findSources(typed, limit)
    return ids.flatMap(id => engine.catalog.byId.get(id) ?? [])
  }

  /**
   * Rebuilds from the coverage on disk. Questions keep being answered from
   * the current engine meanwhile; a second call while one runs is refused.
   */
  async reindex (startedBy: string | null = null, onProgress?: ProgressListener): Promise<ReindexOutcome> {
    if (this.running !== null) return { status: 'busy', ...this.running }
    this.running = { startedAt: Date.now(), startedBy }
    try {
      const report = await this.rebuild(onProgress)
      this.options.onEngineEvent({ type: 'reindexed', report })
      return { status: 'done', report }
    } finally {
      this.running = null
    }
  }

  async close (): Promise<void> {
    this.closed = true
    await this.restarting
    await this.engine.close()
  }

  private async startEngine (previous: Engine | null, onProgress?: ProgressListener): Promise<StartedEngine> {
    return await startEngine(this.options, this.location, previous, onProgress, (engine, error) => this.engineFailed(engine, error))
  }

  /** Replaces an engine that stopped working by itself, unless it was already replaced. */
  private engineFailed (engine: Engine, error: Error): void {
    if (engine !== this.engine || this.closed || this.restarting !== null) return
    this.options.onEngineEvent({ type: 'failed', error })
    const started = this.options.now()
    this.restarting = this.startEngine(null).then(
      replacement => {
        this.engine = replacement.engine
        this.options.onEngineEvent({ type: 'restarted', durationMs: Math.round(this.options.now() - started) })
      },
      (restartError: unknown) => this.options.onEngineEvent({ type: 'restart-failed', error: restartError as Error })
    ).finally(() => { this.restarting = null })
  }

  private async rebuild (onProgress?: ProgressListener): Promise<ReindexReport> {
    const started = this.options.now()
    if (this.restarting !== null) await this.restarting
    const previous = this.engine
    let built: StartedEngine
    try {
      built = await this.startEngine(previous, onProgress)
    } catch (error) {
      return this.keepPrevious([(error as Error).message], started)
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

  private keepPrevious (problems: string[], started: number): ReindexReport {
    return {
      swapped: false,
      diff: null,
      articles: this.engine.catalog.sources.length,
      passages: this.engine.catalog.passageCount,
      problems,
      keptPrevious: [],
      durationMs: Math.round(this.options.now() - started),
    }
  }
}
