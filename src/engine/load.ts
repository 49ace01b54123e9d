import { join } from 'node:path'
import type { SourceError } from '../core/articles.js'
import { parseCorpus, parseSeeds, type LoadedCoverage } from '../core/coverage.js'
import { buildLibrary, type IndexOptionsInput, type Library } from '../core/library.js'
import type { Article } from '../core/types.js'
import { hashCoverage, listFiles, readBytes, readLines, readSeedFiles, removeFile, touchFile, writeFileAtomically } from '../io.js'
import { decodeSnapshot, encodeSnapshot, isSnapshotName, snapshotName } from './snapshot.js'

/** Where the coverage lives: a folder of seed files, or one JSONL corpus file. */
export type CoverageLocation = { kind: 'seeds', dir: string } | { kind: 'corpus', file: string }

export function describeLocation (location: CoverageLocation): string {
  return location.kind === 'seeds' ? `seeds folder "${location.dir}"` : `corpus "${location.file}"`
}

/** How far loading has got, for progress bars and /reindex; `total` is null while unknown. */
export interface LoadProgress {
  stage: 'reading' | 'indexing' | 'loading snapshot' | 'saving snapshot'
  done: number
  total: number | null
}

export type ProgressListener = (progress: LoadProgress) => void

/** Counts items as they pass, telling the listener every `every` items. */
async function * counted<T> (items: AsyncIterable<T> | Iterable<T>, report: (done: number) => void, every: number): AsyncGenerator<T> {
  let done = 0
  for await (const item of items) {
    yield item
    done += 1
    if (done % every === 0) report(done)
  }
  report(done)
}

function * countedSync<T> (items: Iterable<T>, report: (done: number) => void, every: number): Generator<T> {
  let done = 0
  for (const item of items) {
    yield item
    done += 1
    if (done % every === 0) report(done)
  }
  report(done)
}

/** Articles between two progress reports: often enough for a bar, rare enough to cost nothing. */
const PROGRESS_EVERY = 200

export async function readCoverage (location: CoverageLocation, onProgress: ProgressListener = () => {}): Promise<LoadedCoverage> {
  if (location.kind === 'seeds') {
    const files = await readSeedFiles(location.dir)
    onProgress({ stage: 'reading', done: files.length, total: files.length })
    return parseSeeds(files)
  }
  const lines = counted(readLines(location.file), done => onProgress({ stage: 'reading', done, total: null }), PROGRESS_EVERY)
  return await parseCorpus(lines, location.file)
}

/**
 * A problem with one input, as it crosses threads: the message, the article
 * it concerns, and whether that article was still read (a broken sidecar).
 */
export interface Problem { message: string, sourceId: string | null, articleKept: boolean }

export function toProblem (error: SourceError): Problem {
  return { message: error.message, sourceId: error.sourceId, articleKept: error.articleKept }
}

export interface LoadRequest {
  location: CoverageLocation
  index: IndexOptionsInput
  /** Folder for index snapshots; null builds every time. */
  snapshotDir: string | null
  /** Ids the current index holds, so a broken file's last good version can be kept. */
  indexedIds: ReadonlySet<string>
  /** Fetches those last good versions from the current index. */
  keep: (ids: string[]) => Promise<Article[]>
  onProgress?: ProgressListener | undefined
}

export interface LoadedLibrary {
  library: Library
  problems: Problem[]
  /** Articles whose file is now broken but whose last good version stays indexed. */
  keptPrevious: string[]
  fromSnapshot: boolean
}

export class NoCoverageError extends Error {
  override name = 'NoCoverageError'
}

/** Snapshots kept besides the one in use: a rollback to the previous coverage still starts fast. */
const SPARE_SNAPSHOTS = 1

/**
 * Deletes the snapshots of older coverage, keeping the one in use and the
 * most recently used others. Every edit of the coverage makes a new
 * snapshot, and on a large archive each is a few hundred megabytes.
 */
export async function pruneSnapshots (dir: string, inUse: string, spare = SPARE_SNAPSHOTS): Promise<string[]> {
  const others = (await listFiles(dir))
    .filter(file => isSnapshotName(file.name) && file.name !== inUse)
    .sort((a, b) => b.modifiedMs - a.modifiedMs || a.name.localeCompare(b.name))
  const removed = others.slice(spare).map(file => file.name)
  for (const name of removed) await removeFile(join(dir, name))
  return removed
}

/**
 * Reads the coverage and builds its library, or loads the snapshot saved for
 * exactly this coverage. A file that cannot be read is reported and, if the
 * current index has its article, that last good version is kept.
 */
export async function loadLibrary (request: LoadRequest): Promise<LoadedLibrary> {
  const { location, index, snapshotDir } = request
  const onProgress = request.onProgress ?? (() => {})
  const contentHash = snapshotDir === null ? null : await hashCoverage(location.kind, location.kind === 'seeds' ? location.dir : location.file)
  const name = contentHash === null ? null : snapshotName(contentHash, index)
  const path = snapshotDir === null || name === null ? null : join(snapshotDir, name)
  if (path !== null && snapshotDir !== null && name !== null) {
    const saved = await readBytes(path)
    if (saved !== null) onProgress({ stage: 'loading snapshot', done: 0, total: null })
    const library = saved === null ? null : decodeSnapshot(saved)
    if (library !== null) {
      // Marked as used, so pruning keeps it over snapshots not loaded for longer.
      await touchFile(path)
      await pruneSnapshots(snapshotDir, name)
      return { library, problems: [], keptPrevious: [], fromSnapshot: true }
    }
  }

  const coverage = await readCoverage(location, onProgress)
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
  const total = articles.length
  const library = buildLibrary(countedSync(articles, done => onProgress({ stage: 'indexing', done, total }), PROGRESS_EVERY), index)
  // Only clean coverage is saved: a broken file must be reported again on the next start.
  if (path !== null && snapshotDir !== null && name !== null && problems.length === 0) {
    onProgress({ stage: 'saving snapshot', done: 0, total: null })
    await writeFileAtomically(path, encodeSnapshot(library))
    await pruneSnapshots(snapshotDir, name)
  }
  return { library, problems, keptPrevious: kept.map(a => a.id), fromSnapshot: false }
}
