import { z } from 'zod'
import { afterCopyrightNotice, endsArticle, isBoilerplate, outletNamedIn } from './boilerplate.js'
import { inferDatelineYear, parseBylineDate, parseDateline, parseIsoDate } from './dates.js'
import { normalizeLine, stripBullet, stripEmphasis } from './text.js'
import type { Article, ArticleMetadata, DateSource, Paragraph } from './types.js'

/** A problem with one input file or record, named so a moderator can find and fix it. */
export class SourceError extends Error {
  /**
   * @param sourceId the article id the input would have had, when known
   * @param articleKept true when the article still loaded and only part of its input (a sidecar) was ignored
   */
  constructor (readonly origin: string, reason: string, readonly sourceId: string | null = null, readonly articleKept = false) {
    super(`${origin}: ${reason}`)
    this.name = 'SourceError'
  }
}

const isoDate = z.string().refine(value => parseIsoDate(value) != null, { message: 'must be a date as YYYY-MM-DD' })

const webUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })

export const articleMetadataSchema = z.strictObject({
  title: z.string().trim().min(1).optional(),
  date: isoDate.optional(),
  outlet: z.string().trim().min(1).optional(),
  url: webUrl.optional(),
  sourceUrl: webUrl.optional(),
  fetchedAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time such as 2024-01-08T15:34:00Z' }).optional(),
  charset: z.string().trim().regex(/^[\w.:-]{1,40}$/, 'must be a charset name such as windows-1252').optional(),
  feedUrl: webUrl.optional(),
  attachment: z.string().trim().min(1).max(200).optional(),
})

/** The reason a sidecar's parsed JSON is not valid metadata, naming the field at fault; null when it is. */
export function metadataProblem (json: unknown): string | null {
  const result = articleMetadataSchema.safeParse(json)
  if (result.success) return null
  const issue = result.error.issues[0]
  const where = issue?.path.length ? `"${issue.path.join('.')}" ` : ''
  return `${where}${issue?.message ?? 'unknown problem'}`
}

/** Longest paragraph still read as a heading when it has no closing punctuation. */
const MAX_HEADING_LENGTH = 90
/** Longest list lead-in ("The talks are expected to cover a wide range of issues, including:"). */
const MAX_LEAD_IN_LENGTH = 160

/**
 * One line of article text before boilerplate is removed. A text file's
 * structure is guessed (`line`: a short line without closing punctuation
 * reads as a heading); an HTML page states it (`heading`, `paragraph`, `item`).
 */
export interface ArticleLine {
  text: string
  kind: 'line' | 'heading' | 'paragraph' | 'item'
}

type Line = ArticleLine

const MARKDOWN_HEADING = /^#{1,6}\s+(.+?)(?:\s+#+)?$/

