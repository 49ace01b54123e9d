/**
 * How /ingest and /feeds report to moderators: what was added (title,
 * outlet, date and how it is known, passages), what the coverage already
 * had, and every refusal in its own words. Every embed goes through fitEmbed.
 */
import { time, TimestampStyles, type APIEmbed, type APIEmbedField } from 'discord.js'
import { formatHumanDate } from '../core/dates.js'
import type { FeedRecord, FeedState } from '../core/feeds.js'
import type { DateSource } from '../core/types.js'
import type { AddedArticle, AddFeedOutcome, FeedPollReport, IngestOutcome, IngestVia } from '../ingester.js'
import { DISCORD_LIMITS, fitEmbed, quoteSafely, truncate } from './render.js'

const ADDED = 0x2f855a
const KNOWN = 0x2b6cb0
const REFUSED = 0xc05621

const PROVENANCE: Record<DateSource, string> = {
  metadata: 'from the article\'s metadata',
  byline: 'from the byline',
  inferred: 'from the dateline, the year from the text',
  unknown: 'undated: the article states no date',
}

/** "14 Mar 2024 09:30, from the article's metadata", or why there is no date. */
export function describeDate (article: Pick<AddedArticle, 'date' | 'time' | 'dateSource'>): string {
  if (article.date === null) return PROVENANCE.unknown
  const at = article.time === null ? '' : ` ${article.time}`
  return `${formatHumanDate(article.date)}${at}, ${PROVENANCE[article.dateSource]}`
}

