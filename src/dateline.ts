import { answerQuestion, type Answer, type AskOptions } from './core/answer.js'
import { parseCorpus, parseSeeds, type LoadedCoverage } from './core/coverage.js'
import { diffLibraries, type LibraryDiff } from './core/diff.js'
import { buildLibrary, type IndexOptions, type Library } from './core/library.js'
import { summarizeSources } from './core/sources.js'
import type { SourceSummary } from './core/render.js'
import type { Article } from './core/types.js'
import { readLines, readSeedFiles } from './io.js'

/** Where the coverage lives: a folder of seed files, or one JSONL corpus file. */
export type CoverageLocation = { kind: 'seeds', dir: string } | { kind: 'corpus', file: string }

export function describeLocation (location: CoverageLocation): string {
  return location.kind === 'seeds' ? `seeds folder "${location.dir}"` : `corpus "${location.file}"`
}

export async function readCoverage (location: CoverageLocation): Promise<LoadedCoverage> {
  if (location.kind === 'seeds') return parseSeeds(await readSeedFiles(location.dir))
  return await parseCorpus(readLines(location.file), location.file)
}

export interface ReindexReport {
  /** False when nothing usable was read and the previous index stays in service. */
  swapped: boolean
  diff: LibraryDiff | null
  articles: number
  passages: number
  /** Inputs that could not be read, one sentence each naming the file. */
  problems: string[]
  /** Articles whose file is now broken but whose last good version stays indexed. */
  keptPrevious: string[]
  durationMs: number
}

export type ReindexOutcome = { status: 'done', report: ReindexReport } | { status: 'busy', startedAt: number, startedBy: string | null }

/** Builds a library off the caller's back; the default builds in-process. */
export type LibraryBuilder = (articles: Article[], options: Partial<IndexOptions>) => Promise<Library>

const buildInProcess: LibraryBuilder = async (articles, options) => buildLibrary(articles, options)

export interface DatelineOptions {
  index: Partial<IndexOptions>
  build: LibraryBuilder
  /** Clock for durations, injectable for tests. */
  now: () => number
}

/**
 * The running service: one current library, answered from until a rebuilt
 * one is complete, then replaced in a single assignment.
 */
export class Dateline {
  private library: Library
  private running: { promise: Promise<ReindexReport>, startedAt: number, startedBy: string | null } | null = null
  private readonly options: DatelineOptions

  private constructor (readonly location: CoverageLocation, library: Library, options: DatelineOptions) {
    this.library = library
    this.options = options
  }

  /** Loads and indexes the coverage. Fails only when no article at all can be read. */
  static async open (location: CoverageLocation, partial: Partial<DatelineOptions> = {}): Promise<{ dateline: Dateline, problems: string[] }> {
    const options: DatelineOptions = { index: {}, build: buildInProcess, now: () => performance.now(), ...partial }
    const { articles, problems } = await readCoverage(location)
    if (articles.length === 0) {
      const detail = problems.length > 0 ? `: ${problems.map(p => p.message).join('; ')}` : ''
      throw new Error(`Dateline: no article could be read from the ${describeLocation(location)}${detail}`)
    }
    const library = await options.build(articles, options.index)
    return { dateline: new Dateline(location, library, options), problems: problems.map(p => p.message) }
  }

  get current (): Library {
    return this.library
  }

  get reindexing (): boolean {
    return this.running !== null
  }

  ask (question: string, options: Partial<AskOptions> = {}): Answer {
    return answerQuestion(this.library, question, options)
  }

  sources (): SourceSummary[] {
    return summarizeSources(this.library)
  }

  /**
   * Rebuilds from the coverage on disk. Questions keep being answered from
   * the current library meanwhile; a second call while one runs is refused.
   */
  async reindex (startedBy: string | null = null): Promise<ReindexOutcome> {
    if (this.running !== null) return { status: 'busy', startedAt: this.running.startedAt, startedBy: this.running.startedBy }
    const startedAt = Date.now()
    const promise = this.rebuild()
    this.running = { promise, startedAt, startedBy }
    try {
      return { status: 'done', report: await promise }
    } finally {
      this.running = null
    }
  }

  private async rebuild (): Promise<ReindexReport> {
    const started = this.options.now()
    const previous = this.library
    let coverage: LoadedCoverage
    try {
      coverage = await readCoverage(this.location)
    } catch (error) {
      return this.keepPrevious([(error as Error).message], started)
    }
    const problems = coverage.problems.map(p => p.message)
    const articles = [...coverage.articles]
    const loaded = new Set(articles.map(a => a.id))
    const keptPrevious: string[] = []
    // A broken file keeps the last good version of its article rather than dropping it.
    for (const problem of coverage.problems) {
      const id = problem.sourceId
      const before = id === null || loaded.has(id) ? undefined : previous.articles.get(id)
      if (before !== undefined) {
        articles.push(before)
        keptPrevious.push(before.id)
      }
    }
    if (articles.length === 0) return this.keepPrevious([...problems, 'no article could be read'], started)
    const next = await this.options.build(articles, this.options.index)
    this.library = next
    return {
      swapped: true,
      diff: diffLibraries(previous, next),
      articles: next.articles.size,
      passages: next.passages.length,
      problems,
      keptPrevious,
      durationMs: Math.round(this.options.now() - started),
    }
  }

  private keepPrevious (problems: string[], started: number): ReindexReport {
    return {
      swapped: false,
      diff: null,
      articles: this.library.articles.size,
      passages: this.library.passages.length,
      problems,
      keptPrevious: [],
      durationMs: Math.round(this.options.now() - started),
    }
  }
}
