/**
 * Restart and reindex on a large corpus, as the bot runs them: index in a
 * worker thread, snapshot on disk. Measures the main thread's event-loop
 * delay while a reindex runs, against rebuilding in the main thread, and
 * /sources autocomplete: building its finder, and answering keystrokes.
 * Prints one JSON line.
 *
 *   tsx scripts/bench/reindex.ts --corpus FILE --questions FILE
 */
import { parseArgs } from 'node:util'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Dateline } from '../../src/dateline.js'
import { startInProcess, type EngineStarter } from '../../src/engine/engine.js'
import { startInWorker } from '../../src/engine/worker-engine.js'
import { makeScratchDir, readLines, removeDir } from '../../src/io.js'
import { timed, watchStalls } from './clock.js'
import { percentile, type QuizQuestion } from './quality.js'

const { values } = parseArgs({ options: { corpus: { type: 'string' }, questions: { type: 'string' } } })
if (values.corpus === undefined || values.questions === undefined) throw new Error('bench reindex: --corpus and --questions are required')
const location = { kind: 'corpus' as const, file: values.corpus }
const questions: QuizQuestion[] = []
for await (const line of readLines(values.questions)) questions.push(JSON.parse(line) as QuizQuestion)

const seconds = (ms: number): number => Math.round(ms / 100) / 10

/** Reindexes while members keep asking, every 100 ms; reports the event loop's worst delays. */
async function reindexUnderLoad (build: EngineStarter): Promise<object> {
  const { dateline } = await Dateline.open(location, { start: build })
  // As in the bot, which logs in meanwhile: questions arrive once the engine has settled.
  await dateline.settled()
  const latencies: number[] = []
  let asked = 0
  const asking = setInterval(() => {
    const question = questions[asked++ % questions.length]
    if (question === undefined) return
    const started = performance.now()
    void dateline.ask(question.question, { asOf: question.date }).then(() => latencies.push(performance.now() - started))
  }, 100)
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  // A 10 ms ticker as well (watchStalls): it sees stalls as long as the reindex itself.
  const stalls = watchStalls()
  const { value: outcome, ms } = await timed(async () => await dateline.reindex())
  // One more turn of the loop, so a stall that lasted until the reindex ended is recorded too.
  await new Promise(resolve => setTimeout(resolve, 30))
  delay.disable()
  const longestStall = stalls.stop()
  clearInterval(asking)
  // In this thread the source finder is built at the first keystroke; in a worker, while loading.
  const firstKeystroke = await timed(async () => await dateline.findSources('a', 1))
  await dateline.close()
  latencies.sort((a, b) => a - b)
  return {
    reindexS: seconds(ms),
    swapped: outcome.status === 'done' && outcome.report.swapped,
    loopDelayMaxMs: Math.round(delay.max / 1e6),
    longestStallMs: Math.round(longestStall),
    loopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
    questionsDuring: latencies.length,
    questionP99Ms: percentile(latencies, 0.99),
    firstKeystrokeMs: Math.round(firstKeystroke.ms),
  }
}

/** What members type into /sources, a letter at a time: the start of each question's first long word. */
function keystrokes (): string[] {
  return questions.slice(0, 100).flatMap(question => {
    const word = question.question.split(/\W+/).find(w => w.length >= 6) ?? ''
    return [1, 3, word.length].map(n => word.slice(0, n)).filter(Boolean)
  })
}

/** Autocomplete latency as the bot sees it: the worker's finder, message passing included. */
async function autocomplete (dateline: Dateline): Promise<object> {
  const latencies: number[] = []
  for (const typed of keystrokes()) {
    const started = performance.now()
    await dateline.findSources(typed, 50)
    latencies.push(performance.now() - started)
  }
  latencies.sort((a, b) => a - b)
  return { keystrokes: latencies.length, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), maxMs: Math.round(latencies.at(-1) ?? 0) }
}

const snapshotDir = await makeScratchDir('dateline-bench-')
try {
  const cold = await timed(async () => await Dateline.open(location, { start: startInWorker, snapshotDir }))
  await cold.value.dateline.close()
  const warm = await timed(async () => await Dateline.open(location, { start: startInWorker, snapshotDir }))
  const settling = await timed(async () => await warm.value.dateline.settled())
  const sources = await autocomplete(warm.value.dateline)
  await warm.value.dateline.close()
  const worker = await reindexUnderLoad(startInWorker)
  const mainThread = await reindexUnderLoad(startInProcess)
  process.stdout.write(`${JSON.stringify({
    coldStartS: seconds(cold.ms),
    restartFromSnapshotS: seconds(warm.ms),
    restartUsedSnapshot: warm.value.fromSnapshot,
    settleS: seconds(settling.ms),
    autocomplete: sources,
    worker,
    mainThread,
  })}\n`)
} finally {
  await removeDir(snapshotDir)
}
