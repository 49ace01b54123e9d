/**
 * `npm run ingest -- URL|FILE…`: adds articles to the coverage folder from a
 * terminal, as /ingest does in Discord: each URL is fetched as a web page,
 * each FILE read (.html, .htm, .txt, .md, or .jsonl with one article a line).
 * Prints what was added, what the coverage already had and what was refused;
 * exits 1 if anything was refused or could not be read.
 *
 * The index is loaded (from its snapshot when there is one) to tell new
 * articles from duplicates, and its snapshot is brought up to date, so the
 * bot's next start is fast. A bot running on the same folder sees these
 * articles after a /reindex or a restart.
 */
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { loadConfig, type LoadConfigOptions } from './config.js'
import { Dateline } from './dateline.js'
import { describeDate } from './discord/coverage.js'
import { coverageKeys } from './core/ingest.js'
import { splitIntoPassages } from './core/passages.js'
import { NoCoverageError } from './engine/load.js'
import { Ingester, type IngestOutcome, type IngestRequest, type IngestTarget } from './ingester.js'
import { readInputFile } from './io.js'
import { createLogger } from './log.js'
import { createFetcher } from './net/fetch.js'
import { progressReporter } from './progress.js'
import type { CliStreams } from './cli.js'

export const INGEST_USAGE = `Usage: npm run ingest -- [options] URL|FILE...

Adds articles to the coverage folder: each URL (http or https) is fetched as
a web page, each FILE read (.html, .htm, .txt, .md, or .jsonl with one
{id, title, date, url, publisher, text} article a line). Prints what was
added, what the coverage already had, and what was refused; exits 1 if
anything was refused or could not be read.

Options:
  --seeds DIR   the coverage folder (default: SEEDS_DIR or ./seeds)
  --json        one JSON line per input instead of text
  -h, --help    show this help

Fetching follows FETCH_ALLOW_HOSTS, FETCH_MAX_BYTES and FETCH_TIMEOUT_MS.
A bot running on the same folder sees the new articles after /reindex.`

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i

/** What one input gave, as a person reads it: one line per article, duplicate or refusal. */
function describeOutcome (input: string, outcome: IngestOutcome): string[] {
  const lines: string[] = []
  for (const added of outcome.added) {
    const outlet = added.outlet === null ? '' : ` · ${added.outlet}`
    const passages = added.passages === null ? '' : ` · ${added.passages} passage${added.passages === 1 ? '' : 's'}`
    lines.push(`added: ${added.title}${outlet} · ${describeDate(added)}${passages}`, `  id ${added.id}`)
  }
  for (const duplicate of outcome.duplicates) {
    lines.push(`already in the coverage: ${duplicate.title ?? duplicate.url ?? input} as ${duplicate.id} (${duplicate.by === 'url' ? 'same address' : 'same text'}); nothing changed`)
  }
  for (const problem of outcome.problems) lines.push(`not read: ${problem}`)
  if (outcome.error !== null) lines.push(`${outcome.outcome === 'refused' ? 'refused' : 'failed'}: ${outcome.error.message}`)
  if (outcome.indexError !== null) lines.push(`warning: stored, but not indexed (${outcome.indexError})`)
  return lines
}

/** What ingests add to in a folder with no article yet: the articles stored are counted, and indexed at the bot's next start. */
function emptyCoverage (): IngestTarget {
  const keys = coverageKeys()
  const held = new Set<string>()
  return {
    coverageKeys: async () => keys,
    append: async articles => articles.map(article => {
      held.add(article.id)
      const { id, title, outlet, date, time, dateSource, url } = article
      return { id, title, outlet, date, time, dateSource, url, passages: splitIntoPassages(article, 0).length }
    }),
    saveJournal: async () => ({ status: 'nothing appended' }),
    holds: id => held.has(id),
  }
}

async function requestFor (input: string): Promise<IngestRequest | string> {
  if (URL_LIKE.test(input)) return { via: 'url', url: input }
  const bytes = await readInputFile(input)
  if (typeof bytes === 'string') return `file "${input}" ${bytes}`
  return { via: 'file', name: basename(input), bytes }
}

/** Runs `npm run ingest`; returns the exit code. Errors are reported on stderr, never thrown. */
export async function runIngestCli (argv: string[], streams: CliStreams, settings: LoadConfigOptions = {}): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { seeds: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } })
  } catch (error) {
    streams.stderr.write(`error: ${(error as Error).message}\n\n${INGEST_USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help === true) {
    streams.stdout.write(`${INGEST_USAGE}\n`)
    return 0
  }
  if (positionals.length === 0) {
    streams.stderr.write(`error: name at least one URL or file to ingest\n\n${INGEST_USAGE}\n`)
    return 2
  }
  let config
  try {
    config = loadConfig(settings)
  } catch (error) {
    streams.stderr.write(`error: ${(error as Error).message}\n`)
    return 1
  }
  const dir = values.seeds ?? config.seedsDir
  const logger = createLogger({ secrets: [], sink: streams.stderr, level: 'error', format: config.logFormat })
  const fetcher = createFetcher({ allowHosts: config.fetchAllowHosts, maxBytes: config.fetchMaxBytes, timeoutMs: config.fetchTimeoutMs })
  let dateline: Dateline | null = null
  try {
    const progress = progressReporter(streams.stderr)
    const opened = await Dateline.open({ kind: 'seeds', dir }, { snapshotDir: config.snapshotDir, onProgress: progress.update }).catch((error: unknown) => {
      // A folder with no article yet is a fine place to start: there is nothing to be a duplicate of.
      if (error instanceof NoCoverageError) return null
      throw error
    })
    progress.done()
    dateline = opened?.dateline ?? null
    for (const problem of opened?.problems ?? []) streams.stderr.write(`warning: skipped ${problem}\n`)
    const ingester = new Ingester({ coverageDir: dir, target: dateline ?? emptyCoverage(), fetcher, logger })
    let failed = false
    for (const input of positionals) {
      const request = await requestFor(input)
      const outcome: IngestOutcome | null = typeof request === 'string' ? null : await ingester.ingest(request)
      if (outcome === null || outcome.error !== null || outcome.problems.length > 0 || outcome.indexError !== null) failed = true
      if (values.json === true) {
        streams.stdout.write(`${JSON.stringify(outcome === null ? { input, outcome: 'unreadable', problems: [request], added: [], duplicates: [], error: null } : { input, ...outcome })}\n`)
      } else {
        const lines = outcome === null ? [`not read: ${String(request)}`] : describeOutcome(input, outcome)
        streams.stdout.write(`${input}\n${lines.map(line => `  ${line}`).join('\n')}\n`)
      }
    }
    await ingester.close()
    return failed ? 1 : 0
  } catch (error) {
    streams.stderr.write(`error: ${(error as Error).message}\n`)
    return 1
  } finally {
    await dateline?.close()
    await fetcher.close()
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runIngestCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
}
