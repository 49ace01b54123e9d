/**
 * The only module that touches the filesystem. Everything it returns is
 * plain text; parsing and validation happen in the pure core.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'

/** Extensions read as article text; everything else in the seeds folder is ignored. */
export const SEED_EXTENSIONS: readonly string[] = ['.txt', '.md']
/** A seed's optional metadata sits beside it as `<name>.meta.json`. */
export const METADATA_SUFFIX = '.meta.json'

export interface SeedFile {
  /** File name, e.g. "000_9bb04152d77420ef.txt". */
  name: string
  /** The text, or null when the file is not readable UTF-8 (the reason is in `problem`). */
  text: string | null
  /** The sidecar metadata file's raw text, if there is one. */
  metadataText: string | null
  problem: string | null
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decode (bytes: Uint8Array): { text: string | null, problem: string | null } {
  try {
    return { text: utf8.decode(bytes), problem: null }
  } catch {
    return { text: null, problem: 'is not UTF-8 text' }
  }
}

/** Reads every seed file of a folder, in name order, with its sidecar metadata. */
export async function readSeedFiles (dir: string): Promise<SeedFile[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).sort()
  } catch (error) {
    throw new Error(`Dateline seeds: cannot read folder "${dir}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  const present = new Set(names)
  const files: SeedFile[] = []
  for (const name of names) {
    if (!SEED_EXTENSIONS.includes(extname(name).toLowerCase())) continue
    const path = join(dir, name)
    if (!(await stat(path)).isFile()) continue
    const { text, problem } = decode(await readFile(path))
    const metadataName = `${basename(name, extname(name))}${METADATA_SUFFIX}`
    const metadataText = present.has(metadataName) ? await readFile(join(dir, metadataName), 'utf8') : null
    files.push({ name, text, metadataText, problem })
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

/** Writes through a temporary file and a rename, so readers never see half a file. */
export async function writeFileAtomically (path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, data)
  await rename(temporary, path)
}

/**
 * A hash of everything a seeds folder or corpus file holds (names and bytes),
 * so an index snapshot is reused only for exactly the coverage it was built from.
 */
export async function hashCoverage (kind: 'seeds' | 'corpus', path: string): Promise<string> {
  const hash = createHash('sha256')
  if (kind === 'corpus') {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
    return hash.digest('hex')
  }
  for (const name of (await readdir(path)).sort()) {
    const file = join(path, name)
    if (!(await stat(file)).isFile()) continue
    hash.update(`${name}\u0000`)
    hash.update(await readFile(file))
  }
  return hash.digest('hex')
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

export async function removeFile (path: string): Promise<void> {
  await rm(path, { force: true })
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
