/**
 * Publication dates as they appear in real coverage. Every function here
 * either finds a date the text states or returns null: a date is never
 * guessed, because a wrong date on a news citation is worse than none.
 */

export interface CalendarDate { year: number, month: number, day: number }

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
}
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?'
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\\s+)?'
const TIME = '(?:,?\\s*(?:at\\s+)?(\\d{1,2}:\\d{2})(?:\\s*[ap]\\.?m\\.?)?(?:\\s*[A-Z]{2,4})?)?'
const PREFIX = '(?:(?:published|posted|updated|last updated|first published|date)\\s*(?:on)?\\s*:?\\s*)?'

export function monthNumber (name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')]
}

export function isValidDate ({ year, month, day }: CalendarDate): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function formatIsoDate ({ year, month, day }: CalendarDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function parseIsoDate (iso: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (match == null) return null
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  return isValidDate(date) ? date : null
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "2024-01-08" → "8 Jan 2024": unambiguous for readers on both sides of the Atlantic. */
export function formatHumanDate (iso: string): string {
  const date = parseIsoDate(iso)
  if (date == null) return iso
  return `${date.day} ${SHORT_MONTHS[date.month - 1] ?? ''} ${date.year}`
}

/** Days since the Unix epoch, for recency arithmetic and Discord timestamps. */
export function epochDay (iso: string): number | null {
  const date = parseIsoDate(iso)
  return date == null ? null : Date.UTC(date.year, date.month - 1, date.day) / 86_400_000
}

export interface BylineDate { date: string, time: string | null }

const BYLINE_PATTERNS: ReadonlyArray<{ pattern: RegExp, read: (m: RegExpExecArray) => CalendarDate & { time?: string | undefined } }> = [
  // "8 Jan, 2024 15:34 / Updated 11 months ago"
  {
    pattern: new RegExp(`^${PREFIX}${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})${TIME}`, 'i'),
    read: m => ({ day: Number(m[1]), month: monthNumber(m[2] ?? '') ?? 0, year: Number(m[3]), time: m[4] }),
  },
  // "January 8, 2024 3:34 PM"
  {
    pattern: new RegExp(`^${PREFIX}${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}`, 'i'),
    read: m => ({ month: monthNumber(m[1] ?? '') ?? 0, day: Number(m[2]), year: Number(m[3]), time: m[4] }),
  },
  // "2024-01-08", "2024-01-08T15:34:00Z"
  {
    pattern: new RegExp(`^${PREFIX}(\\d{4})-(\\d{2})-(\\d{2})(?:[T\\s](\\d{2}:\\d{2})(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?`, 'i'),
    read: m => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), time: m[4] }),
  },
]

/** Longest line that is still plausibly a byline or date stamp rather than prose. */
const MAX_BYLINE_LENGTH = 90

/**
 * Reads a stand-alone date line ("8 Jan, 2024 15:34 / Updated 11 months ago",
 * "Published: January 8, 2024"). Prose that merely starts with a date is not a byline.
 */
export function parseBylineDate (line: string): BylineDate | null {
  if (line.length > MAX_BYLINE_LENGTH) return null
  for (const { pattern, read } of BYLINE_PATTERNS) {
    const match = pattern.exec(line)
    if (match == null) continue
    const rest = line.slice(match[0].length).trim()
    // What follows the date must be byline furniture, not a sentence.
    if (rest.length > 0 && !/^(?:[|/•·,–-]|updated|by\b|ist\b|gmt\b|utc\b)/i.test(rest)) continue
    const { time, ...date } = read(match)
    if (!isValidDate(date)) continue
    return { date: formatIsoDate(date), time: time ?? null }
  }
  return null
}

export interface WireDateline { place: string, month: number, day: number, rest: string }

const DATELINE = new RegExp(`^([A-Z][\\p{L}.' -]{1,40}),\\s+${MONTH}\\s+(\\d{1,2})\\s*(?::|\\(\\w+\\)\\s*[:–—-]|[–—-])\\s*`, 'iu')

/** Reads a wire-style dateline at the start of a paragraph: "New Delhi, Dec 28: ...". */
export function parseDateline (paragraph: string): WireDateline | null {
  const match = DATELINE.exec(paragraph)
  if (match == null) return null
  const month = monthNumber(match[2] ?? '')
  const day = Number(match[3])
  if (month === undefined || day < 1 || day > 31) return null
  return { place: (match[1] ?? '').trim(), month, day, rest: paragraph.slice(match[0].length) }
}

const MENTIONED_DATE = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*(?:–|-|to|and)\\s*\\d{1,2})?,?\\s+(\\d{4})\\b|\\b(\\d{1,2})(?:\\s*(?:–|-|to|and)\\s*\\d{1,2})?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'gi')

