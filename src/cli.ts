/**
 * `npm run ask -- "question"`: Dateline in a terminal, no Discord needed.
 * Prints the reply as Discord would show it, or JSON for scripts.
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import type { Answer } from './core/answer.js'
import type { AskRequest } from './core/options.js'
import { parseIsoDate } from './core/dates.js'
import { renderAnswerText } from './discord/render.js'
import { loadConfig, type LoadConfigOptions } from './config.js'
import { progressReporter } from './progress.js'
import { Dateline } from './dateline.js'
import type { CoverageLocation } from './engine/load.js'
import { timelineToJson } from './core/timeline/index.js'
import { renderTimelineText } from './discord/timeline.js'
import { writeFileAtomically } from './io.js'

export const USAGE = `Usage: npm run ask -- [options] ["question"]
       npm run ask -- --timeline "topic" [--since D] [--until D] [--source ID] [--chart out.png] [--json]

Answers a question from the coverage with cited, dated excerpts.
With no question and input piped in, reads one question a line (JSONL
{"question": ..., "id"?: ..., "date"?: ...} or plain text) and prints one JSON
answer a line. With no question at a terminal, asks interactively.

Options:
  --json           print the answer as JSON
  --seeds DIR      read seed articles from DIR (default: SEEDS_DIR or ./seeds)
  --corpus FILE    read a JSONL corpus ({id,title,date,url,publisher,text} a line; .gz ok)
  --limit N        citations to show (default 3), and ranked articles listed
                   in --json output (default 10); at most 100
  --since DATE     only coverage published on or after DATE (YYYY-MM-DD)
  --until DATE     only coverage published on or before DATE
  --source ID      only the article with this id
  --as-of DATE     answer as of DATE: ignore later coverage, prefer recent
  --timeline TOPIC every article on TOPIC in date order, undated ones apart;
                   --source also takes an outlet's name here
  --chart FILE     with --timeline: write the chart of articles per day, week
                   or month to FILE (PNG)
  -h, --help       show this help`

export interface CliStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: { write: (text: string) => unknown }
  stderr: { write: (text: string) => unknown, isTTY?: boolean }
}

export class UsageError extends Error {
  override name = 'UsageError'
}

/** Ranked articles listed in JSON output when --limit is not given. */
export const DEFAULT_ARTICLE_LIST = 10
/** The most citations or articles --limit may ask for. */
export const MAX_LIMIT = 100

/**
 * The machine-readable answer: what --json and batch mode print. `articles`
 * lists the ranked articles behind the answer, so ranking can be judged apart
 * from the choice of excerpts.
 */
export function answerToJson (answer: Answer, articleLimit: number = DEFAULT_ARTICLE_LIST): object {
  return {
    question: answer.question,
    answered: answer.answered,
    ...(answer.reason !== null ? { reason: answer.reason } : {}),
    citations: answer.citations.map(c => ({
      n: c.n,
      articleId: c.articleId,
      title: c.title,
      outlet: c.outlet,
      date: c.date,
      dateSource: c.dateSource,
      url: c.url,
      excerpt: c.excerpt,
      score: c.score,
    })),
    articles: answer.articles.slice(0, articleLimit).map(a => ({ articleId: a.articleId, score: a.score })),
    figures: answer.figures,
  }
}

function dateOption (name: string, value: string | undefined): string | null {
  if (value === undefined) return null
  if (parseIsoDate(value) === null) throw new UsageError(`--${name} must be a date as YYYY-MM-DD, got "${value}"`)
  return value
}

export interface CliRequest {
  question: string | null
  /** The topic of a timeline (--timeline), or null to answer a question. */
  timeline: string | null
  /** Where to write the timeline's chart (--chart). */
  chart: string | null
  json: boolean
  location: CoverageLocation
  ask: Partial<AskRequest>
}

export function parseCliArgs (argv: string[], defaultSeedsDir: string): CliRequest | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        seeds: { type: 'string' },
        corpus: { type: 'string' },
        limit: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        source: { type: 'string' },
        'as-of': { type: 'string' },
        timeline: { type: 'string' },
        chart: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help === true) return 'help'
  if (values.seeds !== undefined && values.corpus !== undefined) throw new UsageError('use either --seeds or --corpus, not both')
  const limit = values.limit === undefined ? undefined : Number(values.limit)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${values.limit}"`)
  const question = positionals.join(' ').trim()
  const timeline = values.timeline?.trim() ?? null
  if (values.chart !== undefined && timeline === null) throw new UsageError('--chart goes with --timeline "topic"')
  if (timeline !== null && question.length > 0) throw new UsageError(`give either a question or --timeline "topic", not both (got "${question}")`)
  if (timeline !== null && values['as-of'] !== undefined) throw new UsageError('--as-of does not apply to --timeline; use --until')
  return {
    question: question.length > 0 ? question : null,
    timeline,
    chart: values.chart ?? null,
    json: values.json === true,
    location: values.corpus !== undefined ? { kind: 'corpus', file: values.corpus } : { kind: 'seeds', dir: values.seeds ?? defaultSeedsDir },
    ask: {
      limit,
      since: dateOption('since', values.since),
      until: dateOption('until', values.until),
      source: values.source ?? null,
      asOf: dateOption('as-of', values['as-of']),
    },
  }
}

