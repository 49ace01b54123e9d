import { parseArticle, parseArticleMetadata, parseCorpusRecord, SourceError } from './articles.js'
import type { Article } from './types.js'

/** A seed file as read from disk; see io.ts. */
export interface SeedInput {
  name: string
  text: string | null
  metadataText: string | null
  problem: string | null
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

function parseSeed (seed: SeedInput): Article {
  const origin = `seed "${seed.name}"`
  const id = seedId(seed.name)
  if (seed.problem !== null || seed.text === null) throw new SourceError(origin, seed.problem ?? 'could not be read', id)
  let metadata
  if (seed.metadataText !== null) {
    let json: unknown
    try {
      json = JSON.parse(seed.metadataText)
    } catch (error) {
      throw new SourceError(origin, `metadata is not valid JSON (${(error as Error).message})`, id)
    }
    metadata = parseArticleMetadata(origin, json, id)
  }
  return parseArticle(id, seed.text, { metadata, origin })
}

/** Collects parsed articles; a parse failure or a repeated id becomes a problem, not a crash. */
function collector (): { add: (origin: string, parse: () => Article) => void, loaded: LoadedCoverage } {
  const loaded: LoadedCoverage = { articles: [], problems: [] }
  const seen = new Set<string>()
  return {
    loaded,
    add (origin, parse) {
      try {
        const article = parse()
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
  for (const seed of seeds) add(`seed "${seed.name}"`, () => parseSeed(seed))
  return loaded
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
