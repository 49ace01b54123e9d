import { epochDay, formatIsoDate, parseIsoDate } from '../dates.js'
import type { Article, DateSource, SourceFields } from '../types.js'
import type { TopicMatch, TopicMatches, TopicNoMatchReason } from './match.js'
import type { TimelineRequest } from './options.js'

/** How many days a bucket of the timeline spans. */
export type Granularity = 'day' | 'week' | 'month'

/** Name counted for articles that do not state their outlet. */
export const UNKNOWN_OUTLET = 'outlet not stated'

/** One article on the timeline: when (and how we know), who, and the sentence that matches best. */
export interface TimelineEntry extends SourceFields {
  /** Citation number: the entry's place on the timeline, dated entries first, from 1. */
  n: number
  articleId: string
  /** One sentence of the article, verbatim. */
  excerpt: string
  highlights: Array<[number, number]>
}

export interface TimelineBucket {
  /** First day (YYYY-MM-DD): the day itself, the Monday of its ISO week, or the 1st of the month. */
  start: string
  /** Last day, inclusive. */
  end: string
  count: number
  /** Articles per outlet in this bucket; an article stating none counts under UNKNOWN_OUTLET. */
  outlets: Record<string, number>
}

/** The earliest dated source, and what could still be earlier. */
export interface FirstReport {
  n: number
  articleId: string
  title: string
  outlet: string | null
  date: string
  time: string | null
  dateSource: DateSource
  /** Other sources dated the same day that no stated time shows to be later. */
  sameDay: number
  /** Undated sources on the timeline: any of them may have been published earlier. */
  undatedMightBeEarlier: number
}

export interface Timeline {
  topic: string
  request: TimelineRequest
  /** Bucket size chosen from the span of the dated entries; null when none is dated. */
  granularity: Granularity | null
  /** Every bucket from the first dated entry's to the last one's, empty ones included. */
  buckets: TimelineBucket[]
  /** Dated entries, earliest first. */
  entries: TimelineEntry[]
  /** Entries with no date, listed apart, most on-topic first. */
  undated: TimelineEntry[]
  firstReported: FirstReport | null
  /** Outlets by number of entries (dated and undated), most first. */
  outlets: Array<{ outlet: string, count: number }>
  /** Undated articles on the topic that a date range left out. */
  undatedLeftOut: number
  reason: TopicNoMatchReason | null
}

/** Longest span, in days between first and last dated entry, shown per day: up to 32 daily bars. */
export const MAX_DAY_SPAN = 31
/** Longest span shown per week: up to 27 weekly bars (about six months). Longer spans go per month. */
export const MAX_WEEK_SPAN = 182

/**
 * The bucket size for dated entries spanning `spanDays` (last date minus
 * first): per day up to a month, per week up to about six months, per month
 * beyond. The chart then has from one to about thirty bars for any topic
 * shorter than two and a half years, and each bar means a calendar unit a
 * reader knows.
 */
export function chooseGranularity (spanDays: number): Granularity {
  if (spanDays <= MAX_DAY_SPAN) return 'day'
  if (spanDays <= MAX_WEEK_SPAN) return 'week'
  return 'month'
}

function dayToIso (day: number): string {
  const date = new Date(day * 86_400_000)
  return formatIsoDate({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() })
}

function requireDay (iso: string): number {
  const day = epochDay(iso)
  if (day === null) throw new Error(`Dateline timeline: "${iso}" is not a date as YYYY-MM-DD`)
  return day
}

/** The first day of the bucket holding `iso`. Weeks are ISO weeks: they start on Monday. */
export function bucketStart (iso: string, granularity: Granularity): string {
  if (granularity === 'day') return dayToIso(requireDay(iso))
  if (granularity === 'month') return `${iso.slice(0, 7)}-01`
  const day = requireDay(iso)
  // 1 Jan 1970 was a Thursday: (day + 3) mod 7 counts days since Monday.
  return dayToIso(day - ((day + 3) % 7 + 7) % 7)
}

/** The first day of the bucket after the one starting on `start`. */
export function nextBucketStart (start: string, granularity: Granularity): string {
  if (granularity === 'day') return dayToIso(requireDay(start) + 1)
  if (granularity === 'week') return dayToIso(requireDay(start) + 7)
  const date = parseIsoDate(start)
  if (date === null) throw new Error(`Dateline timeline: "${start}" is not a date as YYYY-MM-DD`)
  return date.month === 12 ? formatIsoDate({ year: date.year + 1, month: 1, day: 1 }) : formatIsoDate({ year: date.year, month: date.month + 1, day: 1 })
}