function plural (count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

function passages (article: AddedArticle): string {
  return article.passages === null ? 'not yet indexed' : plural(article.passages, 'passage')
}

/** One added article in a list: title, outlet, date and provenance, passages, id. */
export function addedLine (article: AddedArticle): string {
  const outlet = article.outlet === null ? '' : ` · ${quoteSafely(truncate(article.outlet, 60))}`
  return `• *${quoteSafely(truncate(article.title, 120))}*${outlet} · ${describeDate(article)} · ${passages(article)}\n  \`${article.id}\``
}

function duplicateLine (duplicate: IngestOutcome['duplicates'][number]): string {
  const what = duplicate.title !== null ? `*${quoteSafely(truncate(duplicate.title, 120))}*` : duplicate.url !== null ? `<${duplicate.url}>` : 'It'
  return `${what} is already in the coverage as \`${duplicate.id}\` (${duplicate.by === 'url' ? 'same address' : 'same text'}).`
}

function addedFields (article: AddedArticle): APIEmbedField[] {
  const fields: APIEmbedField[] = [
    { name: 'Outlet', value: quoteSafely(truncate(article.outlet ?? 'not stated', 200)), inline: true },
    { name: 'Published', value: describeDate(article), inline: true },
    { name: 'Passages', value: article.passages === null ? 'not yet indexed' : String(article.passages), inline: true },
  ]
  if (article.modified != null) fields.push({ name: 'Modified', value: `${formatHumanDate(article.modified)} (recorded, never shown as the publication date)`, inline: true })
  fields.push({ name: 'Id', value: `\`${article.id}\``, inline: true })
  if (article.url !== null) fields.push({ name: 'Link', value: `<${article.url}>`.length <= DISCORD_LIMITS.fieldValue ? `<${article.url}>` : 'too long to show' })
  return fields
}

/** The reply to /ingest: what was added and searchable, what the coverage had, and what was refused. */
export function ingestEmbed (outcome: IngestOutcome): APIEmbed {
  const fields: APIEmbedField[] = []
  const { added, duplicates, problems } = outcome
  let embed: APIEmbed
  if (outcome.error !== null) {
    embed = { title: 'Not added', description: quoteSafely(outcome.error.message), color: REFUSED }
  } else if (added.length === 1 && added[0] !== undefined) {
    const [article] = added
    embed = { title: 'Added to the coverage', description: `**${quoteSafely(truncate(article.title, 250))}**\nSearchable now with \`/ask\`.`, color: ADDED }
    fields.push(...addedFields(article))
  } else if (added.length > 1) {
    embed = { title: `Added to the coverage: ${added.length} articles`, description: added.map(addedLine).join('\n'), color: ADDED }
  } else if (duplicates.length > 0 && problems.length === 0) {
    const description = duplicates.length === 1 && duplicates[0] !== undefined
      ? `${duplicateLine(duplicates[0])} Nothing was changed.`
      : `${duplicates.map(d => `• ${duplicateLine(d)}`).join('\n')}\nNothing was changed.`
    return fitEmbed({ title: 'Already in the coverage', description, color: KNOWN })
  } else {
    embed = { title: 'Not added: no article could be read', color: REFUSED }
  }
  if (added.length > 0 && duplicates.length > 0) {
    fields.push({ name: `Already in the coverage (${duplicates.length})`, value: duplicates.map(d => `• ${duplicateLine(d)}`).join('\n') })
  }
  if (problems.length > 0) {
    fields.push({ name: `Not read (${problems.length})`, value: problems.map(p => `• ${quoteSafely(p)}`).join('\n') })
  }
  if (outcome.indexError !== null) {
    fields.push({ name: 'Not yet searchable', value: `Stored, but the index in service could not take it (${quoteSafely(outcome.indexError)}). It is read at the next start or \`/reindex\`.` })
  }
  return fitEmbed({ ...embed, ...(fields.length > 0 ? { fields } : {}) })
}

function feedName (feed: FeedRecord): string {
  return quoteSafely(truncate(feed.title ?? feed.url, 200))
}

function when (iso: string): string {
  return time(Math.floor(Date.parse(iso) / 1000), TimestampStyles.RelativeTime)
}

/** What the first poll of a newly followed feed did. */
function pollSummary (report: FeedPollReport, pollMinutes: number): string {
  const parts = [`${plural(report.added.length, 'article')} added from its items`]
  if (report.duplicates > 0) parts.push(`${report.duplicates} already in the coverage`)
  if (report.refused.length > 0) parts.push(`${report.refused.length} not readable`)
  if (report.pending > 0) parts.push(`${report.pending} left for the next poll`)
  return `${parts.join(', ')}. New items are ingested every ${plural(pollMinutes, 'minute')}.`
}

const VIA: Record<IngestVia, string> = {
  url: 'added by a moderator with /ingest',
  attachment: 'added by a moderator with /ingest',
  file: 'added from a terminal',
  feed: 'from a followed feed',
  folder: 'stored in the coverage folder from a terminal',
}

/** The announcement of new coverage in the channel set by ANNOUNCE_CHANNEL_ID. */
export function announcementEmbed (added: readonly AddedArticle[], via: IngestVia): APIEmbed {
  return fitEmbed({
    title: added.length === 1 ? 'New in the coverage' : `New in the coverage: ${added.length} articles`,
    description: `${added.map(addedLine).join('\n')}\n\nAsk about ${added.length === 1 ? 'it' : 'them'} with \`/ask\`.`,
    color: ADDED,
    footer: { text: `Dateline · ${VIA[via]}` },
  })
}

/** The reply to /feeds add. */
export function feedAddedEmbed (outcome: AddFeedOutcome, url: string, pollMinutes: number): APIEmbed {
  if (outcome.status === 'refused') {
    return fitEmbed({ title: 'Not following this feed', description: `${quoteSafely(outcome.error)}\nNothing was changed.`, color: REFUSED })
  }
  if (outcome.status === 'following') {
    return fitEmbed({ title: 'Already following this feed', description: `**${feedName(outcome.feed)}** (<${outcome.feed.url}>) since ${when(outcome.feed.addedAt)}. See \`/feeds list\`.`, color: KNOWN })
  }
  const { report } = outcome
  const fields: APIEmbedField[] = []
  if (report.added.length > 0) fields.push({ name: 'Added', value: report.added.map(addedLine).join('\n') })
  if (report.refused.length > 0) fields.push({ name: 'Not readable', value: report.refused.map(r => `• ${quoteSafely(r)}`).join('\n') })
  return fitEmbed({
    title: `Following ${truncate(report.feed.title ?? url, 200)}`,
    description: `<${report.feed.url}>\n${pollSummary(report, pollMinutes)}`,
    color: ADDED,
    ...(fields.length > 0 ? { fields } : {}),
  })
}

/** The reply to /feeds list: each feed with its articles ingested, last poll and last error. */
export function feedListEmbed (state: FeedState, pollMinutes: number): APIEmbed {
  if (state.feeds.length === 0) {
    return fitEmbed({ title: 'Feeds followed: none', description: 'Follow a feed\'s new articles with `/feeds add url:`.', color: KNOWN })
  }
  const fields = state.feeds.map(feed => {
    const polled = feed.lastPolledAt === null ? 'not polled yet' : `last polled ${when(feed.lastPolledAt)}`
    const error = feed.lastError === null ? 'no errors' : `last error: ${quoteSafely(truncate(feed.lastError, 500))}`
    return { name: truncate(feed.title ?? feed.url, DISCORD_LIMITS.fieldName), value: `<${feed.url}>\n${plural(feed.itemCount, 'article')} ingested · ${polled} · ${error}` }
  })
  return fitEmbed({
    title: `Feeds followed: ${state.feeds.length}`,
    description: `Polled every ${plural(pollMinutes, 'minute')}; new items are ingested like \`/ingest url:\`.`,
    color: KNOWN,
    fields,
  })
}
