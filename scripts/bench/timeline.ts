/**
 * /timeline latency on a corpus, in its own process: every topic's timeline
 * (matching, model and the pages Discord shows) and, for a sample, its chart.
 * The baseline is /ask on the same topics in the same process, the figure
 * the 3-second deferral window already holds for. Prints one JSON line.
 *
 *   tsx scripts/bench/timeline.ts (--corpus FILE | --seeds DIR) --questions FILE [--every K] [--chart-every K]
 *
 * Topics are the names a news quiz is about: each question's answer and its
 * other choices ("Luke Humphries", "Donald Trump", "Tigger"), de-duplicated.
 */
import os from 'node:os'
import { parseArgs } from 'node:util'
import { answerQuestion } from '../../src/core/answer.js'
import { parseCorpus, parseSeeds } from '../../src/core/coverage.js'
import { buildAnsweringLibrary } from '../../src/engine/load.js'
import { renderTimelineChart } from '../../src/chart.js'
import { timelineOf } from '../../src/core/timeline/index.js'
import { paginateTimeline } from '../../src/discord/timeline.js'
import { readLines, readSeedFiles } from '../../src/io.js'
import { percentile, type QuizQuestion } from './quality.js'

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    seeds: { type: 'string' },
    questions: { type: 'string' },
    every: { type: 'string', default: '1' },
    'chart-every': { type: 'string', default: '10' },
  },
})
if ((values.corpus === undefined && values.seeds === undefined) || values.questions === undefined) {
  throw new Error('bench timeline: --corpus or --seeds, and --questions, are required')
}

const { articles } = values.seeds !== undefined
  ? parseSeeds(await readSeedFiles(values.seeds))
  : await parseCorpus(readLines(values.corpus ?? ''), values.corpus ?? '')
const library = await buildAnsweringLibrary(articles)

const names = new Set<string>()
for await (const line of readLines(values.questions)) {
  const question = JSON.parse(line) as QuizQuestion
  for (const choice of [question.answer, ...question.choices]) names.add(choice.trim())
}
const every = Number(values.every)
const chartEvery = Number(values['chart-every'])
const topics = [...names].filter((_, i) => i % every === 0)

// One of each first, so module loading and the first compilation are not counted as a topic's latency.
const warmup = timelineOf(library, topics[0] ?? 'news')
await renderTimelineChart(warmup)
answerQuestion(library, topics[0] ?? 'news')

const timelineMs: number[] = []
const askMs: number[] = []
// CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
const timelineCpu: number[] = []
const askCpu: number[] = []
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}
const chartMs: number[] = []
const pngBytes: number[] = []
const entries: number[] = []
let slowest = { topic: '', ms: 0, entries: 0 }
let charted = 0
for (const [i, topic] of topics.entries()) {
  let started = performance.now()
  let cpu = process.cpuUsage()
  const timeline = timelineOf(library, topic)
  paginateTimeline(timeline)
  const ms = performance.now() - started
  timelineMs.push(ms)
  timelineCpu.push(cpuMs(cpu))
  const count = timeline.entries.length + timeline.undated.length
  entries.push(count)
  if (ms > slowest.ms) slowest = { topic, ms: Math.round(ms), entries: count }

  started = performance.now()
  cpu = process.cpuUsage()
  answerQuestion(library, topic)
  askMs.push(performance.now() - started)
  askCpu.push(cpuMs(cpu))

  if (i % chartEvery === 0 && timeline.entries.length > 0) {
    started = performance.now()
    const chart = await renderTimelineChart(timeline)
    chartMs.push(performance.now() - started)
    pngBytes.push(chart?.png.length ?? 0)
    charted += 1
  }
}

const sorted = (list: number[]): number[] => [...list].sort((a, b) => a - b)
const [t, a, c, e, b] = [sorted(timelineMs), sorted(askMs), sorted(chartMs), sorted(entries), sorted(pngBytes)]
const [tc, ac] = [sorted(timelineCpu), sorted(askCpu)]
process.stdout.write(`${JSON.stringify({
  articles: library.articles.size,
  topics: topics.length,
  withMatches: e.filter(n => n > 0).length,
  entriesP50: percentile(e, 0.5),
  entriesMax: e[e.length - 1] ?? 0,
  timeline: { p50: percentile(t, 0.5), p95: percentile(t, 0.95), p99: percentile(t, 0.99), max: percentile(t, 1) },
  ask: { p50: percentile(a, 0.5), p95: percentile(a, 0.95), p99: percentile(a, 0.99), max: percentile(a, 1) },
  timelineCpu: { p50: percentile(tc, 0.5), p99: percentile(tc, 0.99) },
  askCpu: { p50: percentile(ac, 0.5), p99: percentile(ac, 0.99) },
  loadAverage: Math.round(os.loadavg()[0] ?? 0),
  chart: { charted, p50: percentile(c, 0.5), p99: percentile(c, 0.99), max: percentile(c, 1), pngKBp50: Math.round((b[Math.floor(b.length / 2)] ?? 0) / 1024) },
  slowest,
})}\n`)
