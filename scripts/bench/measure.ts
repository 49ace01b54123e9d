/**
 * One benchmark measurement in its own process, so peak memory belongs to
 * one engine and one corpus size alone. Prints one JSON line on stdout.
 *
 *   tsx scripts/bench/measure.ts --engine dateline|baseline (--corpus FILE | --seeds DIR) --questions FILE [--articles N] [--every K] [--no-warm-up]
 *
 * Dateline's library is warmed up (warmUp, a few questions made of its own
 * titles) before the questions are timed, unless --no-warm-up: then its first
 * questions run while V8 still interprets the code.
 */
import { parseArgs } from 'node:util'
import MiniSearch from 'minisearch'
import { answerQuestion, warmUp } from '../../src/core/answer.js'
import { parseCorpus, parseSeeds } from '../../src/core/coverage.js'
import { buildAnsweringLibrary } from '../../src/engine/load.js'
import type { RankingOptions } from '../../src/core/options.js'
import { readLines, readSeedFiles } from '../../src/io.js'
import { percentile, scoreExcerpts, type QuizQuestion } from './quality.js'

const { values } = parseArgs({
  options: {
    engine: { type: 'string' },
    corpus: { type: 'string' },
    seeds: { type: 'string' },
    questions: { type: 'string' },
    articles: { type: 'string' },
    every: { type: 'string', default: '1' },
    set: { type: 'string', multiple: true, default: [] },
    'no-warm-up': { type: 'boolean', default: false },
  },
})

function required (name: string, value: string | undefined): string {
  if (value === undefined) throw new Error(`bench measure: --${name} is required`)
  return value
}

const engine = required('engine', values.engine)
const seedsDir = values.seeds
const corpusPath = seedsDir === undefined ? required('corpus', values.corpus) : ''
const questionsPath = required('questions', values.questions)
const articleLimit = values.articles === undefined ? Infinity : Number(values.articles)
const every = Number(values.every)

async function * firstLines (path: string, limit: number): AsyncGenerator<string> {
  let count = 0
  for await (const line of readLines(path)) {
    if (count >= limit) return
    count += 1
    yield line
  }
}

async function loadQuestions (): Promise<QuizQuestion[]> {
  const questions: QuizQuestion[] = []
  let i = 0
  for await (const line of readLines(questionsPath)) {
    if (i++ % every === 0) questions.push(JSON.parse(line) as QuizQuestion)
  }
  return questions
}

function heapMB (): number {
  globalThis.gc?.()
  return process.memoryUsage().heapUsed / 1e6
}

/** `--set key=value` tunes a ranking option for experiments; numbers and null are parsed. */
function rankingOverrides (): Partial<RankingOptions> {
  const overrides: Record<string, unknown> = {}
  for (const pair of values.set ?? []) {
    const [key = '', raw = ''] = pair.split('=')
    overrides[key] = raw === 'null' ? null : Number.isNaN(Number(raw)) ? raw : Number(raw)
  }
  return overrides as Partial<RankingOptions>
}

interface Engine { passages: number, ask: (question: QuizQuestion) => string[], warmUp: () => void }

async function buildDateline (): Promise<Engine> {
  const { articles } = seedsDir !== undefined
    ? parseSeeds(await readSeedFiles(seedsDir))
    : await parseCorpus(firstLines(corpusPath, articleLimit), corpusPath)
  const library = await buildAnsweringLibrary(articles, { ranking: rankingOverrides() })
  return {
    passages: library.passages.length,
    ask: question => answerQuestion(library, question.question, { limit: 3, asOf: question.date }).citations.map(c => c.excerpt),
    warmUp: () => warmUp(library),
  }
}

/** The data README's reference: MiniSearch with default options, one document per paragraph. */
/** Raw article texts, as the baseline reads them: no parsing, no boilerplate removal. */
async function * rawTexts (): AsyncGenerator<string> {
  if (seedsDir !== undefined) {
    for (const seed of await readSeedFiles(seedsDir)) yield seed.text ?? ''
    return
  }
  for await (const line of firstLines(corpusPath, articleLimit)) yield (JSON.parse(line) as { text: string }).text
}

async function buildBaseline (): Promise<Engine> {
  const paragraphs: string[] = []
  const index = new MiniSearch<{ id: number, text: string }>({ fields: ['text'] })
  for await (const text of rawTexts()) {
    const batch = []
    for (const paragraph of text.split(/\n+/)) {
      if (paragraph.trim().length === 0) continue
      batch.push({ id: paragraphs.length, text: paragraph })
      paragraphs.push(paragraph)
    }
    index.addAll(batch)
  }
  return {
    passages: paragraphs.length,
    ask: question => index.search(question.question).slice(0, 3).map(result => paragraphs[result.id as number] ?? ''),
    warmUp: () => {},
  }
}

const heapBefore = heapMB()
const started = performance.now()
const built = engine === 'dateline' ? await buildDateline() : engine === 'baseline' ? await buildBaseline() : null
if (built === null) throw new Error(`bench measure: unknown engine "${engine}"`)
const buildMs = performance.now() - started
const heapAfterBuild = heapMB() - heapBefore
const warmingStarted = performance.now()
if (values['no-warm-up'] !== true) built.warmUp()
const warmUpMs = performance.now() - warmingStarted

const questions = await loadQuestions()
const latencies: number[] = []
// Process CPU time apart from wall time: on a shared machine, wall time also counts other processes' turns
// (CPU time counts V8's garbage-collector threads too).
const cpuTimes: number[] = []
const excerpts: string[][] = []
for (const question of questions) {
  const t = performance.now()
  const cpu = process.cpuUsage()
  excerpts.push(built.ask(question))
  latencies.push(performance.now() - t)
  const used = process.cpuUsage(cpu)
  cpuTimes.push((used.user + used.system) / 1000)
}
const quality = scoreExcerpts(questions, excerpts)
latencies.sort((a, b) => a - b)
cpuTimes.sort((a, b) => a - b)

process.stdout.write(`${JSON.stringify({
  engine,
  articles: Number.isFinite(articleLimit) ? articleLimit : 'all',
  passages: built.passages,
  buildMs: Math.round(buildMs),
  warmUpMs: Math.round(warmUpMs),
  heapMB: Math.round(heapAfterBuild),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  p50: percentile(latencies, 0.5),
  p95: percentile(latencies, 0.95),
  p99: percentile(latencies, 0.99),
  cpuP50: percentile(cpuTimes, 0.5),
  cpuP99: percentile(cpuTimes, 0.99),
  ...quality,
})}\n`)
