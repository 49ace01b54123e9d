/**
 * The timeline as people read it in Discord: pages of markdown within
 * Discord's limits, which the CLI prints too.
 */
import { formatHumanDate } from '../core/dates.js'
import { UNKNOWN_OUTLET, type Timeline, type TimelineEntry } from '../core/timeline/model.js'
import type { DateSource } from '../core/types.js'
import { DISCORD_LIMITS, emphasise, quoteSafely, truncate } from './render.js'

export interface TimelineTextOptions {
  /** Most characters of a page as `timelinePageContent` writes it. Default 2000, Discord's message limit. */
  pageChars: number
  /** Longest title shown per entry. Default 100. */
  maxTitle: number
}

export const defaultTimelineTextOptions: TimelineTextOptions = { pageChars: DISCORD_LIMITS.content, maxTitle: 100 }

/** How each date was found, shown beside it: a reader must be able to tell a stated date from an inferred one. */
export const DATE_MARKERS: Record<DateSource, string> = {
  byline: 'byline',
  metadata: 'metadata',
  inferred: 'inferred',
  unknown: 'undated',
}

/** One page of the timeline: a title, the body (summary and entries) and a footer, for a message or an embed. */
export interface TimelinePage {
  title: string
  body: string
  footer: string
  /** Citation numbers of the entries on this page. */
  entries: number[]
}

