/**
 * The four question sets of `npm run eval`: how each is read, what is asked
 * of the CLI, and how its answers are scored. Paths come from the caller; no
 * data is copied into the project.
 */
import { join } from 'node:path'
import { parseCorpus, parseSeeds } from '../../src/core/coverage.js'
import type { IndexOptionsInput, Library } from '../../src/core/library.js'
import { buildAnsweringLibrary } from '../../src/engine/load.js'
import { readLines, readSeedFiles } from '../../src/io.js'
import { answerWithin, hitWithin, mean, ndcg, rate, recall } from './metrics.js'

/** One answer line, as `npm run ask` prints it in batch mode (and the baseline imitates). */
export interface AnswerLine {
  id?: unknown
  answered: boolean
  citations: Array<{ articleId: string, excerpt: string }>
  articles: Array<{ articleId: string, score: number }>
}

/** A question put to both engines: the batch line, and what scoring needs to know. */
export interface Item {
  id: string
  question: string
  date?: string
  /** Null for questions that must be refused. */
  answers: string[] | null
  wrong?: string[]
  relevant?: ReadonlySet<string>
  paragraph?: string
}

export interface Metric {
  name: string
  /** Over the items asked and their answers (same order); null when the metric does not apply. */
  value: (items: readonly Item[], answers: readonly AnswerLine[]) => number
}

export interface EvalSet {
  name: string
  /** Where the coverage is, as CLI arguments. */
  coverage: string[]
  /** The baseline's arguments beside the coverage. */
  baseline: string[]
  /** --limit given to both engines. */
  limit: number
  load: () => Promise<Item[]>
  metrics: Metric[]
}

async function readJsonl<T> (path: string): Promise<T[]> {
  const rows: T[] = []
  for await (const line of readLines(path)) rows.push(JSON.parse(line) as T)
  return rows
}

const excerpts = (answer: AnswerLine): string[] => answer.citations.map(c => c.excerpt)
const cited = (answer: AnswerLine): string[] => answer.citations.map(c => c.articleId)
const ranked = (answer: AnswerLine): string[] => answer.articles.map(a => a.articleId)

/** Pairs of answerable items and their answers. */
function answerable (items: readonly Item[], answers: readonly AnswerLine[]): Array<[Item, AnswerLine]> {
  return items.flatMap((item, i) => item.answers !== null && answers[i] !== undefined ? [[item, answers[i]] as [Item, AnswerLine]] : [])
}

const answerAt = (k: number): Metric => ({
  name: `answer@${k}`,
  value: (items, answers) => rate(answerable(items, answers), ([item, answer]) => answerWithin(excerpts(answer), item.answers ?? [], k)),
})

const answeredRate: Metric = {
  name: 'answered (answerable questions)',
  value: (items, answers) => rate(answerable(items, answers), ([, answer]) => answer.answered),
}

export function evalSets (dataDir: string): EvalSet[] {
  return [
    {
      name: 'seeds',
      coverage: ['--seeds', 'seeds'],
      baseline: ['--seeds', 'seeds'],
      limit: 3,
      load: async () => {
        const answerableRows = await readJsonl<{ id: string, date: string, question: string, answer: string, choices: string[] }>('bench/seeds-questions.jsonl')
        const refused = await readJsonl<{ id: string, question: string }>('bench/seeds-offtopic.jsonl')
        return [
          ...answerableRows.map(q => ({ id: q.id, question: q.question, date: q.date, answers: [q.answer], wrong: q.choices.filter(c => c !== q.answer) })),
          ...refused.map(q => ({ id: q.id, question: q.question, answers: null })),
        ]
      },
      metrics: [
        answerAt(1),
        answerAt(3),
        answeredRate,
        {
          name: 'refused (off-topic questions)',
          value: (items, answers) => rate(items.flatMap((item, i) => item.answers === null ? [answers[i]] : []), answer => answer?.answered === false),
        },
      ],
    },
    {
      name: 'realtimeqa',
      coverage: ['--corpus', join(dataDir, 'realtimeqa-2024/articles.jsonl.gz')],
      baseline: ['--corpus', join(dataDir, 'realtimeqa-2024/articles.jsonl.gz')],
      limit: 3,
      load: async () => (await readJsonl<{ id: string, date: string, question: string, answer: string, choices: string[] }>(join(dataDir, 'realtimeqa-2024/questions-dev.jsonl')))
        .map(q => ({ id: q.id, question: q.question, date: q.date, answers: [q.answer], wrong: q.choices.filter(c => c !== q.answer) })),
      metrics: [
        answerAt(1),
        answerAt(3),
        {
          name: 'wrong choice@3 (chance)',
          value: (items, answers) => mean(answerable(items, answers).flatMap(([item, answer]) => (item.wrong ?? []).map(w => answerWithin(excerpts(answer), [w], 3) ? 1 : 0))),
        },
        answeredRate,
      ],
    },
    {
      name: 'scifact',
      coverage: ['--corpus', join(dataDir, 'scifact/corpus.jsonl.gz')],
      baseline: ['--corpus', join(dataDir, 'scifact/corpus.jsonl.gz'), '--with-title'],
      limit: 100,
      load: async () => (await readJsonl<{ id: string, question: string, relevant: Record<string, number> }>(join(dataDir, 'scifact/queries-train.jsonl')))
        .map(q => ({ id: q.id, question: q.question, answers: [], relevant: new Set(Object.keys(q.relevant)) })),
      metrics: [
        { name: 'nDCG@10', value: (items, answers) => mean(items.map((item, i) => ndcg(ranked(answers[i] ?? EMPTY), item.relevant ?? new Set(), 10))) },
        { name: 'recall@100', value: (items, answers) => mean(items.map((item, i) => recall(ranked(answers[i] ?? EMPTY), item.relevant ?? new Set(), 100))) },
        answeredRate,
      ],
    },
    {
      name: 'squad',
      coverage: ['--corpus', join(dataDir, 'squad-dev/paragraphs.jsonl.gz')],
      baseline: ['--corpus', join(dataDir, 'squad-dev/paragraphs.jsonl.gz'), '--with-title'],
      limit: 3,
      load: async () => (await readJsonl<{ id: string, question: string, paragraph: string, answers: string[] }>(join(dataDir, 'squad-dev/questions-dev.jsonl')))
        .map(q => ({ id: q.id, question: q.question, answers: q.answers, paragraph: q.paragraph })),
      metrics: [
        { name: 'paragraph hit@1', value: (items, answers) => rate(answerable(items, answers), ([item, answer]) => hitWithin(cited(answer), item.paragraph ?? '', 1)) },
        { name: 'paragraph hit@3', value: (items, answers) => rate(answerable(items, answers), ([item, answer]) => hitWithin(cited(answer), item.paragraph ?? '', 3)) },
        answerAt(1),
        answerAt(3),
        answeredRate,
      ],
    },
  ]
}

const EMPTY: AnswerLine = { answered: false, citations: [], articles: [] }

/**
 * A set's coverage read as the CLI reads it and built into the library the
 * bot would answer from, for the scripts that ask in-process (quick, tune,
 * misses, fit).
 */
export async function libraryOf (set: EvalSet, options: IndexOptionsInput = {}): Promise<Library> {
  const [flag, path = ''] = set.coverage
  const { articles } = flag === '--seeds' ? parseSeeds(await readSeedFiles(path)) : await parseCorpus(readLines(path), path)
  return await buildAnsweringLibrary(articles, options)
}
