import { join } from 'node:path'
import type { SourceError } from './core/articles.js'
import { parseCorpus, parseSeeds, type LoadedCoverage } from './core/coverage.js'
import { buildLibrary, type IndexOptions, type IndexOptionsInput, type Library } from './core/library.js'
import type { Article } from './core/types.js'
import { hashCoverage, readBytes, readLines, readSeedFiles, writeFileAtomically } from './io.js'
import { decodeSnapshot, encodeSnapshot, snapshotName } from './snapshot.js'

/** Where the coverage lives: a folder of seed files, or one JSONL corpus file. */
export type CoverageLocation = { kind: 'seeds', dir: string } | { kind: 'corpus', file: string }

export function describeLocation (location: CoverageLocation): string {
  return location.kind === 'seeds' ? `seeds folder "${location.dir}"` : `corpus "${location.file}"`
}

export async function readCoverage (location: CoverageLocation): Promise<LoadedCoverage> {
  if (location.kind === 'seeds') return parseSeeds(await readSeedFiles(location.dir))
  return await parseCorpus(readLines(location.file), location.file)
}

/** A problem with one input, as it crosses threads: the message and the article it concerns. */
export interface Problem { message: string, sourceId: string | null }

export function toProblem (error: SourceError): Problem {
  return { message: error.message, sourceId: error.sourceId }
}

export interface BuildRequest {
  location: CoverageLocation
  index: IndexOptionsInput
  /** Folder for index snapshots; null builds every time. */
  snapshotDir: string | null
  /** Ids the current index holds, so a broken file's last good version can be kept. */
  indexedIds: ReadonlySet<string>
  /** Fetches those last good versions from the current index. */
  keep: (ids: string[]) => Promise<Article[]>
}

export interface BuiltLibrary {
  library: Library
  problems: Problem[]
  /** Articles whose file is now broken but whose last good version stays indexed. */
  keptPrevious: string[]
  fromSnapshot: boolean
}

export class NoCoverageError extends Error {
  override name = 'NoCoverageError'
}

function snapshotPath (dir: string, contentHash: string, options: IndexOptionsInput): string {
  return join(dir, snapshotName(contentHash, options))
}

/**
 * Reads the coverage and builds its library, or loads the snapshot saved for
 * exactly this coverage. A file that cannot be read is reported and, if the
 * current index has its article, that last good version is kept.
 */
export async function loadLibrary (request: BuildRequest): Promise<BuiltLibrary> {
  const { location, index, snapshotDir } = request
  const contentHash = snapshotDir === null ? null : await hashCoverage(location.kind, location.kind === 'seeds' ? location.dir : location.file)
  const path = snapshotDir === null || contentHash === null ? null : snapshotPath(snapshotDir, contentHash, index)
  if (path !== null) {
    const saved = await readBytes(path)
    const library = saved === null ? null : decodeSnapshot(saved)
    if (library !== null) return { library, problems: [], keptPrevious: [], fromSnapshot: true }
  }

  const coverage = await readCoverage(location)
  const loaded = new Set(coverage.articles.map(a => a.id))
  const keepIds = coverage.problems
    .map(p => p.sourceId)
    .filter((id): id is string => id !== null && !loaded.has(id) && request.indexedIds.has(id))
  const kept = keepIds.length > 0 ? await request.keep(keepIds) : []
  const articles = [...coverage.articles, ...kept]
  const problems = coverage.problems.map(toProblem)
  if (articles.length === 0) {
    const detail = problems.length > 0 ? `: ${problems.map(p => p.message).join('; ')}` : ''
    throw new NoCoverageError(`Dateline: no article could be read from the ${describeLocation(location)}${detail}`)
  }
  const library = buildLibrary(articles, index)
  // Only clean coverage is saved: a broken file must be reported again on the next start.
  if (path !== null && problems.length === 0) await writeFileAtomically(path, encodeSnapshot(library))
  return { library, problems, keptPrevious: kept.map(a => a.id), fromSnapshot: false }
}
