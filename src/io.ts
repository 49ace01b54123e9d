/**
 * The only module that touches the filesystem. Everything it returns is
 * plain text; parsing and validation happen in the pure core.
 */
import { createHash, randomBytes } from 'node:crypto'
import { constants, createReadStream, watch, type Stats } from 'node:fs'
import { lstat, mkdir, mkdtemp, open, readdir, readFile, realpath, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join, sep } from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { lock } from 'proper-lockfile'
import { decodePlainText } from './core/charset.js'

/** Extensions read as article text; everything else in the seeds folder is ignored. */
export const TEXT_EXTENSIONS: readonly string[] = ['.txt', '.md']
/** Extensions read as web pages. */
export const HTML_EXTENSIONS: readonly string[] = ['.html', '.htm']
export const SEED_EXTENSIONS: readonly string[] = [...TEXT_EXTENSIONS, ...HTML_EXTENSIONS]
/** A seed's optional metadata sits beside it as `<name>.meta.json`. */
export const METADATA_SUFFIX = '.meta.json'

export interface SeedFile {
  /** File name, e.g. "000_9bb04152d77420ef.txt". */
  name: string
  /** A text file's text, or null when it is a page (see `bytes`) or could not be read (see `problem`). */
  text: string | null
  /** A page's bytes, undecoded: its charset is decided by the pure core, which may need the sidecar. */
  bytes?: Uint8Array | null
  /** The sidecar metadata file's raw text, if there is one. */
  metadataText: string | null
  /** Why the sidecar could not be read, when it exists but could not be. */
  metadataProblem?: string | null
  problem: string | null
}

/** Why a file in the coverage folder is not read; null when it may be. */
type Refusal = string

/**
 * Resolves a folder entry to a real file inside the folder, following
 * symbolic links only while they stay inside it: a link to /etc/passwd
 * must never be read, since its text could end up quoted in Discord.
 */
async function resolveInside (root: string, path: string): Promise<{ real: string, stats?: Stats } | { refusal: Refusal } | null> {
  let entry
  try {
    entry = await lstat(path)
  } catch {
    return null
  }
  if (!entry.isSymbolicLink()) return entry.isFile() ? { real: path, stats: entry } : null
  let real: string
  try {
    real = await realpath(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return { refusal: 'is a symbolic link loop; not read' }
    if (code === 'ENOENT') return { refusal: 'is a symbolic link to a missing file; not read' }
    return { refusal: `is a symbolic link that cannot be followed (${code ?? 'error'}); not read` }
  }
  if (!real.startsWith(`${root}${sep}`)) return { refusal: 'is a symbolic link to a file outside the coverage folder; not read' }
  return { real }
}

/** Largest coverage file read: far beyond any article, small enough that one stray file cannot exhaust memory. */
export const MAX_SEED_BYTES = 20 * 1024 * 1024

/**
 * Reads a file that resolveInside approved, refusing a link swapped in since
 * (O_NOFOLLOW) and anything not a regular file; `use` gets its bytes and the
 * stats of the file as opened.
 */
async function readApprovedWith<T> (real: string, use: (bytes: Buffer, stats: Stats) => T): Promise<T | Refusal> {
  let handle
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ELOOP' ? 'changed into a symbolic link while being read; not read' : `could not be read (${code ?? 'error'})`
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) return 'is not a regular file; not read'
    if (stats.size > MAX_SEED_BYTES) return `is larger than ${MAX_SEED_BYTES / (1024 * 1024)} MB; not read`
    return use(await handle.readFile(), stats)
  } finally {
    await handle.close()
  }
}

async function readApproved (real: string): Promise<Buffer | Refusal> {
  return await readApprovedWith(real, bytes => bytes)
}