/** Splits raw text into normalised lines, rejoining lines a hard wrap broke mid-sentence. */
function readLines (raw: string): Line[] {
  const lines: Line[] = []
  let previousBlank = true
  for (const rawLine of raw.split(/\r\n|\r|\n/)) {
    const normalized = normalizeLine(rawLine)
    if (normalized.length === 0) { previousBlank = true; continue }
    // A Markdown heading ("# Title", "## Section ##") is a heading, its marks no part of it.
    const heading = MARKDOWN_HEADING.exec(normalized)?.[1]
    if (heading !== undefined) {
      lines.push({ text: stripEmphasis(heading), kind: 'heading' })
      previousBlank = false
      continue
    }
    const { text, bullet } = stripBullet(normalized)
    const previous = lines[lines.length - 1]
    const wrapped = !previousBlank && !bullet && previous !== undefined &&
      !/[.!?:;"')\]]$/.test(previous.text) && /^[a-z(]/.test(text)
    if (wrapped && previous !== undefined) previous.text = `${previous.text} ${text}`
    else lines.push({ text: stripEmphasis(text), kind: bullet ? 'item' : 'line' })
    previousBlank = false
  }
  return lines
}

function isHeading (line: Line, next: Line | undefined): boolean {
  if (next === undefined) return false
  if (line.kind === 'heading') return true
  if (line.kind !== 'line') return false
  return line.text.length <= MAX_HEADING_LENGTH && !/[.!?"')\]]$/.test(line.text)
}

function isLeadIn (line: Line, next: Line | undefined): boolean {
  return next?.kind === 'item' && line.kind !== 'item' && line.text.length <= MAX_LEAD_IN_LENGTH && line.text.endsWith(':')
}

/** Groups body lines into citable paragraphs, each with the heading it sits under. */
function toParagraphs (lines: Line[]): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let section: string | null = null
  let leadIn: string | null = null
  lines.forEach((line, i) => {
    const next = lines[i + 1]
    if (isLeadIn(line, next)) { leadIn = line.text; return }
    if (isHeading(line, next)) { section = line.text; leadIn = null; return }
    // A heading with nothing under it (the page's last element) is not prose.
    if (line.kind === 'heading') return
    if (line.kind !== 'item') leadIn = null
    paragraphs.push({ text: line.text, heading: leadIn ?? section })
  })
  return paragraphs
}

interface DateFinding { date: string | null, time: string | null, dateSource: DateSource }

const UNDATED: DateFinding = { date: null, time: null, dateSource: 'unknown' }
/** How far below the title a byline may sit (title, standfirst, author, date). */
const BYLINE_WINDOW = 4

export interface ParseOptions {
  /** How errors name the input, e.g. 'seed "004.txt"'. Default: 'article "<id>"'. */
  origin?: string | undefined
  /** Title given by the source record (a JSONL corpus); the text's first line otherwise. */
  title?: string | undefined
  metadata?: ArticleMetadata | undefined
  /** Date given by the source record, as YYYY-MM-DD; counts as metadata. */
  date?: string | undefined
  outlet?: string | undefined
  url?: string | undefined
}

/** What a page states about itself outside its text (HTML metadata, a byline element). */
export interface PageFindings {
  /** The publication date the page's metadata or byline element gives, and which it was. */
  published?: { date: string, time: string | null, dateSource: 'metadata' | 'byline' } | null | undefined
  /** The last-modified date the page states (YYYY-MM-DD); recorded, never used as the publication date. */
  modified?: string | null | undefined
}

/**
 * Turns one article's raw text into an article: title, date (with how it
 * was found), outlet where stated, and citable paragraphs free of boilerplate.
 */
export function parseArticle (id: string, raw: string, options: ParseOptions = {}): Article {
  return articleFromLines(id, readLines(raw), options)
}

/**
 * The steps every article goes through, whatever it was read from: drop
 * boilerplate, take the title, date it (sidecar metadata, then the page's
 * metadata, then a byline, then a dateline completed from the body), group
 * the rest into paragraphs under their headings.
 */
export function articleFromLines (id: string, lines: readonly ArticleLine[], options: ParseOptions & PageFindings = {}): Article {
  const origin = options.origin ?? `article "${id}"`
  let outlet: string | null = null
  const kept: Line[] = []
  for (const line of lines) {
    if (endsArticle(line.text)) break
    if (isBoilerplate(line.text)) {
      outlet ??= outletNamedIn(line.text)
      continue
    }
    const rest = afterCopyrightNotice(line.text)
    kept.push(rest === null ? line : { ...line, text: rest })
  }

  let title = options.title != null ? normalizeLine(options.title) : undefined
  if (title === undefined) title = kept.shift()?.text
  if (title === undefined || title.length === 0) {
    throw new SourceError(origin, lines.every(line => line.text.trim().length === 0) ? 'has no text' : 'has no citable text after removing boilerplate', id)
  }
  // Scraped pages often repeat the headline (page title, then article title).
  while (kept.length > 0 && kept[0]?.text.toLowerCase() === title.toLowerCase()) kept.shift()

  let finding: DateFinding = UNDATED
  const bylineAt = kept.slice(0, BYLINE_WINDOW).findIndex(line => line.kind !== 'heading' && parseBylineDate(line.text) != null)
  if (bylineAt >= 0) {
    const byline = parseBylineDate(kept[bylineAt]?.text ?? '')
    if (byline != null) finding = { date: byline.date, time: byline.time, dateSource: 'byline' }
    kept.splice(bylineAt, 1)
  }
  // The page's own metadata outranks a date line in its text; its byline element ranks with one.
  const published = options.published
  if (published != null && (published.dateSource === 'metadata' || finding.dateSource === 'unknown')) {
    finding = { date: published.date, time: published.time ?? (finding.date === published.date ? finding.time : null), dateSource: published.dateSource }
  }

  const paragraphs = toParagraphs(kept)
  if (paragraphs.length === 0) throw new SourceError(origin, 'has no citable text after removing boilerplate', id)

  if (finding.dateSource === 'unknown') {
    const dateline = parseDateline(paragraphs[0]?.text ?? '')
    const body = paragraphs.map(p => p.text).join('\n')
    const date = dateline == null ? null : inferDatelineYear(dateline, body)
    if (date != null) finding = { date, time: null, dateSource: 'inferred' }
  }

  const metadata = options.metadata ?? {}
  const metadataDate = metadata.date ?? options.date
  if (metadataDate != null) {
    if (parseIsoDate(metadataDate) == null) throw new SourceError(origin, `date "${metadataDate}" must be YYYY-MM-DD`, id)
    finding = { date: metadataDate, time: finding.date === metadataDate ? finding.time : null, dateSource: 'metadata' }
  }

  return {
    id,
    title: metadata.title ?? title,
    ...finding,
    outlet: metadata.outlet ?? options.outlet ?? outlet,
    url: metadata.url ?? options.url ?? null,
    paragraphs,
    ...(options.modified !== undefined ? { modified: options.modified } : {}),
  }
}

const corpusRecordSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().optional(),
  date: z.string().nullish(),
  url: z.string().nullish(),
  publisher: z.string().nullish(),
  outlet: z.string().nullish(),
  text: z.string(),
})

/** Where a JSONL record's date can be read: "2024-01-08" or an ISO timestamp. */
function recordDate (value: string | null | undefined): string | undefined {
  const day = value?.slice(0, 10)
  return day != null && parseIsoDate(day) != null ? day : undefined
}

/** Parses one JSONL corpus line ({id, title, date, url, publisher, text}). */
export function parseCorpusRecord (origin: string, line: string): Article {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (error) {
    throw new SourceError(origin, `is not valid JSON (${(error as Error).message})`)
  }
  const result = corpusRecordSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new SourceError(origin, `invalid record: "${issue?.path.join('.') ?? ''}" ${issue?.message ?? ''}`.trim())
  }
  const record = result.data
  const title = record.title?.trim()
  return parseArticle(record.id, record.text, {
    origin,
    title: title !== undefined && title.length > 0 ? title : undefined,
    date: recordDate(record.date),
    outlet: record.publisher ?? record.outlet ?? undefined,
    url: record.url ?? undefined,
  })
}