function articleLimit (request: CliRequest): number {
  return request.ask.limit ?? DEFAULT_ARTICLE_LIST
}

/** One batch line: a JSON object with a question, or the question as plain text. */
function readBatchLine (line: string, lineNumber: number): { question: string, id?: unknown, date?: string } {
  const trimmed = line.trim()
  if (!trimmed.startsWith('{')) return { question: trimmed }
  let record: unknown
  try {
    record = JSON.parse(trimmed)
  } catch {
    throw new UsageError(`stdin line ${lineNumber} is not valid JSON`)
  }
  const { question, id, date } = record as { question?: unknown, id?: unknown, date?: unknown }
  if (typeof question !== 'string') throw new UsageError(`stdin line ${lineNumber} has no "question" string`)
  return { question, id, ...(typeof date === 'string' && parseIsoDate(date) !== null ? { date } : {}) }
}

async function answerBatch (dateline: Dateline, request: CliRequest, streams: CliStreams): Promise<number> {
  const lines = createInterface({ input: streams.stdin, crlfDelay: Infinity })
  let lineNumber = 0
  for await (const line of lines) {
    lineNumber += 1
    if (line.trim().length === 0) continue
    const { question, id, date } = readBatchLine(line, lineNumber)
    const answer = await dateline.ask(question, { ...request.ask, ...(date !== undefined && request.ask.asOf == null ? { asOf: date } : {}) })
    streams.stdout.write(`${JSON.stringify({ ...(id !== undefined ? { id } : {}), ...answerToJson(answer, articleLimit(request)) })}\n`)
  }
  return 0
}

async function answerInteractively (dateline: Dateline, request: CliRequest, streams: CliStreams): Promise<number> {
  // The terminal's own line editing is enough here; readline only splits the lines.
  const lines = createInterface({ input: streams.stdin, crlfDelay: Infinity })
  streams.stdout.write(`Dateline: ${dateline.catalog.sources.length} articles, ${dateline.catalog.passageCount} passages. Ask a question (empty line or Ctrl+D to quit).\nask> `)
  for await (const line of lines) {
    if (line.trim().length === 0) break
    const answer = await dateline.ask(line, request.ask)
    streams.stdout.write(`${request.json ? JSON.stringify(answerToJson(answer, articleLimit(request)), null, 2) : renderAnswerText(answer)}\n\nask> `)
  }
  lines.close()
  streams.stdout.write('\n')
  return 0
}

/** Prints the timeline of `topic` as Discord would show it (or JSON), and writes its chart with --chart. */
async function printTimeline (dateline: Dateline, request: CliRequest, topic: string, streams: CliStreams): Promise<number> {
  const timeline = await dateline.timeline(topic, { since: request.ask.since ?? null, until: request.ask.until ?? null, source: request.ask.source ?? null })
  streams.stdout.write(request.json ? `${JSON.stringify(timelineToJson(timeline), null, 2)}\n` : `${renderTimelineText(timeline)}\n`)
  if (request.chart === null) return 0
  const chart = await dateline.timelineChart(timeline)
  if (chart === null) {
    streams.stderr.write(`warning: no chart written to ${request.chart}: no matching article is dated\n`)
    return 0
  }
  await writeFileAtomically(request.chart, chart.png)
  streams.stderr.write(`chart written to ${request.chart} (${chart.width}×${chart.height} PNG)\n`)
  return 0
}

/**
 * Runs the CLI; returns the exit code. Errors are reported on stderr, never
 * thrown. Settings come from the environment and .env unless `settings` says
 * otherwise (tests pass their own, so a developer's .env never leaks in).
 */
export async function runCli (argv: string[], streams: CliStreams, settings: LoadConfigOptions = {}): Promise<number> {
  try {
    const config = loadConfig(settings)
    const request = parseCliArgs(argv, config.seedsDir)
    if (request === 'help') {
      streams.stdout.write(`${USAGE}\n`)
      return 0
    }
    // A large archive takes seconds to index, so the CLI reuses a snapshot of it; seeds build in milliseconds.
    const snapshotDir = request.location.kind === 'corpus' ? config.snapshotDir : null
    // Indexing a large archive takes a while: show how far it got (a bar at a terminal), never on stdout.
    const progress = progressReporter(streams.stderr)
    const { dateline, problems } = await Dateline.open(request.location, { snapshotDir, onProgress: progress.update })
    progress.done()
    for (const problem of problems) streams.stderr.write(`warning: skipped ${problem}\n`)
    if (request.timeline !== null) return await printTimeline(dateline, request, request.timeline, streams)
    if (request.question !== null) {
      const answer = await dateline.ask(request.question, request.ask)
      streams.stdout.write(request.json ? `${JSON.stringify(answerToJson(answer, articleLimit(request)), null, 2)}\n` : `${renderAnswerText(answer)}\n`)
      return 0
    }
    if (streams.stdin.isTTY === true) return await answerInteractively(dateline, request, streams)
    return await answerBatch(dateline, request, streams)
  } catch (error) {
    const usage = error instanceof UsageError ? `\n\n${USAGE}` : ''
    streams.stderr.write(`error: ${(error as Error).message}${usage}\n`)
    return error instanceof UsageError ? 2 : 1
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
}
