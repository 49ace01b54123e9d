import type { Answer } from './core/answer.js'
import type { Catalog } from './core/catalog.js'
import { diffCatalogs, type CoverageDiff } from './core/diff.js'
import type { CoverageKeys } from './core/ingest.js'
import type { IndexOptionsInput } from './core/library.js'
import type { AskRequest } from './core/options.js'
import type { Timeline, TimelineRequest } from './core/timeline/index.js'
import type { ChartImage } from './chart.js'
import type { Article, SourceSummary } from './core/types.js'
import { startInProcess, type Engine, type EngineStarter, type StartedEngine } from './engine/engine.js'
import { coverageHash, saveJournal, type CoverageLocation, type JournalOutcome, type LoadRequest, type ProgressListener, type SnapshotBase } from './engine/load.js'

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
  // Hashed here rather than in the worker: this thread's file digests then stay known, so a journal
  // written after ingests reads only the new files (see hashFolder in io.ts).
  const contentHash = options.snapshotDir === null ? undefined : await coverageHash(location)
  const started = await options.start({
    location,
    index: options.index,
    snapshotDir: options.snapshotDir,
    contentHash,
    indexedIds: new Set(previous?.catalog.byId.keys() ?? []),
    keep: previous === null ? noneIndexed : async ids => await previous.articles(ids),
    onProgress,
    onFailure: error => { if (engine !== null) onFailure(engine, error) },
  })
  engine = started.engine
  if (previous !== null) {
    // A replacement takes over only once settled: the engine in service answers meanwhile, at full speed.
    await started.engine.settled().catch(async (error: unknown) => {
      await started.engine.close()
      throw error
    })
  }
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
  /** The engine's snapshot and what was appended to it since, for the journal; null without snapshots. */
  private snapshot: SnapshotBase | null
  private running: { startedAt: number, startedBy: string | null } | null = null
  private restarting: Promise<void> | null = null
  private closed = false
  /** Appends, and the swap of a rebuilt engine, one at a time: none may land on an engine being replaced. */
  private appending: Promise<unknown> = Promise.resolve()
  /** Articles appended while a rebuild reads the coverage; the rebuilt engine gets those it missed. Null when no rebuild runs. */
  private appendedDuringRebuild: Article[] | null = null
  private keys: { engine: Engine, keys: Promise<CoverageKeys> } | null = null

  private constructor (readonly location: CoverageLocation, started: StartedEngine, private readonly options: DatelineOptions) {
    this.engine = started.engine
    this.snapshot = started.snapshot
  }

  /** Loads and indexes the coverage. Fails only when no article at all can be read. */
  static async open (location: CoverageLocation, partial: Partial<DatelineOptions> & { onProgress?: ProgressListener } = {}): Promise<{ dateline: Dateline, problems: string[], fromSnapshot: boolean }> {
    const { onProgress, ...rest } = partial
    const options: DatelineOptions = { index: {}, start: startInProcess, snapshotDir: null, now: () => performance.now(), onEngineEvent: () => {}, ...rest }
    let dateline: Dateline | null = null
    const started = await startEngine(options, location, null, onProgress, (engine, error) => dateline?.engineFailed(engine, error))
    dateline = new Dateline(location, started, options)
    return { dateline, problems: started.problems.map(p => p.message), fromSnapshot: started.fromSnapshot }
  }

  get catalog (): Catalog {
    return this.engine.catalog
  }

  /**
   * Resolves once the engine in service has settled (see Engine.settled):
   * its first questions are then answered at full speed. The bot does not
   * wait for it, since logging in takes as long.
   */
  async settled (): Promise<void> {
    if (this.restarting !== null) await this.restarting
    await this.engine.settled()
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

  /** Whether the index in service holds an article of this id. */
  holds (id: string): boolean {
    return this.engine.catalog.byId.has(id)
  }

  sources (): readonly SourceSummary[] {
    return this.engine.catalog.sources
  }

  /** An indexed article's first paragraph, as /sources shows it; null for an id the index does not hold. */
  async opening (id: string): Promise<string | null> {
    if (this.restarting !== null) await this.restarting
    const [article] = await this.engine.articles([id])
    return article?.paragraphs[0]?.text ?? null
  }

  /** The indexed articles best matching a few typed letters, best first, for autocomplete. */
  async findSources (typed: string, limit: number): Promise<SourceSummary[]> {
    if (this.restarting !== null) await this.restarting
    const engine = this.engine
    const ids = await engine.findSources(typed, limit)
    return ids.flatMap(id => engine.catalog.byId.get(id) ?? [])
  }

  /**
   * Adds articles to the index in service, in place: each is searchable and
   * listed by /sources once this resolves. Articles already indexed (by id)
   * are left as they are. Returns the catalog entry of each article.
   */
  async append (articles: readonly Article[]): Promise<SourceSummary[]> {
    const run = this.appending.then(async () => {
      await this.appendToCurrent(articles).catch(async (error: unknown) => {
        // A worker that died meanwhile is being replaced from the coverage on disk;
        // the replacement gets whatever it did not read there.
        if (this.restarting === null) throw error
        await this.appendToCurrent(articles)
      })
      return articles.flatMap(article => this.engine.catalog.byId.get(article.id) ?? [])
    })
    this.appending = run.catch(() => {})
    return await run
  }

  private async appendToCurrent (articles: readonly Article[]): Promise<void> {
    if (this.restarting !== null) await this.restarting
    const fresh = articles.filter(article => !this.engine.catalog.byId.has(article.id))
    if (fresh.length === 0) return
    await this.engine.append(fresh)
    this.snapshot?.appended.push(...fresh)
    this.appendedDuringRebuild?.push(...fresh)
  }

  /**
   * What the index in service holds, by canonical address and by text, to
   * tell new articles from duplicates. Computed once per engine; whoever
   * stores an article adds it (see rememberArticle).
   */
  async coverageKeys (): Promise<CoverageKeys> {
    if (this.restarting !== null) await this.restarting
    const { engine } = this
    if (this.keys?.engine !== engine) {
      const keys = engine.coverageKeys()
      this.keys = { engine, keys }
      keys.catch(() => { if (this.keys?.keys === keys) this.keys = null })
    }
    return await this.keys.keys
  }

  /**
   * Brings the snapshot up to date with what was appended since it was saved,
   * by writing a journal of those articles beside it (see saveJournal in
   * engine/load.ts). Only for a coverage folder with snapshots on; the
   * caller must not be writing to the folder meanwhile.
   */
  async saveJournal (): Promise<JournalOutcome> {
    const { snapshotDir } = this.options
    if (snapshotDir === null || this.snapshot === null || this.location.kind !== 'seeds') return { status: 'nothing appended' }
    return await saveJournal({ location: this.location, index: this.options.index, snapshotDir, snapshot: this.snapshot })
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
        this.snapshot = replacement.snapshot
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
    this.appendedDuringRebuild = []
    try {
      built = await this.startEngine(previous, onProgress)
    } catch (error) {
      this.appendedDuringRebuild = null
      return this.keepPrevious([(error as Error).message], started)
    }
    const next = built.engine
    const swap = this.appending.then(async () => {
      // Articles ingested after the rebuild read the folder are added to it before it serves.
      const missed = (this.appendedDuringRebuild ?? []).filter(article => !next.catalog.byId.has(article.id))
      this.appendedDuringRebuild = null
      if (missed.length > 0) {
        await next.append(missed)
        built.snapshot?.appended.push(...missed)
      }
      this.engine = next
      this.snapshot = built.snapshot
    })
    this.appending = swap.catch(() => {})
    try {
      await swap
    } catch (error) {
      void next.close()
      return this.keepPrevious([(error as Error).message], started)
    }
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
