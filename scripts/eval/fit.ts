/**
 * Fits the passage-choice weights (src/core/choice-weights.ts) by logistic
 * regression: each candidate passage a question's first stage returns is an
 * example, labelled by whether the excerpt it would be cited with holds the
 * answer. Questions come from the dev sets with answer strings (the seeds,
 * RealTimeQA questions-dev, SQuAD dev); each set weighs the same in the fit,
 * so no one kind of coverage dominates. Folds are by question: a question's
 * candidates are never split between fitting and checking.
 *
 *   tsx scripts/eval/fit.ts [--data DIR] [--folds 5] [--every-squad 2] [--write]
 *
 * Prints, per fold, answer@1 of the top candidate on the held-out questions
 * under the weights in use and under the fitted ones; then the weights fitted
 * on all questions, which --write saves.
 */
import { parseArgs } from 'node:util'
import { excerptOf, weighQuestion } from '../../src/core/answer.js'
import { CHOICE_FEATURES, type ChoiceWeights } from '../../src/core/choice-weights.js'
import { readTextIfExists, writeFileAtomically } from '../../src/io.js'
import { answerWithin } from './metrics.js'
import { evalSets, libraryOf } from './sets.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    folds: { type: 'string', default: '5' },
    'every-squad': { type: 'string', default: '2' },
    l2: { type: 'string', default: '1' },
    objective: { type: 'string', default: 'listwise' },
    write: { type: 'boolean', default: false },
  },
})

interface Example { features: number[], label: number }
interface Asked { set: string, index: number, examples: Example[] }

const asked: Asked[] = []
let current: ChoiceWeights | null = null
for (const set of evalSets(values.data ?? '').filter(s => ['seeds', 'realtimeqa', 'squad'].includes(s.name))) {
  const library = await libraryOf(set)
  current = library.options.ranking.choiceWeights
  const every = set.name === 'squad' ? Number(values['every-squad']) : 1
  const items = (await set.load()).filter(item => item.answers !== null).filter((_, i) => i % every === 0)
  items.forEach((item, index) => {
    const weighing = weighQuestion(library, item.question, { limit: set.limit, ...(item.date !== undefined ? { asOf: item.date } : {}) })
    const examples = (weighing?.candidates ?? []).map(c => ({
      features: CHOICE_FEATURES.map(name => c.features[name]),
      label: answerWithin([excerptOf(weighing ?? (null as never), c).text], item.answers ?? [], 1) ? 1 : 0,
    }))
    asked.push({ set: set.name, index, examples })
  })
  process.stderr.write(`fit: ${set.name} ${items.length} questions\n`)
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and symmetric positive definite here). */
function solve (a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] ?? 0])
  for (let c = 0; c < n; c += 1) {
    let pivot = c
    for (let r = c + 1; r < n; r += 1) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = r
    const swap = m[c] ?? []
    m[c] = m[pivot] ?? []
    m[pivot] = swap
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue
      const factor = (m[r]?.[c] ?? 0) / (m[c]?.[c] ?? 1)
      for (let k = c; k <= n; k += 1) (m[r] as number[])[k] = (m[r]?.[k] ?? 0) - factor * (m[c]?.[k] ?? 0)
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1))
}

/**
 * L2-regularised logistic regression by Newton's method. Each set's examples
 * together weigh the same; the intercept (last weight) is not regularised and
 * does not affect ranking.
 */
function fit (questions: readonly Asked[], l2: number): number[] {
  const perSet = new Map<string, number>()
  for (const q of questions) perSet.set(q.set, (perSet.get(q.set) ?? 0) + q.examples.length)
  const rows = questions.flatMap(q => q.examples.map(e => ({ x: [...e.features, 1], y: e.label, s: 1 / (perSet.get(q.set) ?? 1) })))
  const scale = rows.length / perSet.size
  const d = CHOICE_FEATURES.length + 1
  let w = new Array<number>(d).fill(0)
  for (let iteration = 0; iteration < 30; iteration += 1) {
    const gradient = w.map((wi, i) => i < d - 1 ? -l2 * wi : 0)
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => i === j && i < d - 1 ? l2 : 0))
    for (const { x, y, s } of rows) {
      const p = sigmoid(x.reduce((sum, xi, i) => sum + xi * (w[i] ?? 0), 0))
      const weight = s * scale
      for (let i = 0; i < d; i += 1) {
        gradient[i] = (gradient[i] ?? 0) + weight * (y - p) * (x[i] ?? 0)
        for (let j = 0; j < d; j += 1) (hessian[i] as number[])[j] = (hessian[i]?.[j] ?? 0) + weight * p * (1 - p) * (x[i] ?? 0) * (x[j] ?? 0)
      }
    }
    const step = solve(hessian, gradient)
    w = w.map((wi, i) => wi + (step[i] ?? 0))
    if (Math.max(...step.map(Math.abs)) < 1e-6) break
  }
  return w
}

/**
 * The listwise alternative: for each question with an answering candidate,
 * the softmax probability of the answering ones is maximised (gradient
 * ascent), which targets answer@1 directly rather than each passage alone.
 */