function plural (count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function dateWithMarker (entry: Pick<TimelineEntry, 'date' | 'dateSource'>): string {
  return entry.date === null ? 'undated' : `${formatHumanDate(entry.date)} (${DATE_MARKERS[entry.dateSource]})`
}

/** "[3] 8 Jan 2024 (byline) · RT India · *Title*", then the sentence as a quote. */
export function entryBlock (entry: TimelineEntry, maxTitle: number): string {
  const parts = [`**[${entry.n}]**`]
  const details: string[] = []
  if (entry.date !== null) details.push(dateWithMarker(entry))
  if (entry.outlet !== null) details.push(quoteSafely(entry.outlet))
  details.push(`*${quoteSafely(truncate(entry.title.replace(/\s+/g, ' ').trim(), maxTitle))}*`)
  parts.push(details.join(' · '))
  // A sentence can span a line break in the passage; a quote must stay on one line. Lengths are kept, so highlights still fit.
  const excerpt = entry.excerpt.replace(/[\r\n]/g, ' ')
  const quote = excerpt.trim().length > 0 ? `\n> ${emphasise(excerpt, entry.highlights)}` : ''
  return `${parts.join(' ')}${quote}`
}

/** The sentence naming the earliest dated source, and what might be earlier. */
export function firstReportedText (timeline: Timeline): string {
  const first = timeline.firstReported
  if (first === null) {
    const count = timeline.undated.length
    return count === 0 ? '' : `None of the ${plural(count, 'matching article')} states a date, so the first report cannot be told.`
  }
  const title = `*${quoteSafely(truncate(first.title, 80))}* [${first.n}]`
  let text = first.outlet === null
    ? `First reported: ${dateWithMarker(first)}, ${title} (${UNKNOWN_OUTLET}).`
    : `First reported: ${dateWithMarker(first)} by ${quoteSafely(first.outlet)}, ${title}.`
  if (first.sameDay > 0) text += first.sameDay === 1 ? ' Another source is dated the same day.' : ` ${first.sameDay} other sources are dated the same day.`
  if (first.undatedMightBeEarlier > 0) {
    text += first.undatedMightBeEarlier === 1
      ? ' 1 undated source might be earlier.'
      : ` ${first.undatedMightBeEarlier} undated sources might be earlier.`
  }
  return text
}

/** Counts, span and bucket size: what the chart shows, in words. */
export function summaryText (timeline: Timeline): string {
  const { entries, undated, granularity } = timeline
  const first = entries[0]?.date
  const last = entries[entries.length - 1]?.date
  const lines: string[] = []
  if (first != null && last != null && granularity !== null) {
    const span = first === last ? `on ${formatHumanDate(first)}` : `from ${formatHumanDate(first)} to ${formatHumanDate(last)}`
    lines.push(`${plural(entries.length, 'dated article')} ${span}, charted per ${granularity}${undated.length > 0 ? ` · ${undated.length} undated` : ''}.`)
  }
  const firstReported = firstReportedText(timeline)
  if (firstReported !== '') lines.push(firstReported)
  if (timeline.undatedLeftOut > 0) lines.push(`-# ${plural(timeline.undatedLeftOut, 'undated article')} on the topic ${timeline.undatedLeftOut === 1 ? 'is' : 'are'} left out: a date range cannot include ${timeline.undatedLeftOut === 1 ? 'it' : 'them'}.`)
  return lines.join('\n')
}

export function noTimelineText (timeline: Timeline): string {
  const topic = quoteSafely(truncate(timeline.topic.trim(), 200))
  switch (timeline.reason) {
    case 'no-terms':
      return 'Give a topic the coverage might mention: a person, place, event or subject.'
    case 'filtered':
      return `No coverage of “${topic}” with those filters. Try widening the dates or the source.`
    default:
      return `No coverage of “${topic}” in the indexed articles.`
  }
}

export function timelineTitle (timeline: Timeline): string {
  return truncate(`Timeline: “${quoteSafely(truncate(timeline.topic.trim().replace(/\s+/g, ' '), 200))}”`, DISCORD_LIMITS.embedTitle)
}

/** Room kept for the footer ("Page 12 of 130 · …"), whose length is known only once pages are counted. */
const FOOTER_ROOM = 120

function footerText (page: number, pages: number, timeline: Timeline): string {
  const inferred = [...timeline.entries, ...timeline.undated].some(e => e.dateSource === 'inferred')
  return [`Page ${page} of ${pages}`, ...(inferred ? ['inferred: date read from a dateline'] : []), 'verbatim excerpts, no generated text'].join(' · ')
}

/**
 * The timeline in pages that each fit `pageChars` once written by
 * `timelinePageContent`: the summary and first report open the first
 * page, entries follow in date order, undated ones under "Undated".
 */
export function paginateTimeline (timeline: Timeline, partial: Partial<TimelineTextOptions> = {}): TimelinePage[] {
  const options = { ...defaultTimelineTextOptions, ...partial }
  const title = timelineTitle(timeline)
  const all = [...timeline.entries, ...timeline.undated]
  if (all.length === 0) return [{ title, body: noTimelineText(timeline), footer: 'verbatim excerpts, no generated text', entries: [] }]

  const budget = options.pageChars - `**${title}**\n\n`.length - '\n\n-# '.length - FOOTER_ROOM
  const pages: Array<{ body: string, entries: number[] }> = []
  let body = summaryText(timeline)
  let entries: number[] = []
  for (const entry of all) {
    const heading = entry.n === (timeline.undated[0]?.n ?? -1) ? '**Undated**\n' : ''
    const block = truncate(`${heading}${entryBlock(entry, options.maxTitle)}`, budget)
    const joined = body.length === 0 ? block : `${body}\n\n${block}`
    if (joined.length > budget && entries.length > 0) {
      pages.push({ body, entries })
      body = block
      entries = [entry.n]
    } else {
      body = joined
      entries.push(entry.n)
    }
  }
  pages.push({ body, entries })
  return pages.map((page, i) => ({ title, body: page.body, footer: footerText(i + 1, pages.length, timeline), entries: page.entries }))
}

/** A page as one message's content (at most `pageChars`, 2000 by default). */
export function timelinePageContent (page: TimelinePage): string {
  return `**${page.title}**\n\n${page.body}\n\n-# ${page.footer}`
}

/** Every page of the timeline as Discord would show them, one after another: what the CLI prints. */
export function renderTimelineText (timeline: Timeline, partial: Partial<TimelineTextOptions> = {}): string {
  return paginateTimeline(timeline, partial).map(timelinePageContent).join('\n\n')
}
