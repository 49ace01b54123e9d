/**
 * `npm run bench`: Dateline against a plain-MiniSearch baseline, measured in
 * one run on the same machine, each measurement in its own process.
 *
 *   npm run bench -- --corpus ../shared/data/realtimeqa-2024/articles.jsonl.gz \
 *                    --questions ../shared/data/realtimeqa-2024/questions-dev.jsonl
 *   npm run bench -- --seeds            (the shipped seeds and bench/seeds-questions.jsonl)
 *
 * Options: --sizes 1000,4000 (scaling rows; the full corpus is always measured),
 * --scaling-every K (every K-th question in scaling rows, default 5),
 * --baseline-every K (every K-th question for the baseline, default 1: all),
 * --timeline-every K (every K-th timeline topic, default 1: all),
 * --ingests N (articles ingested while questions are asked, default 20),
 * --no-baseline, --no-scaling, --no-reindex, --no-ingest, --no-timeline, --no-warm-up (time
 * Dateline's first questions cold, as V8 first runs them).
 */
import { execFile } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { promisify } from 'node:util'
import { WORKER_HEAP_MB } from '../src/engine/worker-engine.js'
import type { Quality } from './bench/quality.js'

const run = promisify(execFile)

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    questions: { type: 'string' },
    seeds: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '1000,4000' },
    'scaling-every': { type: 'string', default: '5' },
    'baseline-every': { type: 'string', default: '1' },
    'no-baseline': { type: 'boolean', default: false },
    'no-scaling': { type: 'boolean', default: false },
    'no-reindex': { type: 'boolean', default: false },
    'no-timeline': { type: 'boolean', default: false },
    'no-ingest': { type: 'boolean', default: false },
    ingests: { type: 'string', default: '20' },
    'no-warm-up': { type: 'boolean', default: false },
    'timeline-every': { type: 'string', default: '1' },
  },
})

interface Measurement extends Quality {
  engine: string
  articles: number | 'all'
  passages: number
  buildMs: number
  warmUpMs: number
  heapMB: number
  peakRssMB: number
  p50: number
  p95: number
  p99: number
  cpuP50: number
  cpuP99: number
}

const source = values.seeds ? ['--seeds', 'seeds'] : ['--corpus', values.corpus ?? '']
const questions = values.questions ?? (values.seeds ? 'bench/seeds-questions.jsonl' : undefined)
if ((!values.seeds && values.corpus === undefined) || questions === undefined) {
  process.stderr.write('Usage: npm run bench -- --corpus FILE.jsonl[.gz] --questions FILE.jsonl   (or: npm run bench -- --seeds)\n')
  process.exit(2)
}

