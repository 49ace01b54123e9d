import { articleMetadataSchema, metadataProblem, parseArticle, parseCorpusRecord, SourceError } from './articles.js'
import { decodeHtml } from './charset.js'
import { parseHtmlArticle } from './html.js'
import type { Article, ArticleMetadata } from './types.js'

/** A seed file as read from disk; see io.ts. */
export interface SeedInput {
  name: string
  /** A text file's text; null for a page (see `bytes`) or a file that could not be read. */
  text: string | null
  /** A page's undecoded bytes (.html, .htm). */
  bytes?: Uint8Array | null
  metadataText: string | null
  /** Why an existing sidecar could not be read. */
  metadataProblem?: string | null
  problem: string | null
}

/** A page is read as HTML; anything else as text. */
export function isHtmlName (name: string): boolean {
  return /\.html?$/i.test(name)
}

/** The sidecar's file name for a seed: "story.html" → "story.meta.json". */
export function sidecarName (name: string): string {
  return `${seedId(name)}.meta.json`
}

/** Articles that loaded, and the inputs that did not with the reason for each. */
export interface LoadedCoverage {
  articles: Article[]
  problems: SourceError[]
}

/** The id of a seed: its file name without extension, stable across reindexes. */
export function seedId (name: string): string {
  return name.replace(/\.[^.]+$/, '')
}

/**
 * Reads a seed's sidecar. A broken sidecar never costs the article: it is
 * read without it, and the reason is reported.
 */
function readSidecar (seed: SeedInput, report: (problem: SourceError) => void): ArticleMetadata | undefined {
  const origin = `seed "${seed.name}"`
  const id = seedId(seed.name)
  const ignored = (reason: string): undefined => {
    report(new SourceError(origin, `read without its metadata file "${sidecarName(seed.name)}": ${reason}`, id, true))
    return undefined
  }
  if (seed.metadataProblem != null) return ignored(seed.metadataProblem)
  if (seed.metadataText === null) return undefined
  let json: unknown
  try {
    json = JSON.parse(seed.metadataText)
  } catch (error) {
    return ignored(`not valid JSON (${(error as Error).message})`)
  }
  const problem = metadataProblem(json)
  return problem === null ? articleMetadataSchema.parse(json) : ignored(problem)
}

/** Parses one seed file (text or page) with its sidecar, the way the coverage folder is read. */
export function parseSeed (seed: SeedInput, report: (problem: SourceError) => void = () => {}): Article {
  const origin = `seed "${seed.name}"`
  const id = seedId(seed.name)
  if (seed.problem !== null) throw new SourceError(origin, seed.problem, id)
  const metadata = readSidecar(seed, report)
  if (isHtmlName(seed.name)) {
    const html = seed.text ?? (seed.bytes != null ? decodeHtml(seed.bytes, metadata?.charset ?? null).text : null)
    if (html === null) throw new SourceError(origin, 'could not be read', id)
    return parseHtmlArticle(id, html, { origin, metadata, url: metadata?.sourceUrl ?? metadata?.url ?? null })
  }
  if (seed.text === null) throw new SourceError(origin, 'could not be read', id)
  return parseArticle(id, seed.text, { metadata, origin })
}

/** Collects parsed articles; a parse failure or a repeated id becomes a problem, not a crash. */
function collector (): { add: (origin: string, parse: (report: (problem: SourceError) => void) => Article) => void, loaded: LoadedCoverage } {
  const loaded: LoadedCoverage = { articles: [], problems: [] }
  const seen = new Set<string>()
  return {
    loaded,
    add (origin, parse) {
      try {
        const article = parse(problem => loaded.problems.push(problem))
        if (seen.has(article.id)) throw new SourceError(origin, `duplicates the id "${article.id}"`)
        seen.add(article.id)
        loaded.articles.push(article)
      } catch (error) {
        if (!(error instanceof SourceError)) throw error
        loaded.problems.push(error)
      }
    },
  }
}

/**
 * Parses seed files one by one: a broken file is reported and skipped, so
 * one bad article never takes the rest of the coverage down with it.
 */
export function parseSeeds (seeds: readonly SeedInput[]): LoadedCoverage {
  const { add, loaded } = collector()
  for (const seed of seeds) add(`seed "${seed.name}"`, report => parseSeed(seed, report))
  return loaded
}

/** parseSeeds with its problems as sentences, as they cross a thread boundary and reach a log. */
export function parseSeedsReported (seeds: readonly SeedInput[]): { articles: Article[], problems: string[] } {
  const { articles, problems } = parseSeeds(seeds)
  return { articles, problems: problems.map(problem => problem.message) }
}

/** Parses a JSONL corpus, one article a line, reporting bad lines by number. */
export async function parseCorpus (lines: AsyncIterable<string> | Iterable<string>, name: string): Promise<LoadedCoverage> {
  const { add, loaded } = collector()
  let lineNumber = 0
  for await (const line of lines) {
    lineNumber += 1
    const origin = `${name} line ${lineNumber}`
    add(origin, () => parseCorpusRecord(origin, line))
  }
  return loaded
}
