/**
 * In-process evaluation for tuning: builds each set's library once and asks
 * its questions through answerQuestion (the code the CLI's batch path calls),
 * printing the same metrics as `npm run eval` without a baseline.
 *
 *   tsx scripts/eval/quick.ts [--data DIR] [--sets a,b] [--every K] [--set key=value ...]
 */
import { parseArgs } from 'node:util'
import { answerQuestion } from '../../src/core/answer.js'
import type { Library } from '../../src/core/library.js'
import type { RankingOptions } from '../../src/core/options.js'
import { evalSets, libraryOf, type AnswerLine } from './sets.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    sets: { type: 'string', default: 'seeds,scifact,squad,realtimeqa' },
    every: { type: 'string', default: '1' },
    set: { type: 'string', multiple: true, default: [] },
  },
})

function overrides (): Partial<RankingOptions> {
  const result: Record<string, unknown> = {}
  for (const pair of values.set ?? []) {
    const [key = '', raw = ''] = pair.split('=')
    result[key] = raw === 'null' ? null : Number.isNaN(Number(raw)) ? raw : Number(raw)
  }
  return result as Partial<RankingOptions>
}

const chosen = (values.sets ?? '').split(',')
const every = Number(values.every)
for (const set of evalSets(values.data ?? '').filter(s => chosen.includes(s.name))) {
  const started = performance.now()
  const library: Library = await libraryOf(set, { ranking: overrides() })
  const built = performance.now()
  const items = (await set.load()).filter((_, i) => i % every === 0)
  const answers: AnswerLine[] = items.map(item => {
    const answer = answerQuestion(library, item.question, { limit: set.limit, ...(item.date !== undefined ? { asOf: item.date } : {}) })
    return { answered: answer.answered, citations: answer.citations, articles: answer.articles.slice(0, set.limit) }
  })
  const asked = performance.now()
  const figures = set.metrics.map(m => `${m.name.replace(/ \(.*\)/, '')} ${m.value(items, answers).toFixed(3)}`).join('  ')
  process.stdout.write(`${set.name.padEnd(10)} ${figures}  [build ${((built - started) / 1000).toFixed(1)} s, ${((asked - built) / items.length).toFixed(1)} ms/q]\n`)
}
