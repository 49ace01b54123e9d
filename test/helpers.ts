import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseSeeds } from '../src/core/coverage.js'
import type { Library } from '../src/core/library.js'
import { buildAnsweringLibrary } from '../src/engine/load.js'
import type { Article } from '../src/core/types.js'
import { readSeedFiles } from '../src/io.js'

export const SEEDS_DIR = 'seeds'

export const SEED_IDS = {
  valdai: '000_9bb04152d77420ef',
  kwatra: '001_bcdfe8663fa808b9',
  putin: '002_66bc5cd5d1c12ee4',
  moscowTalks: '003_6e8666b769908bfc',
  undated: '004_51ed917c6e0df37f',
} as const

/**
 * The shipped seeds' best-known answer, asked in many specs: "Who chairs the
 * Valdai club?" is answered from the 8 Jan 2024 RT India article by the
 * sentence naming the chairman. Kept here once, as quoted and as rendered.
 */
export const GOLDEN = {
  question: 'Who chairs the Valdai club?',
  articleId: SEED_IDS.valdai,
  /** How the first excerpt starts, verbatim from the article. */
  excerpt: 'According to Valdai Club Chairman Andrey Bystritskiy',
  /** The same start as Discord shows it: numbered, matched words in bold. */
  rendered: '**[1]** According to **Valdai** **Club** **Chairman** Andrey Bystritskiy',
  /** The whole first citation line as Discord shows it. */
  renderedLine: '**[1]** According to **Valdai** **Club** **Chairman** Andrey Bystritskiy, since India gained independence from the British Empire in 1947, Moscow has emerged as a reliable and predictable partner. Ties between the two countries have accumulated "a large reserve of trust" which has become a useful resource in the current geopolitical environment.',
  sourceLine: '— *India and Russia hold candid talks on bilateral ties* · RT India · 8 Jan 2024',
} as const

export async function loadShippedArticles (): Promise<Article[]> {
  const { articles, problems } = parseSeeds(await readSeedFiles(SEEDS_DIR))
  if (problems.length > 0) throw new Error(problems.map(p => p.message).join('\n'))
  return articles
}

let shipped: Promise<Library> | undefined
export async function shippedLibrary (): Promise<Library> {
  shipped ??= loadShippedArticles().then(async articles => await buildAnsweringLibrary(articles))
  return await shipped
}

/** A scratch copy of the shipped seeds that a test may change freely. */
export async function scratchSeeds (): Promise<{ dir: string, write: (name: string, text: string | Uint8Array) => Promise<void>, remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-seeds-'))
  await cp(SEEDS_DIR, dir, { recursive: true })
  return {
    dir,
    write: async (name, text) => { await writeFile(join(dir, name), text) },
    remove: async () => { await rm(dir, { recursive: true, force: true }) },
  }
}

export function article (id: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    id,
    title: `Title of ${id}`,
    date: null,
    time: null,
    dateSource: 'unknown',
    outlet: null,
    url: null,
    paragraphs: paragraphs.map(text => ({ text, heading: null })),
    ...extra,
  }
}