/** The coverage files of a folder (seed files and sidecars), each resolved safely, in name order. */
async function coverageEntries (dir: string): Promise<{ root: string, names: string[] }> {
  try {
    return { root: await realpath(dir), names: (await readdir(dir)).sort() }
  } catch (error) {
    throw new Error(`Dateline seeds: cannot read folder "${dir}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}

/** Hidden files (editor swap files, the feed state, files being written) are never coverage. */
const isHidden = (name: string): boolean => name.startsWith('.')

/**
 * Reads every seed file of a folder, in name order, with its sidecar
 * metadata; with `except`, only the files whose id (name without extension)
 * it does not hold. A file whose real path leaves the folder, a link loop or
 * a non-UTF-8 text file is returned with its problem instead of its text.
 */
export async function readSeedFiles (dir: string, except?: (id: string) => boolean): Promise<SeedFile[]> {
  const { root, names } = await coverageEntries(dir)
  const present = new Set(names)
  const files: SeedFile[] = []
  for (const name of names) {
    const extension = extname(name).toLowerCase()
    if (isHidden(name) || !SEED_EXTENSIONS.includes(extension)) continue
    const id = basename(name, extname(name))
    if (except?.(id) === true) continue
    const resolved = await resolveInside(root, join(root, name))
    if (resolved === null) continue
    const metadataName = `${id}${METADATA_SUFFIX}`
    const file: SeedFile = { name, text: null, metadataText: null, problem: null }
    if ('refusal' in resolved) {
      files.push({ ...file, problem: resolved.refusal })
      continue
    }
    const content = await readApproved(resolved.real)
    if (typeof content === 'string') file.problem = content
    else if (HTML_EXTENSIONS.includes(extension)) file.bytes = content
    else {
      file.text = decodePlainText(content)
      if (file.text === null) file.problem = 'is not UTF-8 text'
    }
    if (present.has(metadataName)) {
      const sidecar = await resolveInside(root, join(root, metadataName))
      const sidecarContent = sidecar === null || 'refusal' in sidecar ? (sidecar?.refusal ?? null) : await readApproved(sidecar.real)
      if (typeof sidecarContent === 'string') file.metadataProblem = sidecarContent
      else if (sidecarContent !== null) {
        file.metadataText = decodePlainText(sidecarContent)
        if (file.metadataText === null) file.metadataProblem = 'is not UTF-8 text'
      }
    }
    files.push(file)
  }
  return files
}

/** Reads a JSONL file (optionally gzipped, by its .gz extension) line by line. */
export async function * readLines (path: string): AsyncGenerator<string> {
  const raw = createReadStream(path)
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  const lines = createInterface({ input, crlfDelay: Infinity })
  try {
    for await (const line of lines) {
      if (line.trim().length > 0) yield line
    }
  } finally {
    lines.close()
    raw.destroy()
  }
}

export async function readBytes (path: string): Promise<Buffer | null> {
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** A temporary name beside `path`: hidden, and with no seed extension, so no reader ever takes it for coverage. */
function temporaryPath (path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
}

/** Writes through a temporary file and a rename, so readers never see half a file. */
export async function writeFileAtomically (path: string, data: string | Uint8Array | readonly Uint8Array[], options: { durable?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = temporaryPath(path)
  try {
    if (options.durable === true) {
      // Flushed before the rename, so a power cut cannot leave the new name on empty blocks.
      const handle = await open(temporary, 'w')
      try {
        await handle.writeFile(typeof data === 'string' || data instanceof Uint8Array ? data : Buffer.concat(data))
        await handle.sync()
      } finally {
        await handle.close()
      }
    } else {
      await writeFile(temporary, data)
    }
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * A hash of the coverage (the seed files and sidecars of a folder, names and
 * bytes, or a corpus file), so an index snapshot is reused only for exactly
 * the coverage it was built from. Files that are not coverage (the feed
 * state, temporaries) and links leaving the folder are left out.
 */
export async function hashCoverage (kind: 'seeds' | 'corpus', path: string): Promise<string> {
  if (kind === 'corpus') {
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
    return hash.digest('hex')
  }
  return (await hashFolder(path, new Set())).whole
}

/** A file's content digest as last read, valid while its identity, size and modification time stay the same. */
interface KnownDigest { ino: number, size: number, mtimeMs: number, digest: string }

/**
 * Digests of coverage files already read by this process, by real path.
 * Hashing a large folder reads every file (seconds for thousands of
 * articles), and the ingester hashes it after every burst of ingests: only
 * files that are new or changed are read again. A change the file's stat
 * does not show (same size and time) can only make a hash differ from the
 * one a fresh process computes, so a snapshot is then rebuilt, never wrong.
 */
const knownDigests = new Map<string, KnownDigest>()

/** Forgets the digests read so far, as a new process would start (for benchmarks of a restart). */
export function forgetDigests (): void {
  knownDigests.clear()
}

/** The SHA-256 of a file resolveInside approved, or why it cannot be read (as readApproved). */
async function digestApproved (real: string, listed: Stats | undefined): Promise<string | Refusal> {
  const known = knownDigests.get(real)
  // A regular file (not a link) unchanged since it was read: no need to open it again.
  if (known !== undefined && listed !== undefined && known.ino === listed.ino && known.size === listed.size && known.mtimeMs === listed.mtimeMs) return known.digest
  return await readApprovedWith(real, (bytes, stats) => {
    const digest = createHash('sha256').update(bytes).digest('hex')
    knownDigests.set(real, { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, digest })
    return digest
  })
}

/** Files looked at together while hashing a folder: the filesystem works on several at once. */
const HASH_BATCH = 64

/**
 * The folder's coverage hash (see hashCoverage), and in the same pass the
 * hash it would have without the articles of these ids (their files and
 * sidecars): whether the folder is some earlier coverage plus exactly those
 * articles. Each file counts by its name and a digest of its bytes.
 */
export async function hashFolder (dir: string, withoutIds: ReadonlySet<string>): Promise<{ whole: string, without: string }> {
  const whole = createHash('sha256')
  const without = createHash('sha256')
  const { root, names } = await coverageEntries(dir)
  const coverage = names.filter(name => {
    const lower = name.toLowerCase()
    return !isHidden(name) && (SEED_EXTENSIONS.includes(extname(lower)) || lower.endsWith(METADATA_SUFFIX))
  })
  const entry = async (name: string): Promise<string | null> => {
    const resolved = await resolveInside(root, join(root, name))
    if (resolved === null) return null
    const content = 'refusal' in resolved ? `refused: ${resolved.refusal}` : await digestApproved(resolved.real, resolved.stats)
    return `${name}\u0000${content}\u0000`
  }
  for (let start = 0; start < coverage.length; start += HASH_BATCH) {
    const batch = coverage.slice(start, start + HASH_BATCH)
    const entries = await Promise.all(batch.map(entry))
    entries.forEach((text, i) => {
      const name = batch[i] ?? ''
      if (text === null) return
      const id = name.toLowerCase().endsWith(METADATA_SUFFIX) ? name.slice(0, -METADATA_SUFFIX.length) : basename(name, extname(name))
      whole.update(text)
      if (!withoutIds.has(id)) without.update(text)
    })
  }
  return { whole: whole.digest('hex'), without: without.digest('hex') }
}

/** A file's text, or null when it does not exist. */
export async function readTextIfExists (path: string): Promise<string | null> {
  const bytes = await readBytes(path)
  return bytes === null ? null : bytes.toString('utf8')
}

/**
 * Appends one line and waits until it is on disk (fsync), so a record the
 * bot has acknowledged survives a crash or a power cut.
 */
export async function appendLineDurably (path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const file = await open(path, 'a')
  try {
    await file.write(`${line}\n`)
    await file.sync()
  } finally {
    await file.close()
  }
}

export interface ListedFile { name: string, modifiedMs: number }

/** The regular files of a folder with their modification times; an absent folder has none. */
export async function listFiles (dir: string): Promise<ListedFile[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const files: ListedFile[] = []
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => null)
    if (info?.isFile() === true) files.push({ name, modifiedMs: info.mtimeMs })
  }
  return files
}

/** Sets a file's modification time to now. */
export async function touchFile (path: string): Promise<void> {
  const now = new Date()
  await utimes(path, now, now).catch(() => {})
}

/** A new empty folder under the system's temporary directory. */
export async function makeScratchDir (prefix: string): Promise<string> {
  return await mkdtemp(join(tmpdir(), prefix))
}

export async function removeDir (path: string): Promise<void> {
  await rm(path, { recursive: true, force: true })
}

/** The names in a folder, sorted; empty when the folder does not exist. */
export async function listNames (dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** Whether a name exists in the filesystem (a link counts, even a broken one). */
export async function pathExists (path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

export async function removeFile (path: string): Promise<void> {
  await rm(path, { force: true })
}

/** A regular file's bytes; null for a missing file, a link or anything else. */
export async function readRegularFile (path: string): Promise<Buffer | null> {
  try {
    if (!(await lstat(path)).isFile()) return null
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/**
 * A file named on the command line (`npm run ingest -- story.html`): its
 * bytes, or why it cannot be read, in a sentence.
 */
export async function readInputFile (path: string): Promise<Buffer | string> {
  try {
    const info = await stat(path)
    if (!info.isFile()) return 'is not a file'
    if (info.size > MAX_SEED_BYTES) return `is larger than ${MAX_SEED_BYTES / (1024 * 1024)} MB; not read`
    return await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? 'does not exist' : `could not be read (${code ?? (error as Error).message})`
  }
}

/**
 * Calls `onChange` when a file of the folder other than a hidden one is
 * created, renamed, written or removed (inotify on Linux), at most once per
 * `quietMs` of calm: a file being copied in is reported once it is whole.
 * Returns a function that stops watching; `onError` hears why watching
 * could not start or stopped (a folder removed, no inotify watches left).
 */
export function watchFolder (dir: string, options: { quietMs: number, onChange: () => void, onError: (error: Error) => void }): () => void {
  let timer: NodeJS.Timeout | null = null
  let watcher: ReturnType<typeof watch> | null = null
  const stop = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    watcher?.close()
    watcher = null
  }
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name !== null && isHidden(name)) return
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => { timer = null; options.onChange() }, options.quietMs)
      timer.unref()
    })
  } catch (error) {
    options.onError(error as Error)
    return stop
  }
  watcher.on('error', error => {
    stop()
    options.onError(error)
  })
  return stop
}

/** Hidden, so no reader, hash or watcher of the folder ever takes it for coverage. */
const FOLDER_LOCK_NAME = '.dateline-ingest.lock'

/**
 * Runs `work` holding the coverage folder's ingest lock, shared by every
 * Dateline process on that folder (the bot, `npm run ingest`): a directory
 * made atomically beside the articles (proper-lockfile). A lock left by a
 * killed process goes stale after 5 s and is taken over; waiting for a
 * live one gives up after about 15 s.
 */
export async function withFolderLock<T> (dir: string, work: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>
  try {
    release = await lock(dir, {
      lockfilePath: join(dir, FOLDER_LOCK_NAME),
      stale: 5_000,
      update: 1_000,
      retries: { retries: 60, minTimeout: 20, maxTimeout: 250, factor: 1.5 },
      // Lost only if this process stalled for seconds: each write is atomic anyway, so at worst the
      // duplicate check of another process ran beside this one, which the lock exists to avoid.
      onCompromised: () => {},
    })
  } catch (error) {
    throw new Error(`Dateline coverage folder "${dir}": another ingest holds it (${(error as Error).message})`)
  }
  try {
    return await work()
  } finally {
    await release().catch(() => {})
  }
}
