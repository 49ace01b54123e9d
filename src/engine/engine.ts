import { answerQuestion, type Answer } from '../core/answer.js'
import { catalogOf, extendCatalog, passageFingerprints, type Catalog } from '../core/catalog.js'
import { coverageKeys, type CoverageKeys } from '../core/ingest.js'
import { appendToLibrary, type Library } from '../core/library.js'
import type { AskRequest } from '../core/options.js'
import { timelineOf, type Timeline, type TimelineRequest } from '../core/timeline/index.js'
import { distinctiveNames, sourceFinderFor, type SourceFinder } from '../core/sources.js'
import type { Article, SourceSummary } from '../core/types.js'
import type { ChartImage } from '../chart.js'
import { loadLibrary, type LoadedLibrary, type LoadRequest } from './load.js'

/**
 * A searchable body of coverage, wherever its index lives: in this thread
 * (the CLI, tests) or in a worker thread (the bot, so that neither building
 * nor searching a large archive blocks Discord's heartbeats).
 */
export interface Engine {
  readonly catalog: Catalog
  ask: (question: string, request?: Partial<AskRequest>) => Promise<Answer>
  /** Every article on a topic in date order, undated ones apart (/timeline). */
  timeline: (topic: string, request?: Partial<TimelineRequest>) => Promise<Timeline>
  /** The timeline's chart as a PNG; null when no matching article is dated. */
  timelineChart: (timeline: Timeline) => Promise<ChartImage | null>
  /** These articles as indexed, so a reindex can keep the last good version of a file that broke. */
  articles: (ids: readonly string[]) => Promise<Article[]>
  /** A fingerprint of each passage of these articles, to report what a reindex changed. */
  passageFingerprints: (ids: readonly string[]) => Promise<Map<string, string[]>>
  /** Ids of the articles best matching a few typed letters, at most `limit` (see SourceFinder). */
  findSources: (typed: string, limit: number) => Promise<string[]>
  /**
   * Adds articles to the index in place, without a rebuild: they are
   * searchable, and in the catalog, once this resolves. Their ids must be
   * new to the index. Returns their entries in the catalog.
   */
  append: (articles: readonly Article[]) => Promise<SourceSummary[]>
  /** The indexed articles by canonical address and by text, to tell a new article from one already held. */
  coverageKeys: () => Promise<CoverageKeys>
  /**
   * Resolves once the engine has built what it builds after loading (the
   * source finder) and has run a few questions so that V8 compiles the
   * search code: questions asked before then are answered, only slower.
   */
  settled: () => Promise<void>
  /** Stops the engine once the questions already asked are answered. */
  close: () => Promise<void>
}

export interface StartRequest extends LoadRequest {
  /** Called once if the engine stops working by itself (its worker crashed); never after close(). */
  onFailure?: ((error: Error) => void) | undefined
}

/** A started engine and what loading its coverage reported. */
export type StartedEngine = Omit<LoadedLibrary, 'library'> & { engine: Engine }

/** Starts an engine for the coverage: in this thread, or in a worker thread. */
export type EngineStarter = (request: StartRequest) => Promise<StartedEngine>

export class InProcessEngine implements Engine {
  /** Built at the first search for a source: the CLI never needs one. */
  private finder: SourceFinder | null = null
  private current: Library
  private listed: Catalog

  constructor (library: Library) {
    this.current = library
    this.listed = catalogOf(library)
  }

  get library (): Library {
    return this.current
  }

  get catalog (): Catalog {
    return this.listed
  }

  async ask (question: string, request: Partial<AskRequest> = {}): Promise<Answer> {
    return answerQuestion(this.library, question, request)
  }

  async timeline (topic: string, request: Partial<TimelineRequest> = {}): Promise<Timeline> {
    return timelineOf(this.library, topic, request)
  }

  async timelineChart (timeline: Timeline): Promise<ChartImage | null> {
    return await renderChart(timeline)
  }

  async articles (ids: readonly string[]): Promise<Article[]> {
    return ids.flatMap(id => this.library.articles.get(id) ?? [])
  }

  async passageFingerprints (ids: readonly string[]): Promise<Map<string, string[]>> {
    return passageFingerprints(this.library, ids)
  }

  async findSources (typed: string, limit: number): Promise<string[]> {
    this.finder ??= sourceFinderFor(this.library, this.catalog.sources)
    return this.finder.find(typed, limit)
  }

  async append (articles: readonly Article[]): Promise<SourceSummary[]> {
    const from = this.current.articleOrder.length
    this.current = appendToLibrary(this.current, articles)
    const added = catalogOf(this.current, from)
    this.listed = extendCatalog(this.listed, added)
    this.finder?.add(added.sources, distinctiveNames(articles))
    return [...added.sources]
  }

  async coverageKeys (): Promise<CoverageKeys> {
    return coverageKeys(this.current.articles.values())
  }

  /** Nothing to wait for: the finder is built at the first search for a source. */
  async settled (): Promise<void> {}

  async close (): Promise<void> {}
}

/** Vega and resvg take a moment to load: only the first chart asked for pays for them. */
export async function renderChart (timeline: Timeline): Promise<ChartImage | null> {
  const { renderTimelineChart } = await import('../chart.js')
  return await renderTimelineChart(timeline)
}

export const startInProcess: EngineStarter = async request => {
  const { library, ...rest } = await loadLibrary(request)
  return { engine: new InProcessEngine(library), ...rest }
}
