/**
 * Tuning aid: builds the four sets' libraries once, then asks every set's
 * questions under each ranking configuration given, in-process through
 * answerQuestion (the code the CLI's batch path calls), one line of metrics a
 * configuration. Variations are tried one knob at a time around the defaults.
 *
 *   tsx scripts/eval/tune.ts --vary '{"k1":[0.9,1.5],"passageB":[0.3,0.6]}' [--sets …] [--every-squad 2] [--half 0|1]
 *
 * --half 0 or 1 asks only the even or odd questions of each set, so a value
 * chosen on one half can be checked on the other.
 *
 * Each variation is also compared question by question with the base, on each
 * set's first metric: how many questions it answers better and worse, and the
 * sign test's p (metrics.ts), so a change of a question or two on a set of
 * hundreds reads as the noise it is.
 */
import { parseArgs } from 'node:util'
import { answerQuestion } from '../../src/core/answer.js'
import type { Library } from '../../src/core/library.js'
import type { RankingOptions } from '../../src/core/options.js'
import { pairedChange } from './metrics.js'
import { evalSets, libraryOf, type AnswerLine, type EvalSet, type Item } from './sets.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    sets: { type: 'string', default: 'seeds,scifact,squad,realtimeqa' },
    vary: { type: 'string', default: '{}' },
    base: { type: 'string', default: '{}' },
    'every-squad': { type: 'string', default: '2' },
    half: { type: 'string' },
  },
})

const chosen = (values.sets ?? '').split(',')
const half = values.half === undefined ? null : Number(values.half)
const loaded: Array<{ set: EvalSet, library: Library, items: Item[] }> = []
for (const set of evalSets(values.data ?? '').filter(s => chosen.includes(s.name))) {
  const every = set.name === 'squad' ? Number(values['every-squad']) : 1
  const items = (await set.load()).filter((_, i) => i % every === 0).filter((_, i) => half === null || i % 2 === half)
  loaded.push({ set, library: await libraryOf(set), items })
}

interface Evaluation {
  line: string
  /** Per set, each question's score on the set's first metric. */
  perQuestion: number[][]
}

function evaluate (ranking: Partial<RankingOptions>): Evaluation {
  const parts: string[] = []
  const perQuestion: number[][] = []
  for (const { set, library, items } of loaded) {
    const tuned: Library = { ...library, options: { ...library.options, ranking: { ...library.options.ranking, ...ranking } } }
    const answers: AnswerLine[] = items.map(item => {
      const answer = answerQuestion(tuned, item.question, { limit: set.limit, ...(item.date !== undefined ? { asOf: item.date } : {}) })
      return { answered: answer.answered, citations: answer.citations, articles: answer.articles }
    })
    parts.push(`${set.name} ${set.metrics.map(m => m.value(items, answers).toFixed(3)).join(' ')}`)
    const first = set.metrics[0]
    perQuestion.push(first === undefined ? [] : items.map((item, i) => first.value([item], answers.slice(i, i + 1))))
  }
  return { line: parts.join(' | '), perQuestion }
}

/** Questions better and worse than the base on each set's first metric, with the sign test's p. */
function againstBase (base: Evaluation, varied: Evaluation): string {
  return loaded.map(({ set }, s) => {
    const { gained, lost, p } = pairedChange(base.perQuestion[s] ?? [], varied.perQuestion[s] ?? [])
    return `${set.name} +${gained} -${lost} (p ${p.toFixed(2)})`
  }).join(' | ')
}

const base = JSON.parse(values.base ?? '{}') as Partial<RankingOptions>
process.stdout.write(`metrics: ${loaded.map(({ set }) => `${set.name} [${set.metrics.map(m => m.name.replace(/ \(.*\)/, '')).join(', ')}]`).join(' | ')}\n`)
const baseline = evaluate(base)
process.stdout.write(`base ${JSON.stringify(base)}: ${baseline.line}\n`)
for (const [key, options] of Object.entries(JSON.parse(values.vary ?? '{}') as Record<string, unknown[]>)) {
  for (const value of options) {
    const varied = evaluate({ ...base, [key]: value })
    process.stdout.write(`${key}=${JSON.stringify(value)}: ${varied.line}\n    against base, questions better/worse on ${loaded.map(({ set }) => set.metrics[0]?.name ?? '').join(', ')}: ${againstBase(baseline, varied)}\n`)
  }
}