function fitListwise (questions: readonly Asked[], l2: number): number[] {
  const perSet = new Map<string, number>()
  const useful = questions.filter(q => q.examples.some(e => e.label === 1) && q.examples.some(e => e.label === 0))
  for (const q of useful) perSet.set(q.set, (perSet.get(q.set) ?? 0) + 1)
  const d = CHOICE_FEATURES.length
  let w = CHOICE_FEATURES.map(name => current?.[name] ?? 0)
  let rate = 0.5
  const objective = (weights: readonly number[]): { value: number, gradient: number[] } => {
    const gradient = weights.map(wi => -l2 * wi)
    let value = -0.5 * l2 * weights.reduce((sum, wi) => sum + wi * wi, 0)
    for (const q of useful) {
      const weight = useful.length / perSet.size / (perSet.get(q.set) ?? 1)
      const scores = q.examples.map(e => e.features.reduce((sum, f, i) => sum + f * (weights[i] ?? 0), 0))
      const top = Math.max(...scores)
      const exp = scores.map(s => Math.exp(s - top))
      const all = exp.reduce((a, b) => a + b, 0)
      const positive = exp.reduce((sum, e, i) => sum + (q.examples[i]?.label === 1 ? e : 0), 0)
      value += weight * Math.log(positive / all)
      for (let i = 0; i < d; i += 1) {
        let expectedAll = 0
        let expectedPositive = 0
        q.examples.forEach((e, k) => {
          const f = e.features[i] ?? 0
          expectedAll += (exp[k] ?? 0) * f
          if (e.label === 1) expectedPositive += (exp[k] ?? 0) * f
        })
        gradient[i] = (gradient[i] ?? 0) + weight * (expectedPositive / positive - expectedAll / all)
      }
    }
    return { value, gradient }
  }
  let { value, gradient } = objective(w)
  for (let iteration = 0; iteration < 300 && rate > 1e-6; iteration += 1) {
    const norm = Math.sqrt(gradient.reduce((sum, g) => sum + g * g, 0)) || 1
    const next = w.map((wi, i) => wi + rate * (gradient[i] ?? 0) / norm)
    const tried = objective(next)
    if (tried.value > value) {
      w = next
      value = tried.value
      gradient = tried.gradient
      rate *= 1.2
    } else {
      rate *= 0.5
    }
  }
  return [...w, 0]
}

/** Share of questions whose top-scoring candidate's excerpt holds the answer. */
function answerAt1 (questions: readonly Asked[], weights: readonly number[]): number {
  if (questions.length === 0) return 0
  let hits = 0
  for (const q of questions) {
    let best: Example | null = null
    let bestScore = -Infinity
    for (const e of q.examples) {
      const score = e.features.reduce((sum, f, i) => sum + f * (weights[i] ?? 0), 0)
      if (score > bestScore) { best = e; bestScore = score }
    }
    if (best?.label === 1) hits += 1
  }
  return hits / questions.length
}

const folds = Number(values.folds)
const l2 = Number(values.l2)
const learn = (questions: readonly Asked[]): number[] => values.objective === 'pointwise' ? fit(questions, l2) : fitListwise(questions, l2)
const sets = [...new Set(asked.map(q => q.set))]
const inUse = CHOICE_FEATURES.map(name => current?.[name] ?? 0)
const table: string[] = [`fold  ${sets.map(s => `${s} (in use → fitted)`).join('  ')}`]
const totals = new Map<string, [number, number]>()
for (let fold = 0; fold < folds; fold += 1) {
  const weights = learn(asked.filter(q => q.index % folds !== fold))
  const held = asked.filter(q => q.index % folds === fold)
  table.push(`${fold}     ${sets.map(set => {
    const questions = held.filter(q => q.set === set)
    const before = answerAt1(questions, inUse)
    const after = answerAt1(questions, weights)
    const [b, a] = totals.get(set) ?? [0, 0]
    totals.set(set, [b + before * questions.length, a + after * questions.length])
    return `${before.toFixed(3)} → ${after.toFixed(3)}`.padEnd(set.length + 20)
  }).join('  ')}`)
}
table.push(`all   ${sets.map(set => {
  const n = asked.filter(q => q.set === set).length
  const [b, a] = totals.get(set) ?? [0, 0]
  return `${(b / n).toFixed(3)} → ${(a / n).toFixed(3)}`.padEnd(set.length + 20)
}).join('  ')}`)
const reachable = sets.map(set => {
  const questions = asked.filter(q => q.set === set)
  return `${set} ${(questions.filter(q => q.examples.some(e => e.label === 1)).length / Math.max(1, questions.length)).toFixed(3)}`
}).join(', ')
process.stdout.write(`Held-out answer@1 of the top candidate, ${folds} folds by question (${values.objective ?? ''}, L2 ${l2}); at best (some candidate answers): ${reachable}\n${table.join('\n')}\n`)

const weights = learn(asked)
const fitted = Object.fromEntries(CHOICE_FEATURES.map((name, i) => [name, Math.round((weights[i] ?? 0) * 1000) / 1000])) as unknown as ChoiceWeights
process.stdout.write(`\nFitted on all ${asked.length} questions: ${JSON.stringify(fitted)}\n`)

if (values.write === true) {
  // Only the weights are rewritten; the feature list and its documentation stay as written.
  const path = 'src/core/choice-weights.ts'
  const source = await readTextIfExists(path) ?? ''
  const block = /\/\*\*(?:(?!\*\/)[^])*\*\/\nexport const fittedChoiceWeights: ChoiceWeights = \{[^}]*\}\n/
  if (!block.test(source)) throw new Error(`fit: no fittedChoiceWeights block in ${path}`)
  const lines = CHOICE_FEATURES.map(name => `  ${name}: ${fitted[name]},`).join('\n')
  const foldLines = table.map(line => ` * ${line}`).join('\n')
  await writeFileAtomically(path, source.replace(block, () => `/**
 * Written by \`tsx scripts/eval/fit.ts --write\` (${values.objective ?? ''}, L2 ${l2}): logistic regression
 * on the seeds, RealTimeQA questions-dev and SQuAD dev questions, each set
 * weighing the same. Do not edit by hand: refit. Held-out answer@1 of the top
 * candidate, ${folds} folds by question (weights in use before → fitted):
${foldLines}
 */
export const fittedChoiceWeights: ChoiceWeights = {
${lines}
}
`))
  process.stdout.write(`Wrote ${path}\n`)
}
