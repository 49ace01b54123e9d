import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SourceError } from '../core/articles.js'
import { parseCorpus, parseSeeds, type LoadedCoverage } from '../core/coverage.js'
import { appendToLibrary, buildLibrary, withTermVectors, type IndexOptionsInput, type Library } from '../core/library.js'
import type { Article } from '../core/types.js'
import { decodeTermVectors, type TermVectors } from '../core/vectors.js'
import { hashCoverage, hashFolder, listFiles, readBytes, readLines, readSeedFiles, readTextIfExists, removeFile, touchFile, writeFileAtomically } from '../io.js'
import { decodeJournal, decodeSnapshot, encodeJournal, encodeSnapshot, isJournalName, isSnapshotName, journalName, snapshotName } from './snapshot.js'

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
  /** The coverage's hash when the caller has it (see coverageHash); computed here otherwise. */
  contentHash?: string | undefined
  onProgress?: ProgressListener | undefined
}

export interface LoadedLibrary {
  library: Library
  problems: Problem[]
  /** Articles whose file is now broken but whose last good version stays indexed. */
  keptPrevious: string[]
  fromSnapshot: boolean
  /** The snapshot the library is saved in, to journal later appends against; null when there is none. */
  snapshot: SnapshotBase | null
}

/** A saved snapshot and the articles appended to it since (from its journal, then by ingests). */
export interface SnapshotBase {
  name: string
  /** The hash of the coverage the snapshot was made from (see hashCoverage). */
  contentHash: string
  appended: Article[]
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

/** The hash that keys the coverage's snapshot (see hashCoverage in io.ts). */
export async function coverageHash (location: CoverageLocation): Promise<string> {
  return await hashCoverage(location.kind, location.kind === 'seeds' ? location.dir : location.file)
}

/** Deletes every journal but `keep`: only the journal of the coverage as it is now is ever read. */
async function pruneJournals (dir: string, keep: string | null): Promise<void> {
  for (const file of await listFiles(dir)) {
    if (isJournalName(file.name) && file.name !== keep) await removeFile(join(dir, file.name))
  }
}

/**
 * A journal this long is folded into a new snapshot when it is loaded (at a
 * start, a reindex or a worker's replacement, when no answer waits on the
 * worker), so restarts stay fast however much is ingested.
 */
export const JOURNAL_FOLD_ARTICLES = 200

/** The library of this coverage from a snapshot of older coverage and the journal that completes it; null when there is none. */
async function loadJournaled (snapshotDir: string, name: string, onProgress: ProgressListener): Promise<{ library: Library, base: SnapshotBase } | null> {
  const text = await readTextIfExists(join(snapshotDir, name))
  const journal = text === null ? null : decodeJournal(text)
  if (journal === null) return null
  const saved = await readBytes(join(snapshotDir, journal.base))
  if (saved === null) return null
  onProgress({ stage: 'loading snapshot', done: 0, total: null })
  const base = decodeSnapshot(saved)
  if (base === null) return null
  try {
    return { library: appendToLibrary(base, journal.articles), base: { name: journal.base, contentHash: journal.baseHash, appended: journal.articles } }
  } catch {
    // A journal that does not fit its snapshot (an id twice) is ignored: the coverage is read instead.
    return null
  }
}

export type JournalOutcome =
  | { status: 'written', name: string }
  | { status: 'nothing appended' }
  /** The folder is not the snapshot's coverage plus what was appended: a file was added, changed or removed otherwise. */
  | { status: 'coverage changed otherwise' }

/**
 * Writes the journal of the coverage as it is now: the snapshot in use and
 * the articles appended to it since, named by the folder's hash. Written
 * only when the folder is exactly the snapshot's coverage plus those
 * articles: a file copied in by hand meanwhile must not be hidden behind a
 * journal that lacks it (the next start rebuilds instead). The caller makes
 * sure nothing is stored meanwhile (ingests are queued).
 */
export async function saveJournal (request: { location: CoverageLocation, index: IndexOptionsInput, snapshotDir: string, snapshot: SnapshotBase }): Promise<JournalOutcome> {
  const { location, snapshotDir, snapshot } = request
  if (location.kind !== 'seeds' || snapshot.appended.length === 0) return { status: 'nothing appended' }
  const hashes = await hashFolder(location.dir, new Set(snapshot.appended.map(article => article.id)))
  if (hashes.without !== snapshot.contentHash) return { status: 'coverage changed otherwise' }
  const name = journalName(hashes.whole, request.index)
  await writeFileAtomically(join(snapshotDir, name), encodeJournal({ base: snapshot.name, baseHash: snapshot.contentHash, articles: snapshot.appended }))
  await pruneJournals(snapshotDir, name)
  return { status: 'written', name }
}

/** models/term-vectors.bin, from src/engine when run by tsx or dist/src/engine when built. */
const TERM_VECTORS_PATH = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../models/term-vectors.bin' : '../../../models/term-vectors.bin', import.meta.url))

let termVectors: Promise<TermVectors> | null = null

/** The project's word vectors, read once a thread (8 MB): every library the search worker loads or appends to shares them. */
export async function readTermVectors (): Promise<TermVectors> {
  termVectors ??= readBytes(TERM_VECTORS_PATH).then(bytes => {
    if (bytes === null) throw new Error(`Dateline term vectors: "${TERM_VECTORS_PATH}" is missing; it ships with the project (scripts/term-vectors.ts writes it)`)
    return decodeTermVectors(bytes)
  })
  return await termVectors
}

/** Builds a library from parsed articles and attaches the word vectors: the library the bot would answer from. */
export async function buildAnsweringLibrary (articles: Iterable<Article>, options: IndexOptionsInput = {}): Promise<Library> {
  return withTermVectors(buildLibrary(articles, options), await readTermVectors())
}

/**
 * Reads the coverage and builds its library, or loads the snapshot saved for
 * exactly this coverage (see loadLibraryTerms), and attaches the word vectors.
 */
export async function loadLibrary (request: LoadRequest): Promise<LoadedLibrary> {
  const [loaded, vectors] = await Promise.all([loadLibraryTerms(request), readTermVectors()])
  return { ...loaded, library: withTermVectors(loaded.library, vectors) }
}

/**
 * Reads the coverage and builds its library, or loads the snapshot saved for
 * exactly this coverage, or an older snapshot and the journal of articles
 * ingested since. A file that cannot be read is reported and, if the
 * current index has its article, that last good version is kept.
 */
async function loadLibraryTerms (request: LoadRequest): Promise<LoadedLibrary> {
  const { location, index, snapshotDir } = request
  const onProgress = request.onProgress ?? (() => {})
  const contentHash = snapshotDir === null ? null : request.contentHash ?? await coverageHash(location)
  const saving = snapshotDir === null || contentHash === null ? null : { dir: snapshotDir, contentHash, name: snapshotName(contentHash, index) }
  if (saving !== null) {
    const { dir, name } = saving
    const path = join(dir, name)
    const saved = await readBytes(path)
    if (saved !== null) onProgress({ stage: 'loading snapshot', done: 0, total: null })
    const library = saved === null ? null : decodeSnapshot(saved)
    if (library !== null) {
      // Marked as used, so pruning keeps it over snapshots not loaded for longer.
      await touchFile(path)
      await pruneSnapshots(dir, name)
      await pruneJournals(dir, null)
      return { library, problems: [], keptPrevious: [], fromSnapshot: true, snapshot: { name, contentHash: saving.contentHash, appended: [] } }
    }
    const journaled = await loadJournaled(dir, journalName(saving.contentHash, index), onProgress)
    if (journaled !== null) {
      const { library: joined, base } = journaled
      if (base.appended.length < JOURNAL_FOLD_ARTICLES) {
        await touchFile(join(dir, base.name))
        await pruneSnapshots(dir, base.name)
        return { library: joined, problems: [], keptPrevious: [], fromSnapshot: true, snapshot: base }
      }
      onProgress({ stage: 'saving snapshot', done: 0, total: null })
      await writeFileAtomically(path, encodeSnapshot(joined))
      await pruneSnapshots(dir, name)
      await pruneJournals(dir, null)
      return { library: joined, problems: [], keptPrevious: [], fromSnapshot: true, snapshot: { name, contentHash: saving.contentHash, appended: [] } }
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
  let snapshot: SnapshotBase | null = null
  if (saving !== null && problems.length === 0) {
    onProgress({ stage: 'saving snapshot', done: 0, total: null })
    await writeFileAtomically(join(saving.dir, saving.name), encodeSnapshot(library))
    await pruneSnapshots(saving.dir, saving.name)
    await pruneJournals(saving.dir, null)
    snapshot = { name: saving.name, contentHash: saving.contentHash, appended: [] }
  }
  return { library, problems, keptPrevious: kept.map(a => a.id), fromSnapshot: false, snapshot }
}
