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
 */
import { parseArgs } from 'node:util'
import { answerQuestion } from '../../src/core/answer.js'
import type { Library } from '../../src/core/library.js'
import type { RankingOptions } from '../../src/core/options.js'
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

function evaluate (ranking: Partial<RankingOptions>): string {
  const parts: string[] = []
  for (const { set, library, items } of loaded) {
    const tuned: Library = { ...library, options: { ...library.options, ranking: { ...library.options.ranking, ...ranking } } }
    const answers: AnswerLine[] = items.map(item => {
      const answer = answerQuestion(tuned, item.question, { limit: set.limit, ...(item.date !== undefined ? { asOf: item.date } : {}) })
      return { answered: answer.answered, citations: answer.citations, articles: answer.articles }
    })
    parts.push(`${set.name} ${set.metrics.map(m => m.value(items, answers).toFixed(3)).join(' ')}`)
  }
  return parts.join(' | ')
}

const base = JSON.parse(values.base ?? '{}') as Partial<RankingOptions>
process.stdout.write(`metrics: ${loaded.map(({ set }) => `${set.name} [${set.metrics.map(m => m.name.replace(/ \(.*\)/, '')).join(', ')}]`).join(' | ')}\n`)
process.stdout.write(`base ${JSON.stringify(base)}: ${evaluate(base)}\n`)
for (const [key, options] of Object.entries(JSON.parse(values.vary ?? '{}') as Record<string, unknown[]>)) {
  for (const value of options) process.stdout.write(`${key}=${JSON.stringify(value)}: ${evaluate({ ...base, [key]: value })}\n`)
}
