/** Answer-in-excerpt metrics from the RealTimeQA data README. */

export interface QuizQuestion {
  id: string
  date: string
  question: string
  choices: string[]
  answer: string
}

/** Case-insensitive, with curly quotes and runs of space folded, as the data README specifies. */
export function normalizeForMatch (text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u201B\u2032]/g, "'").replace(/[\u201C\u201D\u201F\u2033]/g, '"').replace(/\s+/g, ' ')
}

function foundWithin (excerpts: string[], k: number, needle: string): boolean {
  const target = normalizeForMatch(needle)
  return excerpts.slice(0, k).some(excerpt => normalizeForMatch(excerpt).includes(target))
}

export interface Quality {
  questions: number
  /** Share of questions whose answer occurs in the first excerpt. */
  answer1: number
  answer3: number
  /** The same rate for wrong choices: the chance level of finding a choice at all. */
  wrong1: number
  wrong3: number
  /** Share of questions answered with no excerpt at all. */
  unanswered: number
}

const round = (value: number): number => Math.round(value * 1000) / 1000

export function scoreExcerpts (questions: readonly QuizQuestion[], excerpts: readonly string[][]): Quality {
  let a1 = 0
  let a3 = 0
  let w1 = 0
  let w3 = 0
  let wrongTotal = 0
  let unanswered = 0
  questions.forEach((question, i) => {
    const cited = excerpts[i] ?? []
    if (cited.length === 0) unanswered += 1
    if (foundWithin(cited, 1, question.answer)) a1 += 1
    if (foundWithin(cited, 3, question.answer)) a3 += 1
    for (const choice of question.choices) {
      if (choice === question.answer) continue
      wrongTotal += 1
      if (foundWithin(cited, 1, choice)) w1 += 1
      if (foundWithin(cited, 3, choice)) w3 += 1
    }
  })
  const n = Math.max(1, questions.length)
  return {
    questions: questions.length,
    answer1: round(a1 / n),
    answer3: round(a3 / n),
    wrong1: round(w1 / Math.max(1, wrongTotal)),
    wrong3: round(w3 / Math.max(1, wrongTotal)),
    unanswered: round(unanswered / n),
  }
}

/** Nearest-rank percentile of sorted values, in milliseconds to 0.1. */
export function percentile (sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0
  return Math.round(value * 10) / 10
}
