/**
 * `npm run eval`: answer quality on four question sets, Dateline beside plain
 * MiniSearch, in one table. Dateline is asked through the CLI's batch path
 * (`npm run ask -- --json` with JSONL on stdin), the way a user scripts it.
 *
 *   npm run eval                          (data in ../shared/data)
 *   npm run eval -- --data DIR --sets seeds,squad --baseline-every 5 --no-baseline --every K
 *
 * Plain MiniSearch over all RealTimeQA paragraphs takes ~1.4 s a question, so
 * by default it is asked every 5th RealTimeQA question (--baseline-every);
 * Dateline is asked all of them. Each engine and set runs in its own process,
 * two at a time.
 */
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { evalSets, type AnswerLine, type EvalSet, type Item } from './eval/sets.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    sets: { type: 'string', default: 'seeds,realtimeqa,scifact,squad' },
    'baseline-every': { type: 'string', default: '5' },
    every: { type: 'string', default: '1' },
    'no-baseline': { type: 'boolean', default: false },
    snapshots: { type: 'boolean', default: false },
  },
})

const every = Number(values.every)
const baselineEvery = Number(values['baseline-every'])
const chosen = new Set((values.sets ?? '').split(',').map(s => s.trim()).filter(Boolean))
const sets = evalSets(values.data ?? '').filter(set => chosen.has(set.name))
if (sets.length === 0) {
  process.stderr.write(`eval: no known set among "${values.sets ?? ''}" (seeds, realtimeqa, scifact, squad)\n`)
  process.exit(2)
}

interface Run { answers: AnswerLine[], seconds: number }

/** Runs a batch answerer in its own process, questions on stdin, one JSON answer a line back. */
async function runBatch (args: string[], items: readonly Item[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const answers: AnswerLine[] = []
  const reading = (async () => {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (line.trim().length > 0) answers.push(JSON.parse(line) as AnswerLine)
    }
  })()
  for (const item of items) {
    const line = JSON.stringify({ id: item.id, question: item.question, ...(item.date !== undefined ? { date: item.date } : {}) })
    if (!child.stdin.write(`${line}\n`)) await new Promise(resolve => child.stdin.once('drain', resolve))
  }
  child.stdin.end()
  const code = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)))
  await reading
  if (code !== 0) throw new Error(`eval: ${args.join(' ')} exited with ${code}\n${stderr}`)
  if (answers.length !== items.length) throw new Error(`eval: ${args.join(' ')} answered ${answers.length} of ${items.length} questions\n${stderr}`)
  return { answers, seconds: (performance.now() - started) / 1000 }
}

interface Job { set: EvalSet, engine: 'dateline' | 'baseline', items: Item[], result?: Run }

function sample<T> (items: readonly T[], k: number): T[] {
  return items.filter((_, i) => i % k === 0)
}

const jobs: Job[] = []
for (const set of sets) {
  const items = sample(await set.load(), every)
  jobs.push({ set, engine: 'dateline', items })
  if (!values['no-baseline']) jobs.push({ set, engine: 'baseline', items: set.name === 'realtimeqa' ? sample(items, baselineEvery) : items })
}

const started = performance.now()
// The sampled RealTimeQA baseline is the longest job: started first, it runs beside all the others.
const queue = [...jobs].sort((a, b) => Number(b.set.name === 'realtimeqa' && b.engine === 'baseline') - Number(a.set.name === 'realtimeqa' && a.engine === 'baseline'))
async function worker (): Promise<void> {
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    const { set, engine, items } = job
    const limit = ['--limit', String(set.limit)]
    job.result = engine === 'dateline'
      ? await runBatch(['src/cli.ts', '--json', ...limit, ...set.coverage], items, values.snapshots === true ? {} : { SNAPSHOT_DIR: 'off' })
      : await runBatch(['scripts/eval/baseline.ts', ...limit, ...set.baseline], items, {})
    process.stderr.write(`eval: ${set.name} ${engine} ${items.length} questions in ${job.result.seconds.toFixed(1)} s\n`)
  }
}
await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, worker))

function table (rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map(row => row[column]?.length ?? 0))) ?? []
  return rows.map(row => row.map((cell, column) => column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)).join('  ')).join('\n')
}

const rows: string[][] = [['set', 'metric', 'Dateline', 'plain MiniSearch']]
for (const set of sets) {
  const dateline = jobs.find(j => j.set === set && j.engine === 'dateline')
  const baseline = jobs.find(j => j.set === set && j.engine === 'baseline')
  const count = (job: Job | undefined): string => job === undefined ? '—' : String(job.items.length)
  rows.push([set.name, 'questions', count(dateline), count(baseline)])
  for (const metric of set.metrics) {
    const figure = (job: Job | undefined): string => job?.result === undefined ? '—' : metric.value(job.items, job.result.answers).toFixed(3)
    rows.push(['', metric.name, figure(dateline), figure(baseline)])
  }
  rows.push(['', 'seconds (build + questions)', dateline?.result?.seconds.toFixed(1) ?? '—', baseline?.result?.seconds.toFixed(1) ?? '—'])
}
process.stdout.write(`${table(rows)}\n\nTook ${((performance.now() - started) / 1000).toFixed(0)} s.${values['no-baseline'] === true ? '' : ` Plain MiniSearch asked every ${baselineEvery}th RealTimeQA question.`}${every > 1 ? ` Every ${every}th question of each set.` : ''}\n`)