/** Every fully stated date ("December 25 to 29, 2023", "27 December 2023") mentioned in a text. */
export function mentionedDates (text: string): CalendarDate[] {
  const dates: CalendarDate[] = []
  for (const m of text.matchAll(MENTIONED_DATE)) {
    const date = m[1] !== undefined
      ? { month: monthNumber(m[1]) ?? 0, day: Number(m[2]), year: Number(m[3]) }
      : { day: Number(m[4]), month: monthNumber(m[5] ?? '') ?? 0, year: Number(m[6]) }
    if (isValidDate(date)) dates.push(date)
  }
  return dates
}

/**
 * Completes a dateline's month and day with the year of a date the body
 * states in the same or the neighbouring month. Returns null when the body
 * gives no such year: the dateline alone does not say which year it was.
 */
export function inferDatelineYear (dateline: Pick<WireDateline, 'month' | 'day'>, body: string): string | null {
  const years = new Set<number>()
  for (const mention of mentionedDates(body)) {
    const monthGap = Math.abs(mention.month - dateline.month)
    if (monthGap === 0) years.add(mention.year)
    // A December dateline with a January mention belongs to the turn of the year.
    else if (monthGap === 11) years.add(dateline.month === 12 ? mention.year - 1 : mention.year + 1)
    else if (monthGap === 1) years.add(mention.year)
  }
  if (years.size !== 1) return null
  const [year] = years
  const date = { year: year ?? 0, month: dateline.month, day: dateline.day }
  return isValidDate(date) ? formatIsoDate(date) : null
}

/** A publication stamp read from page or feed metadata: the calendar date as stated, and the time if given. */
export interface Timestamp { date: string, time: string | null }

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i
// RFC 822/1123 as feeds write it: "Mon, 08 Jan 2024 10:00:00 +0530", "8 Jan 2024 10:00 GMT".
const RFC_822 = new RegExp(`^${WEEKDAY}(\\d{1,2})\\s+${MONTH}\\s+(\\d{2}|\\d{4})(?:\\s+(\\d{1,2}):(\\d{2})(?::\\d{2})?)?(?:\\s*(?:[+-]\\d{4}|[A-Z]{1,5}))?$`, 'i')

/**
 * Reads a machine-written timestamp (ISO 8601 as in `article:published_time`
 * and JSON-LD, or RFC 822 as in RSS). The date is the one the publisher
 * wrote, in its own time zone: "2024-01-08T23:30:00-05:00" is 8 January,
 * the day the outlet's readers saw, not 9 January in UTC.
 */
export function parseTimestamp (value: string): Timestamp | null {
  const text = value.trim()
  const iso = ISO_TIMESTAMP.exec(text)
  if (iso != null) {
    const date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    if (!isValidDate(date)) return null
    return { date: formatIsoDate(date), time: iso[4] === undefined ? null : `${iso[4]}:${iso[5] ?? '00'}` }
  }
  const rfc = RFC_822.exec(text)
  if (rfc != null) {
    const shortYear = Number(rfc[3])
    const year = (rfc[3] ?? '').length === 2 ? (shortYear < 70 ? 2000 + shortYear : 1900 + shortYear) : shortYear
    const date = { year, month: monthNumber(rfc[2] ?? '') ?? 0, day: Number(rfc[1]) }
    if (!isValidDate(date)) return null
    return { date: formatIsoDate(date), time: rfc[4] === undefined ? null : `${rfc[4].padStart(2, '0')}:${rfc[5] ?? '00'}` }
  }
  return null
}

/** Words before a date in a byline that mean it is not the publication date. */
const MODIFIED_PREFIX = /\b(?:updated|last updated|modified|last modified|edited)\s*(?:on|at)?\s*:?\s*$/i

/**
 * Finds the publication date inside a byline block ("By Jane Doe | 8 January
 * 2024, 15:34 IST | Updated: 9 Jan"): the first date that starts a segment
 * and is not introduced as an update.
 */
export function findBylineDate (byline: string): BylineDate | null {
  const text = byline.replace(/\s+/g, ' ').trim()
  if (text.length === 0 || text.length > 300) return null
  for (const match of text.matchAll(/(?:^|[\s|·•,–—(])(?=\S)/g)) {
    const start = match.index + match[0].length
    const rest = text.slice(start)
    if (MODIFIED_PREFIX.test(text.slice(0, start)) || /^(?:updated|last updated|modified)\b/i.test(rest)) continue
    const found = parseBylineDate(rest.slice(0, MAX_BYLINE_LENGTH))
    if (found != null) return found
  }
  return null
}
