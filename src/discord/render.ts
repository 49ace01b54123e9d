import { embedLength, time, TimestampStyles, type APIEmbed, type APIEmbedField } from 'discord.js'
import type { Answer, Citation } from '../core/answer.js'
import { epochDay, formatHumanDate } from '../core/dates.js'
import type { DateSource, SourceSummary } from '../core/types.js'

/** Discord's message limits; a reply over any of them is rejected outright. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const

export interface RenderOptions {
  /** Show dates as Discord timestamps next to the plain date (Discord only). Default false. */
  timestamps: boolean
}

const defaultRenderOptions: RenderOptions = { timestamps: false }
const ACCENT = 0x2b6cb0

/** Block quote, heading, list or numbered-list marker at the start of a line. */
const LINE_START_MARK = /(^|\n)([ \t]*)([>#-]|\d+\.(?=\s))/g

/**
 * Backslash-escapes Discord markdown so quoted text shows exactly as written:
 * emphasis, code, spoilers and masked links anywhere; quotes, headings and
 * lists at a line start; "://" so a quoted address neither links nor unfurls.
 */
export function escapeMarkdown (text: string, atLineStart = true): string {
  return text
    // The backtick as \u0060: a lone one in a regular expression reads as an unclosed template string
    // to tools that scan source without parsing it (farm-studio look did).
    .replace(/[\\*_~\u0060|[\]]/g, '\\$&')
    .replace(LINE_START_MARK, (whole, before: string, space: string, mark: string, offset: number) => {
      if (offset === 0 && before === '' && !atLineStart) return whole
      const escaped = mark.endsWith('.') ? `${mark.slice(0, -1)}\\.` : `\\${mark}`
      return `${before}${space}${escaped}`
    })
    .replace(/:\/\//g, '\\://')
    .replace(/<(?=[@#:a-z/])/gi, '\\<')
}

/** Breaks @everyone/@here and user, role and channel mentions so they can never ping. */
export function neutralizeMentions (text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<([@#][!&]?\d+)>/g, '<\u200b$1>')
}

/**
 * Text from the coverage or from a user, made safe and literal for a Discord
 * message. `atLineStart` is false for a piece that continues a line.
 */
export function quoteSafely (text: string, atLineStart = true): string {
  return neutralizeMentions(escapeMarkdown(text, atLineStart))
}

/** Shortens to at most `max` characters at a word boundary, marking the cut. */
export function truncate (text: string, max: number): string {
  if (text.length <= max) return text
  if (max <= 1) return '…'.slice(0, max)
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** The excerpt, escaped, with matched words in bold; shortened to `maxChars` of source text. */
export function emphasise (excerpt: string, highlights: ReadonlyArray<readonly [number, number]>, maxChars = Infinity): string {
  const text = truncate(excerpt, maxChars)
  const limit = text.endsWith('…') && text.length < excerpt.length ? text.length - 1 : text.length
  let out = ''
  let at = 0
  for (const [start, end] of highlights) {
    if (end > limit || start < at) continue
    out += quoteSafely(text.slice(at, start), at === 0) + `**${quoteSafely(text.slice(start, end), false)}**`
    at = end
  }
  return out + quoteSafely(text.slice(at), at === 0)
}

const DATE_SOURCE_NOTE: Record<DateSource, string> = {
  metadata: '',
  byline: '',
  inferred: ' (from dateline)',
  unknown: '',
}

/**
 * A citation's date for readers: "8 Jan 2024", or with timestamps the
 * reader's local rendering beside it. Undated sources say so.
 */
export function formatCitationDate (date: string | null, dateSource: DateSource, options: RenderOptions = defaultRenderOptions): string {
  if (date === null) return 'undated'
  const plain = `${formatHumanDate(date)}${DATE_SOURCE_NOTE[dateSource]}`
  const day = epochDay(date)
  if (!options.timestamps || day === null) return plain
  // Noon UTC keeps the calendar day the same in every reader's time zone.
  return `${time(day * 86_400 + 43_200, TimestampStyles.LongDate)} · ${plain}`
}

/** "Title · Outlet · 8 Jan 2024", every part escaped. */
export function formatSourceLine (citation: Pick<Citation, 'title' | 'outlet' | 'date' | 'dateSource'>, options: RenderOptions, maxTitle = 120): string {
  const parts = [`*${quoteSafely(truncate(citation.title, maxTitle))}*`]
  if (citation.outlet !== null) parts.push(quoteSafely(truncate(citation.outlet, 80)))
  parts.push(formatCitationDate(citation.date, citation.dateSource, options))
  return parts.join(' · ')
}

function citationBlock (citation: Citation, options: RenderOptions, maxExcerpt: number): string {
  return `**[${citation.n}]** ${emphasise(citation.excerpt, citation.highlights, maxExcerpt)}\n— ${formatSourceLine(citation, options)}`
}

/** Longest excerpt each citation may keep so all blocks together fit `budget`. */
function fitCitations (citations: readonly Citation[], options: RenderOptions, budget: number, separator: string): string {
  let maxExcerpt = Math.max(...citations.map(c => c.excerpt.length), 0)
  for (;;) {
    const text = citations.map(c => citationBlock(c, options, maxExcerpt)).join(separator)
    // Escaping can lengthen text, so measure the rendered result, not the excerpt.
    if (text.length <= budget || maxExcerpt <= 40) return text.length <= budget ? text : truncate(text, budget)
    maxExcerpt = Math.floor(maxExcerpt * 0.85)
  }
}

function figureLines (answer: Answer, options: RenderOptions): string {
  return answer.figures.map(figure => {
    const citation = answer.citations.find(c => c.n === figure.n)
    const when = citation === undefined ? '' : ` (${formatCitationDate(citation.date, citation.dateSource, options)})`
    return `• ${quoteSafely(figure.value)} — [${figure.n}]${when}`
  }).join('\n')
}

export function noAnswerText (answer: Answer): string {
  const question = quoteSafely(truncate(answer.question.trim(), 200))
  switch (answer.reason) {
    case 'no-terms':
      return 'Ask about something the coverage might mention: a person, place, event or topic.'
    case 'filtered':
      return `No coverage found for “${question}” with those filters. Try widening the dates or the source.`
    default:
      return `No coverage found for “${question}”. Nothing in the indexed articles answers it.`
  }
}

function pageFooter (answer: Answer): string {
  const first = answer.offset + 1
  const last = answer.offset + answer.citations.length
  const shown = answer.citations.length === 0 ? 'No sources' : `Sources ${first}–${last} of ${Math.max(answer.total, last)}`
  return `${shown} · verbatim excerpts, no generated text`
}

/** The answer as plain message content (≤ 2000 characters), as the CLI prints it. */
export function renderAnswerText (answer: Answer, partial: Partial<RenderOptions> = {}): string {
  const options = { ...defaultRenderOptions, ...partial }
  const heading = `**${quoteSafely(truncate(answer.question.trim().replace(/\s+/g, ' '), 200))}**`
  if (!answer.answered) return truncate(`${heading}\n${noAnswerText(answer)}`, DISCORD_LIMITS.content)
  const footer = `-# ${pageFooter(answer)}`
  const figures = answer.figures.length > 0 ? `\n\n**Sources give different figures:**\n${figureLines(answer, options)}` : ''
  const budget = DISCORD_LIMITS.content - heading.length - footer.length - figures.length - 4
  const body = fitCitations(answer.citations, options, Math.max(budget, 200), '\n\n')
  return truncate(`${heading}\n\n${body}${figures}\n\n${footer}`, DISCORD_LIMITS.content)
}

/** The answer as one embed within every embed limit. */
export function renderAnswerEmbed (answer: Answer, partial: Partial<RenderOptions> = {}): APIEmbed {
  const options = { ...defaultRenderOptions, ...partial }
  const title = truncate(quoteSafely(truncate(answer.question.trim().replace(/\s+/g, ' '), 200)), DISCORD_LIMITS.embedTitle)
  if (!answer.answered) {
    return fitEmbed({ title, description: noAnswerText(answer), color: ACCENT, footer: { text: 'Dateline · verbatim excerpts, no generated text' } })
  }
  const fields: APIEmbedField[] = []
  if (answer.figures.length > 0) {
    fields.push({ name: 'Sources give different figures', value: truncate(figureLines(answer, options), DISCORD_LIMITS.fieldValue) })
  }
  const footer = { text: pageFooter(answer) }
  const used = title.length + footer.text.length + fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  const budget = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - used)
  const description = fitCitations(answer.citations, options, budget, '\n\n')
  return fitEmbed({ title, description, color: ACCENT, fields, footer })
}

/** A cited link as a reader can follow it, or a note when it cannot be shown whole. */
function citationLink (url: string, shown: boolean): string {
  return shown ? `<${url}>` : `link too long to show (${url.length} characters)`
}

/**
 * Full citations for "Show sources": every detail, one line each, within
 * `maxChars`. When they do not fit, links give way (longest first) to a
 * note before anything is cut: a cut address would lead somewhere else.
 */
export function renderCitationDetails (citations: readonly Citation[], partial: Partial<RenderOptions> = {}, maxChars: number = DISCORD_LIMITS.embedDescription): string {
  const options = { ...defaultRenderOptions, ...partial }
  const entries = citations.map(c => {
    const time = c.time !== null && c.date !== null ? ` ${c.time}` : ''
    const how = c.dateSource === 'unknown' ? 'no date stated' : `date from ${c.dateSource}`
    return { head: `**[${c.n}]** ${formatSourceLine(c, options, 200)}${time} (${how})\n\`${c.articleId}\`, passage ${c.passageId}`, url: c.url, shown: true }
  })
  const render = (): string => entries.map(e => e.url === null ? e.head : `${e.head}\n${citationLink(e.url, e.shown)}`).join('\n\n')
  let text = render()
  for (;;) {
    if (text.length <= maxChars) return text
    const longest = entries.filter(e => e.url !== null && e.shown).sort((a, b) => (b.url?.length ?? 0) - (a.url?.length ?? 0))[0]
    if (longest === undefined) return truncate(text, maxChars)
    longest.shown = false
    text = render()
  }
}

/** The "Show sources" embed: one page's full citations. */
export function renderCitationsEmbed (citations: readonly Citation[], partial: Partial<RenderOptions> = {}): APIEmbed {
  return fitEmbed({ title: 'Sources', description: renderCitationDetails(citations, partial), color: ACCENT })
}

/** One page of the source list, as an embed. Pages count from 0. */
export function renderSourceList (sources: readonly SourceSummary[], page: number, pageSize: number, partial: Partial<RenderOptions> = {}): APIEmbed {
  const options = { ...defaultRenderOptions, ...partial }
  const pages = Math.max(1, Math.ceil(sources.length / pageSize))
  const current = Math.min(Math.max(0, page), pages - 1)
  const shown = sources.slice(current * pageSize, (current + 1) * pageSize)
  const lines = shown.map(s => `• ${formatSourceLine(s, options, 90)} · ${s.passages} passage${s.passages === 1 ? '' : 's'}\n  \`${s.id}\``)
  return fitEmbed({
    title: `Indexed coverage: ${sources.length} article${sources.length === 1 ? '' : 's'}`,
    description: lines.join('\n') || 'No articles are indexed.',
    color: ACCENT,
    footer: { text: `Page ${current + 1} of ${pages}` },
  })
}

/** A link as a reader can follow it, or a note when it cannot be shown whole. */
function linkValue (url: string): string {
  const link = `<${url}>`
  // A cut address would lead somewhere else: say so rather than show half of it.
  return link.length <= DISCORD_LIMITS.fieldValue ? link : `too long to show (${url.length} characters)`
}

/** One article's details, with its opening passage. */
export function renderSourceDetail (source: SourceSummary, opening: string | null, partial: Partial<RenderOptions> = {}): APIEmbed {
  const options = { ...defaultRenderOptions, ...partial }
  const time = source.time !== null && source.date !== null ? ` ${source.time}` : ''
  const fields: APIEmbedField[] = [
    { name: 'Outlet', value: quoteSafely(truncate(source.outlet ?? 'not stated', 200)), inline: true },
    { name: 'Date', value: `${formatCitationDate(source.date, source.dateSource, options)}${time}`, inline: true },
    { name: 'Date found in', value: source.dateSource === 'unknown' ? 'nowhere: the article states no date' : source.dateSource, inline: true },
    { name: 'Passages', value: String(source.passages), inline: true },
    { name: 'Id', value: `\`${source.id}\``, inline: true },
  ]
  if (source.url !== null) fields.push({ name: 'Link', value: linkValue(source.url), inline: false })
  return fitEmbed({
    title: quoteSafely(truncate(source.title, 200)),
    ...(opening === null ? {} : { description: `> ${quoteSafely(truncate(opening, 1500))}` }),
    color: ACCENT,
    fields,
  })
}

/**
 * The embed within every one of Discord's limits: each part shortened to its
 * own limit, at most 25 fields, and the whole within 6000 characters (the
 * description gives way first, then the last fields).
 */
export function fitEmbed (embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed }
  if (fitted.title !== undefined) fitted.title = truncate(fitted.title, DISCORD_LIMITS.embedTitle)
  if (fitted.description !== undefined) fitted.description = truncate(fitted.description, DISCORD_LIMITS.embedDescription)
  if (fitted.footer !== undefined) fitted.footer = { ...fitted.footer, text: truncate(fitted.footer.text, DISCORD_LIMITS.footer) }
  if (fitted.author !== undefined) fitted.author = { ...fitted.author, name: truncate(fitted.author.name, DISCORD_LIMITS.fieldName) }
  if (fitted.fields !== undefined) {
    fitted.fields = fitted.fields.slice(0, DISCORD_LIMITS.fields).map(field => ({
      ...field,
      name: truncate(field.name, DISCORD_LIMITS.fieldName) || '\u200b',
      value: truncate(field.value, DISCORD_LIMITS.fieldValue) || '\u200b',
    }))
  }
  let excess = embedLength(fitted) - DISCORD_LIMITS.embedTotal
  if (excess > 0 && fitted.description !== undefined) {
    fitted.description = truncate(fitted.description, Math.max(1, fitted.description.length - excess))
    excess = embedLength(fitted) - DISCORD_LIMITS.embedTotal
  }
  while (excess > 0 && fitted.fields !== undefined && fitted.fields.length > 0) {
    fitted.fields = fitted.fields.slice(0, -1)
    excess = embedLength(fitted) - DISCORD_LIMITS.embedTotal
  }
  return fitted
}