/** Dateline runs under the heap ceiling its search worker has in the bot; the baseline under Node's defaults. */
async function measure (engine: 'dateline' | 'baseline', extra: string[]): Promise<Measurement> {
  const heap = engine === 'dateline' ? [`--max-old-space-size=${WORKER_HEAP_MB}`] : []
  const { stdout } = await run(process.execPath, [...heap, '--expose-gc', '--import', 'tsx', 'scripts/bench/measure.ts', '--engine', engine, ...source, '--questions', questions ?? '', ...extra], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measurement
}

const fixed = (value: number, digits: number): string => value.toFixed(digits)
const ratio = (a: number, b: number): string => b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`

function table (rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map(row => row[column]?.length ?? 0))) ?? []
  return rows.map(row => row.map((cell, column) => column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)).join('  ')).join('\n')
}

function log (text: string): void {
  process.stdout.write(`${text}\n`)
}

log(`Dateline benchmark, ${new Date().toISOString()}, node ${process.version}, ${values.seeds ? 'shipped seeds' : values.corpus ?? ''}`)
log(`Questions: ${questions}${values.seeds ? '' : ' (tuning set)'}; answer@k = the answer string occurs in the first k cited excerpts; wrong@k = the same for wrong choices (chance level).\n`)

const dateline = await measure('dateline', values['no-warm-up'] ? ['--no-warm-up'] : [])
const baseline = values['no-baseline'] ? null : await measure('baseline', ['--every', values['baseline-every'] ?? '1'])

const metrics: Array<[string, (m: Measurement) => number, number]> = [
  ['answer@1', m => m.answer1, 3],
  ['answer@3', m => m.answer3, 3],
  ['wrong@1 (chance)', m => m.wrong1, 3],
  ['wrong@3 (chance)', m => m.wrong3, 3],
  ['no answer given', m => m.unanswered, 3],
  ['questions asked', m => m.questions, 0],
  ['passages', m => m.passages, 0],
  ['index build s', m => m.buildMs / 1000, 1],
  ['warm-up s', m => m.warmUpMs / 1000, 1],
  ['peak RSS MB', m => m.peakRssMB, 0],
  ['heap after build MB', m => m.heapMB, 0],
  ['query p50 ms', m => m.p50, 1],
  ['query p95 ms', m => m.p95, 1],
  ['query p99 ms', m => m.p99, 1],
  ['query process CPU p50 ms', m => m.cpuP50, 1],
  ['query process CPU p99 ms', m => m.cpuP99, 1],
]
log(table([
  ['metric', 'Dateline', ...(baseline !== null ? ['baseline', 'Dateline/baseline'] : [])],
  ...metrics.map(([name, read, digits]) => [name, fixed(read(dateline), digits), ...(baseline !== null ? [fixed(read(baseline), digits), ratio(read(dateline), read(baseline))] : [])]),
]))
log(`\nDateline runs with a ${WORKER_HEAP_MB} MB heap ceiling, as its search worker does in the bot; its library is warmed up (warmUp) before its questions are timed${values['no-warm-up'] ? ' (not in this run: --no-warm-up)' : ''}; the baseline (MiniSearch defaults, one document per paragraph) with Node's defaults.`)
log(`Load average at the end: ${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} cores: wall times count other processes' turns; process CPU times do not, but count V8's garbage-collector threads beside the question's own, so on a quiet machine they can exceed wall times.`)

if (!values.seeds && !values['no-scaling']) {
  const rows: string[][] = [['articles', 'engine', 'passages', 'build s', 'peak RSS MB', 'p50 ms', 'p99 ms', 'answer@3']]
  const every = ['--every', values['scaling-every'] ?? '5']
  for (const size of (values.sizes ?? '').split(',').filter(Boolean)) {
    for (const engine of ['dateline', 'baseline'] as const) {
      if (engine === 'baseline' && baseline === null) continue
      const m = await measure(engine, ['--articles', size, ...every])
      rows.push([size, engine, String(m.passages), fixed(m.buildMs / 1000, 1), String(m.peakRssMB), fixed(m.p50, 1), fixed(m.p99, 1), fixed(m.answer3, 3)])
    }
  }
  for (const m of [dateline, baseline]) {
    if (m !== null) rows.push(['all', m.engine, String(m.passages), fixed(m.buildMs / 1000, 1), String(m.peakRssMB), fixed(m.p50, 1), fixed(m.p99, 1), fixed(m.answer3, 3)])
  }
  log(`\nScaling (first N articles of the corpus; every ${values['scaling-every'] ?? '5'}th question below the full size)`)
  log(table(rows))
}

if (!values.seeds && !values['no-reindex']) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/reindex.ts', '--corpus', values.corpus ?? '', '--questions', questions], { maxBuffer: 1 << 20 })
  const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    coldStartS: number,
    restartFromSnapshotS: number,
    settleS: number,
    restartUsedSnapshot: boolean,
    autocomplete: { keystrokes: number, p50Ms: number, p99Ms: number, maxMs: number },
    worker: { reindexS: number, loopDelayMaxMs: number, loopDelayP99Ms: number, longestStallMs: number, questionsDuring: number, questionP99Ms: number, firstKeystrokeMs: number },
    mainThread: { reindexS: number, loopDelayMaxMs: number, loopDelayP99Ms: number, longestStallMs: number, questionsDuring: number, questionP99Ms: number, firstKeystrokeMs: number },
  }
  log('\nRestart and reindex (the bot\'s way: index in a worker thread, snapshot on disk)')
  log(table([
    ['measure', 'value'],
    ['cold start (build + save snapshot) s', fixed(r.coldStartS, 1)],
    [`restart from snapshot s${r.restartUsedSnapshot ? '' : ' (snapshot NOT used)'}`, fixed(r.restartFromSnapshotS, 1)],
    ['then settling (source finder, warm-up; the bot logs in meanwhile) s', fixed(r.settleS, 1)],
    [`/sources autocomplete, ${r.autocomplete.keystrokes} keystrokes p50 / p99 / max ms`, `${fixed(r.autocomplete.p50Ms, 1)} / ${fixed(r.autocomplete.p99Ms, 1)} / ${r.autocomplete.maxMs}`],
  ]))
  log('')
  log(table([
    ['reindex while asked every 100 ms', 'worker thread', 'main thread (reference)', 'worker/main'],
    ['reindex s', fixed(r.worker.reindexS, 1), fixed(r.mainThread.reindexS, 1), ratio(r.worker.reindexS, r.mainThread.reindexS)],
    ['longest event-loop stall ms', String(r.worker.longestStallMs), String(r.mainThread.longestStallMs), ratio(r.worker.longestStallMs, r.mainThread.longestStallMs)],
    ['event-loop delay p99 ms', String(r.worker.loopDelayP99Ms), String(r.mainThread.loopDelayP99Ms), ratio(r.worker.loopDelayP99Ms, r.mainThread.loopDelayP99Ms)],
    ['questions answered meanwhile', String(r.worker.questionsDuring), String(r.mainThread.questionsDuring), ratio(r.worker.questionsDuring, r.mainThread.questionsDuring)],
    ['their p99 ms', fixed(r.worker.questionP99Ms, 1), fixed(r.mainThread.questionP99Ms, 1), ratio(r.worker.questionP99Ms, r.mainThread.questionP99Ms)],
    ['first /sources keystroke after it ms (main thread: builds the finder)', String(r.worker.firstKeystrokeMs), String(r.mainThread.firstKeystrokeMs), ratio(r.worker.firstKeystrokeMs, r.mainThread.firstKeystrokeMs)],
  ]))
}

