/**
 * Where answers are lost: for each answerable question of the seeds,
 * RealTimeQA and SQuAD dev sets, the first stage at which the answer string
 * drops out. Read in-process through weighQuestion and answerQuestion (the
 * code the CLI's batch path calls); nothing is written.
 *
 *   tsx scripts/eval/misses.ts [--data DIR] [--sets seeds,realtimeqa,squad] [--every K] [--show N]
 *
 * Stages, first that holds:
 *   hit        the first excerpt holds the answer
 *   refused    "No coverage found"
 *   cut        the first cited passage holds it, its excerpt does not
 *   choice     a lower candidate passage holds it (its place among candidates, first stage and after weighing)
 *   passages   an article among the first 10 holds it, no candidate passage does
 *   articles   no article among the first 10 holds it
 * For SQuAD, the gold paragraph's place among ranked articles and candidates too.
 */
import { parseArgs } from 'node:util'
import { answerQuestion, weighQuestion } from '../../src/core/answer.js'
import type { Library } from '../../src/core/library.js'
import { answerWithin } from './metrics.js'
import { evalSets, libraryOf } from './sets.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    sets: { type: 'string', default: 'seeds,realtimeqa,squad' },
    every: { type: 'string', default: '1' },
    show: { type: 'string', default: '0' },
  },
})

function articleText (library: Library, ordinal: number): string {
  const parts: string[] = []
  for (let p = library.passageStart[ordinal] ?? 0; p < (library.passageStart[ordinal + 1] ?? 0); p += 1) parts.push(library.passages[p]?.text ?? '')
  return parts.join('\n')
}

const chosen = (values.sets ?? '').split(',')
const every = Number(values.every)
const show = Number(values.show)
for (const set of evalSets(values.data ?? '').filter(s => chosen.includes(s.name))) {
  const library = await libraryOf(set)
  const items = (await set.load()).filter(item => item.answers !== null).filter((_, i) => i % every === 0)
  const stages = new Map<string, number>()
  const examples = new Map<string, string[]>()
  const choiceRanks: number[] = []
  const byType = new Map<string, [number, number]>()
  const gold = { articleFirst: 0, articleTop10: 0, inCandidates: 0, candidateFirst: 0, firstStageFirst: 0 }
  for (const item of items) {
    const request = { limit: set.limit, ...(item.date !== undefined ? { asOf: item.date } : {}) }
    const answers = item.answers ?? []
    const answer = answerQuestion(library, item.question, request)
    const weighing = weighQuestion(library, item.question, request)
    const candidates = weighing?.candidates ?? []
    const holds = (text: string): boolean => answerWithin([text], answers, 1)
    let stage: string
    let detail = ''
    if (answerWithin(answer.citations.map(c => c.excerpt), answers, 1)) stage = 'hit'
    else if (!answer.answered) stage = 'refused'
    else if (holds(library.passages[answer.citations[0]?.passageId ?? -1]?.text ?? '')) stage = 'cut'
    else {
      const at = candidates.findIndex(c => holds(c.passage.text))
      if (at >= 0) {
        stage = 'choice'
        choiceRanks.push(at)
        const firstStage = (weighing?.ranking.passages ?? []).findIndex(r => r.id === candidates[at]?.passage.id)
        detail = ` [weighed ${at + 1}, first stage ${firstStage + 1}]`
      } else {
        const ordinals = (weighing?.ranking.articles ?? []).slice(0, 10).map(a => a.ordinal)
        stage = ordinals.some(o => holds(articleText(library, o))) ? 'passages' : 'articles'
      }
    }
    stages.set(stage, (stages.get(stage) ?? 0) + 1)
    const type = `${weighing?.question.answerType ?? 'none'}${weighing?.question.answerForm != null ? `/${weighing.question.answerForm}` : ''}`
    const [hits, asked] = byType.get(type) ?? [0, 0]
    byType.set(type, [hits + (stage === 'hit' ? 1 : 0), asked + 1])
    const shown = examples.get(stage) ?? []
    if (shown.length < show) shown.push(`${item.question} → ${answers[0] ?? ''}${detail}\n      cited: ${(answer.citations[0]?.excerpt ?? '').slice(0, 240).replace(/\s+/g, ' ')}`)
    examples.set(stage, shown)
    if (item.paragraph !== undefined) {
      const ordinal = library.articleOrder.indexOf(item.paragraph)
      const ranked = (weighing?.ranking.articles ?? []).findIndex(a => a.ordinal === ordinal)
      if (ranked === 0) gold.articleFirst += 1
      if (ranked >= 0 && ranked < 10) gold.articleTop10 += 1
      const at = candidates.findIndex(c => c.article.id === item.paragraph)
      if (at >= 0) gold.inCandidates += 1
      if (at === 0) gold.candidateFirst += 1
      if (library.passageArticle[weighing?.ranking.passages[0]?.id ?? -1] === ordinal) gold.firstStageFirst += 1
    }
  }
  const n = items.length
  process.stdout.write(`\n${set.name}: ${n} answerable questions\n`)
  for (const name of ['hit', 'refused', 'cut', 'choice', 'passages', 'articles']) {
    process.stdout.write(`  ${name.padEnd(9)} ${String(stages.get(name) ?? 0).padStart(5)}  ${((stages.get(name) ?? 0) / n).toFixed(3)}\n`)
  }
  const rankCounts = [2, 3, 5, 10, 30].map(k => `≤${k}: ${choiceRanks.filter(r => r < k).length}`)
  process.stdout.write(`  choice misses, the first answering candidate at (weighed rank): ${rankCounts.join(', ')}\n`)
  process.stdout.write(`  answer@1 by kind of answer asked: ${[...byType].sort((a, b) => b[1][1] - a[1][1]).map(([type, [hits, asked]]) => `${type} ${(hits / asked).toFixed(2)} (${asked})`).join(', ')}\n`)
  if (set.name === 'squad') {
    process.stdout.write(`  gold paragraph: first article ${(gold.articleFirst / n).toFixed(3)}, among first 10 articles ${(gold.articleTop10 / n).toFixed(3)}, among candidates ${(gold.inCandidates / n).toFixed(3)}, first passage of the first stage ${(gold.firstStageFirst / n).toFixed(3)}, first after weighing ${(gold.candidateFirst / n).toFixed(3)}\n`)
  }
  for (const [name, shown] of examples) {
    if (name === 'hit' || shown.length === 0) continue
    process.stdout.write(`  -- ${name}\n${shown.map(s => `    ${s}`).join('\n')}\n`)
  }
}
