/**
 * What moderators learn from /stats: how much is asked, how often the
 * coverage has nothing, which questions go unanswered most, and whether
 * readers find the answers right. Computed from plain records, so the same
 * figures come out however the records are stored.
 */

export type Vote = 'up' | 'down'

/** One question asked, as the bot logged it. */
export interface QuestionRecord {
  /** ISO timestamp. */
  at: string
  guildId: string | null
  question: string
  answered: boolean
  citedIds: string[]
}

/** One press of 👍 or 👎 on an answer; a later press by the same member replaces it. */
export interface VoteRecord {
  at: string
  guildId: string | null
  /** The answer voted on (its button session). */
  answerId: string
  question: string
  citedIds: string[]
  /** A keyed hash of the member's id: votes can be told apart, never traced back. */
  member: string
  vote: Vote
}

export interface UsageOptions {
  /** Only this server's records; null counts every record. */
  guildId: string | null
  /** Days of history in `perDay`, ending today. Default 14. */
  days: number
  /** Most asked unanswered questions listed. Default 5. */
  topUnanswered: number
  /** Today, as YYYY-MM-DD (UTC). */
  today: string
}

export interface UsageSummary {
  questions: number
  unanswered: number
  /** Share of questions that found no coverage; null with no questions. */
  noCoverageRate: number | null
  /** Questions per UTC day, oldest first, every day of the window listed. */
  perDay: Array<{ day: string, questions: number }>
  /** Unanswered questions asked most, with how often (case, spacing and final "?" ignored). */
  topUnanswered: Array<{ question: string, count: number }>
  votes: { up: number, down: number }
  /** Share of votes that are 👍; null with no votes. */
  helpfulRate: number | null
}

const DAY_MS = 86_400_000

function dayOf (iso: string): string {
  return iso.slice(0, 10)
}

function previousDays (today: string, count: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10))
}

/** How two askings of one question compare: "Who won?" and "who  won" are the same question. */
export function questionKey (question: string): string {
  return question.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[?!.\s]+$/, '')
}

export function summarizeUsage (questions: readonly QuestionRecord[], votes: readonly VoteRecord[], partial: Partial<UsageOptions> & { today: string }): UsageSummary {
  const options: UsageOptions = { guildId: null, days: 14, topUnanswered: 5, ...partial }
  const inScope = <T extends { guildId: string | null }>(record: T): boolean => options.guildId === null || record.guildId === options.guildId
  const asked = questions.filter(inScope)
  const unanswered = asked.filter(q => !q.answered)

  const perDayCount = new Map<string, number>()
  for (const q of asked) perDayCount.set(dayOf(q.at), (perDayCount.get(dayOf(q.at)) ?? 0) + 1)

  const unansweredCount = new Map<string, { question: string, count: number }>()
  for (const q of unanswered) {
    const key = questionKey(q.question)
    const entry = unansweredCount.get(key)
    if (entry === undefined) unansweredCount.set(key, { question: q.question.trim(), count: 1 })
    else entry.count += 1
  }

  // A member's later press replaces their earlier one on the same answer.
  const lastVote = new Map<string, Vote>()
  for (const v of votes.filter(inScope)) lastVote.set(`${v.answerId}\u0000${v.member}`, v.vote)
  const up = [...lastVote.values()].filter(v => v === 'up').length
  const down = lastVote.size - up

  return {
    questions: asked.length,
    unanswered: unanswered.length,
    noCoverageRate: asked.length === 0 ? null : unanswered.length / asked.length,
    perDay: previousDays(options.today, options.days).map(day => ({ day, questions: perDayCount.get(day) ?? 0 })),
    topUnanswered: [...unansweredCount.values()]
      .sort((a, b) => b.count - a.count || a.question.localeCompare(b.question))
      .slice(0, options.topUnanswered),
    votes: { up, down },
    helpfulRate: lastVote.size === 0 ? null : up / lastVote.size,
  }
}