if (!values.seeds && !values['no-ingest']) {
  // Under the worker's heap ceiling for the in-process measurement of a whole snapshot rewrite.
  const { stdout } = await run(process.execPath, [`--max-old-space-size=${WORKER_HEAP_MB}`, '--import', 'tsx', 'scripts/bench/ingest.ts', '--corpus', values.corpus ?? '', '--questions', questions, '--ingests', values.ingests ?? '20'], { maxBuffer: 1 << 20 })
  type Phase = { questions: number, p50: number, p95: number, p99: number, max: number, longestStallMs: number }
  const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    articles: number,
    ingests: number,
    coldStartS: number,
    restartFromSnapshotS: number,
    coverageKeysS: number,
    baseline: Phase,
    during: Phase,
    ingestMs: { p50: number, max: number },
    toSearchableMs: { p50: number, max: number },
    journal: { ms: number, kilobytes: number, questionP99: number, longestStallMs: number },
    laterJournal: { ms: number, questionP99: number, longestStallMs: number },
    fullRewrite: { encodeMs: number, writeMs: number, megabytes: number },
    restartWithJournalS: number,
    restartFromJournal: boolean,
    articlesAfterRestart: number,
  }
  log(`\nIngests (/ingest url:) into a coverage folder of ${r.articles} articles, the index in a worker, a question due every 50 ms`)
  log(table([
    ['questions', 'no ingests (baseline)', `during ${r.ingests} ingests`, 'during/baseline'],
    ...(['p50', 'p95', 'p99', 'max'] as const).map(k => [`${k} ms`, fixed(r.baseline[k], 1), fixed(r.during[k], 1), ratio(r.during[k], r.baseline[k])]),
    ['questions asked', String(r.baseline.questions), String(r.during.questions), ''],
    ['main thread longest stall ms', String(r.baseline.longestStallMs), String(r.during.longestStallMs), ratio(r.during.longestStallMs, r.baseline.longestStallMs)],
  ]))
  log('')
  log(table([
    ['getting an article searchable', 'ingest (fetch, store, append)', 'rebuild (cold start)', 'rebuild/ingest'],
    ['p50 ms', fixed(r.toSearchableMs.p50, 0), fixed(r.coldStartS * 1000, 0), ratio(r.coldStartS * 1000, r.toSearchableMs.p50)],
    ['max ms', fixed(r.toSearchableMs.max, 0), '', ''],
  ]))
  log('')
  log(table([
    ['keeping the snapshot current', 'journal, first after start', 'journal, later', 'whole snapshot rewrite'],
    ['time ms', String(r.journal.ms), String(r.laterJournal.ms), String(r.fullRewrite.encodeMs + r.fullRewrite.writeMs)],
    ['worker blocked (no answers) ms', '0', '0', String(r.fullRewrite.encodeMs)],
    ['written', `${r.journal.kilobytes} KB`, '', `${r.fullRewrite.megabytes} MB`],
    ['question p99 meanwhile ms', fixed(r.journal.questionP99, 1), fixed(r.laterJournal.questionP99, 1), ''],
    ['main thread longest stall ms', String(r.journal.longestStallMs), String(r.laterJournal.longestStallMs), ''],
  ]))
  log(`restart: ${fixed(r.restartWithJournalS, 1)} s from the snapshot and its journal (${r.articlesAfterRestart} articles${r.restartFromJournal ? '' : ', journal NOT used'}), against ${fixed(r.restartFromSnapshotS, 1)} s from a snapshot and ${fixed(r.coldStartS, 1)} s rebuilding; coverage keys for duplicates: ${fixed(r.coverageKeysS, 1)} s in the worker at start`)
}