/** Counts of dated entries per bucket, from the first entry's bucket to the last one's. */
export function bucketEntries (entries: ReadonlyArray<Pick<TimelineEntry, 'date' | 'outlet'>>, granularity: Granularity): TimelineBucket[] {
  const dates = entries.flatMap(e => e.date === null ? [] : [e.date]).sort()
  const first = dates[0]
  const last = dates[dates.length - 1]
  if (first === undefined || last === undefined) return []
  const buckets: TimelineBucket[] = []
  const byStart = new Map<string, TimelineBucket>()
  const lastStart = bucketStart(last, granularity)
  for (let start = bucketStart(first, granularity); start <= lastStart; start = nextBucketStart(start, granularity)) {
    const bucket = { start, end: dayToIso(requireDay(nextBucketStart(start, granularity)) - 1), count: 0, outlets: {} }
    buckets.push(bucket)
    byStart.set(start, bucket)
  }
  for (const entry of entries) {
    if (entry.date === null) continue
    const bucket = byStart.get(bucketStart(entry.date, granularity))
    if (bucket === undefined) continue
    const outlet = entry.outlet ?? UNKNOWN_OUTLET
    bucket.count += 1
    bucket.outlets[outlet] = (bucket.outlets[outlet] ?? 0) + 1
  }
  return buckets
}

/** Stated dates first; a date inferred from a dateline is still a date, only a weaker one. */
const DATE_STRENGTH: Record<DateSource, number> = { metadata: 0, byline: 0, inferred: 1, unknown: 2 }

type Candidate = Omit<TimelineEntry, 'n'> & { match: TopicMatch, loaded: number }

/** Most on-topic first: named in the title, then carried by more passages, then as loaded. */
function byRelevance (a: Candidate, b: Candidate): number {
  return Number(b.match.inTitle) - Number(a.match.inTitle) || b.match.matchingPassages - a.match.matchingPassages || a.loaded - b.loaded
}

/**
 * Date order: by day; within a day by stated time, articles stating none
 * after those that do (nothing says when in the day they appeared); then
 * stated dates before inferred ones; then the more on-topic first.
 */
function byDate (a: Candidate, b: Candidate): number {
  if (a.date !== b.date) return (a.date ?? '9999') < (b.date ?? '9999') ? -1 : 1
  if (a.time !== b.time) {
    if (a.time === null) return 1
    if (b.time === null) return -1
    return a.time < b.time ? -1 : 1
  }
  return DATE_STRENGTH[a.dateSource] - DATE_STRENGTH[b.dateSource] || byRelevance(a, b)
}

function firstReport (entries: readonly TimelineEntry[], undated: number): FirstReport | null {
  const first = entries[0]
  if (first === undefined || first.date === null) return null
  // A later stated time on the same day shows the source came after; no time shows nothing.
  const sameDay = entries.slice(1).filter(e => e.date === first.date && !(first.time !== null && e.time !== null && e.time > first.time)).length
  const { n, articleId, title, outlet, date, time, dateSource } = first
  return { n, articleId, title, outlet, date, time, dateSource, sameDay, undatedMightBeEarlier: undated }
}

/** The articles a timeline needs to know about: as the library holds them. */
export type ArticleLookup = ReadonlyMap<string, Pick<Article, 'title' | 'outlet' | 'date' | 'time' | 'dateSource' | 'url'>>

/**
 * Puts matched articles on a timeline: dated ones in date order, undated
 * ones apart, citation numbers in that order, buckets sized to the span,
 * and the first report.
 */
export function buildTimeline (articles: ArticleLookup, found: TopicMatches): Timeline {
  const candidates: Candidate[] = found.matches.flatMap((match, loaded) => {
    const article = articles.get(match.articleId)
    if (article === undefined) return []
    const { title, outlet, date, time, dateSource, url } = article
    return [{ articleId: match.articleId, title, outlet, date, time, dateSource, url, excerpt: match.excerpt, highlights: match.highlights, match, loaded }]
  })
  const dated = candidates.filter(c => c.date !== null).sort(byDate)
  const undatedCandidates = candidates.filter(c => c.date === null).sort(byRelevance)
  const toEntry = ({ match: _match, loaded: _loaded, ...entry }: Candidate, i: number, offset: number): TimelineEntry => ({ n: offset + i + 1, ...entry })
  const entries = dated.map((c, i) => toEntry(c, i, 0))
  const undated = undatedCandidates.map((c, i) => toEntry(c, i, entries.length))

  const firstDate = entries[0]?.date
  const lastDate = entries[entries.length - 1]?.date
  const granularity = firstDate == null || lastDate == null ? null : chooseGranularity(requireDay(lastDate) - requireDay(firstDate))

  const outletCounts = new Map<string, number>()
  for (const entry of [...entries, ...undated]) {
    const outlet = entry.outlet ?? UNKNOWN_OUTLET
    outletCounts.set(outlet, (outletCounts.get(outlet) ?? 0) + 1)
  }

  return {
    topic: found.topic,
    request: found.request,
    granularity,
    buckets: granularity === null ? [] : bucketEntries(entries, granularity),
    entries,
    undated,
    firstReported: firstReport(entries, undated.length),
    outlets: [...outletCounts].map(([outlet, count]) => ({ outlet, count })).sort((a, b) => b.count - a.count || a.outlet.localeCompare(b.outlet)),
    undatedLeftOut: found.undatedLeftOut,
    reason: found.reason,
  }
}