if (!values['no-timeline']) {
  // Under the worker's heap ceiling: in the bot, timelines are built where the index lives.
  const { stdout } = await run(process.execPath, [`--max-old-space-size=${WORKER_HEAP_MB}`, '--import', 'tsx', 'scripts/bench/timeline.ts', ...source, '--questions', questions, '--every', values['timeline-every'] ?? '1'], { maxBuffer: 1 << 20 })
  const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    articles: number,
    topics: number,
    withMatches: number,
    entriesP50: number,
    entriesMax: number,
    timeline: { p50: number, p95: number, p99: number, max: number },
    ask: { p50: number, p95: number, p99: number, max: number },
    timelineCpu: { p50: number, p99: number },
    askCpu: { p50: number, p99: number },
    loadAverage: number,
    chart: { charted: number, p50: number, p99: number, max: number, pngKBp50: number },
    slowest: { topic: string, ms: number, entries: number },
  }
  log(`\n/timeline on ${r.articles} articles: ${r.topics} topics (the quiz's answers and choices), ${r.withMatches} with matches; entries per timeline median ${r.entriesP50}, most ${r.entriesMax}`)
  log('Baseline: /ask on the same topics in the same process. Timeline = matching every article, the model and the pages shown.')
  log(table([
    ['ms', '/timeline', '/ask (baseline)', 'timeline/ask'],
    ...(['p50', 'p95', 'p99', 'max'] as const).map(k => [k, fixed(r.timeline[k], 1), fixed(r.ask[k], 1), ratio(r.timeline[k], r.ask[k])]),
    ...(['p50', 'p99'] as const).map(k => [`CPU ${k}`, fixed(r.timelineCpu[k], 1), fixed(r.askCpu[k], 1), ratio(r.timelineCpu[k], r.askCpu[k])]),
  ]))
  log(`(load average ${r.loadAverage} on ${os.cpus().length} cores at the end: wall times count other processes' turns, CPU times do not)`)
  log(`slowest timeline: "${r.slowest.topic}", ${r.slowest.entries} ${r.slowest.entries === 1 ? 'entry' : 'entries'}, ${r.slowest.ms} ms`)
  log(`chart render (Vega-Lite → SVG → PNG, ${r.chart.charted} timelines): p50 ${fixed(r.chart.p50, 1)} ms, p99 ${fixed(r.chart.p99, 1)} ms, max ${fixed(r.chart.max, 1)} ms; PNG median ${r.chart.pngKBp50} KB`)
  log(`timeline p99 + chart p99 = ${fixed(r.timeline.p99 + r.chart.p99, 0)} ms of Discord's 3000 ms before a deferred reply (${ratio(r.timeline.p99 + r.chart.p99, 3000)} of it)`)
}
