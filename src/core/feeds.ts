/**
 * RSS 2.0 and Atom feeds, and what Dateline remembers about each feed it
 * follows. Pure: fetching is src/net/fetch.ts, storing is src/feeds.ts.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'
import { parseTimestamp, type Timestamp } from './dates.js'
import { normalizeLine } from './text.js'

/** A feed that cannot be read, named by its URL. */
export class FeedError extends Error {
  constructor (readonly feedUrl: string, reason: string) {
    super(`Dateline feed ${feedUrl}: ${reason}`)
    this.name = 'FeedError'
  }
}

export interface FeedItem {
  /** What identifies the item across polls: its guid or Atom id, else its link without the fragment. */
  key: string
  title: string | null
  /** The article's address, absolute; null when the item links nowhere (nothing to fetch). */
  link: string | null
  /** The publication date the item states (RSS pubDate, dc:date, Atom published, else updated). */
  published: Timestamp | null
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf'
  title: string | null
  items: FeedItem[]
}

type XmlNode = Record<string, unknown>
const isNode = (value: unknown): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value)
const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Feeds in the wild declare no DTD entities worth expanding; refusing them keeps a "billion laughs" out.
  processEntities: true,
  isArray: name => ['item', 'entry', 'link'].includes(name),
})

/** Text of an element: its text node, CDATA or `#text`, with markup in an HTML-typed title stripped. */
function textOf (value: unknown): string | null {
  const first = list(value)[0]
  let text: string | null = null
  if (typeof first === 'string' || typeof first === 'number') text = String(first)
  else if (isNode(first) && (typeof first['#text'] === 'string' || typeof first['#text'] === 'number')) text = String(first['#text'])
  if (text === null) return null
  const plain = normalizeLine(text.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'"))
  return plain.length > 0 ? plain : null
}

function absolute (href: string | null, base: string): string | null {
  if (href === null || href.trim().length === 0) return null
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** A link as an identity: no fragment, so "story#comments" is the same story. */
function linkKey (link: string): string {
  const url = new URL(link)
  url.hash = ''
  return url.href
}

function rssItem (item: XmlNode, base: string): Omit<FeedItem, 'key'> & { guid: string | null } {
  const link = absolute(textOf(item.link), base)
  const date = textOf(item.pubDate) ?? textOf(item['dc:date'])
  return { title: textOf(item.title), link, guid: textOf(item.guid), published: date === null ? null : parseTimestamp(date) }
}

function atomLink (entry: XmlNode, base: string): string | null {
  const links = list(entry.link).filter(isNode)
  const alternate = links.find(link => link['@_rel'] === undefined || link['@_rel'] === 'alternate')
  return absolute(typeof alternate?.['@_href'] === 'string' ? alternate['@_href'] : null, base)
}

function atomItem (entry: XmlNode, base: string): Omit<FeedItem, 'key'> & { guid: string | null } {
  const entryBase = typeof entry['@_xml:base'] === 'string' ? new URL(entry['@_xml:base'], base).href : base
  const date = textOf(entry.published) ?? textOf(entry.updated)
  return { title: textOf(entry.title), link: atomLink(entry, entryBase), guid: textOf(entry.id), published: date === null ? null : parseTimestamp(date) }
}

/**
 * Reads an RSS 2.0 (or 0.9x/1.0) or Atom feed. Relative links are resolved
 * against the feed (and Atom's xml:base). The same item listed twice (same
 * guid or id, or the same link) is kept once, first listing first.
 */
export function parseFeed (xml: string, feedUrl: string): ParsedFeed {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    throw new FeedError(feedUrl, `is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`)
  }
  let document: XmlNode
  try {
    document = parser.parse(xml) as XmlNode
  } catch (error) {
    throw new FeedError(feedUrl, `could not be read as XML (${(error as Error).message})`)
  }

  let format: ParsedFeed['format']
  let title: string | null
  let raw: Array<Omit<FeedItem, 'key'> & { guid: string | null }>
  const rss = document.rss
  const atom = document.feed
  const rdf = document['rdf:RDF']
  if (isNode(rss)) {
    const channel = list(rss.channel).find(isNode) ?? {}
    format = 'rss'
    title = textOf(channel.title)
    raw = list(channel.item).filter(isNode).map(item => rssItem(item, feedUrl))
  } else if (isNode(atom)) {
    const base = typeof atom['@_xml:base'] === 'string' ? new URL(atom['@_xml:base'], feedUrl).href : feedUrl
    format = 'atom'
    title = textOf(atom.title)
    raw = list(atom.entry).filter(isNode).map(entry => atomItem(entry, base))
  } else if (isNode(rdf)) {
    format = 'rdf'
    title = textOf(list(rdf.channel).find(isNode)?.title)
    raw = list(rdf.item).filter(isNode).map(item => rssItem(item, feedUrl))
  } else {
    const root = Object.keys(document).find(key => !key.startsWith('?')) ?? 'nothing'
    throw new FeedError(feedUrl, `is not an RSS or Atom feed (its root element is <${root}>)`)
  }

  const items: FeedItem[] = []
  const seen = new Set<string>()
  for (const item of raw) {
    const keys = [item.guid, item.link === null ? null : linkKey(item.link)].filter((key): key is string => key !== null)
    const key = keys[0] ?? (item.title === null ? null : `title:${item.title}`)
    if (key === null || keys.some(k => seen.has(k)) || seen.has(key)) continue
    for (const k of [...keys, key]) seen.add(k)
    items.push({ key, title: item.title, link: item.link, published: item.published })
  }
  return { format, title, items }
}

// ---------------------------------------------------------------- state

/** Item keys remembered per feed; a feed lists far fewer at a time. */
export const MAX_SEEN_ITEMS = 1000

const webUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' })

export const feedRecordSchema = z.strictObject({
  url: webUrl,
  title: z.string().nullable(),
  addedAt: dateTime,
  /** Who added it: a Discord user id, or "cli". */
  addedBy: z.string().nullable(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** Keys of items already handled (ingested, or refused for good), newest first. */
  seen: z.array(z.string()).max(MAX_SEEN_ITEMS),
  /** Articles ingested from this feed, all time. */
  itemCount: z.number().int().min(0),
  lastPolledAt: dateTime.nullable(),
  lastSuccessAt: dateTime.nullable(),
  /** Why the last poll failed, or why items of it could not be ingested; null when it went well. */
  lastError: z.string().nullable(),
})

export const feedStateSchema = z.strictObject({
  version: z.literal(1),
  feeds: z.array(feedRecordSchema),
})

export type FeedRecord = z.infer<typeof feedRecordSchema>
export type FeedState = z.infer<typeof feedStateSchema>

export function emptyFeedState (): FeedState {
  return { version: 1, feeds: [] }
}

/** Reads the saved feed state, naming the file and the field at fault. */
export function parseFeedState (text: string, origin: string): FeedState {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`${origin}: is not valid JSON (${(error as Error).message})`)
  }
  const result = feedStateSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue?.path.length ? `"${issue.path.join('.')}" ` : ''
    throw new Error(`${origin}: invalid feed state: ${where}${issue?.message ?? 'unknown problem'}`)
  }
  return result.data
}

export function serializeFeedState (state: FeedState): string {
  return `${JSON.stringify(state, null, 2)}\n`
}

/** A feed URL as it is compared: no fragment, lower-case scheme and host (URL does that). */
export function normalizeFeedUrl (url: string): string | null {
  try {
    const parsed = new URL(url.trim())
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
    parsed.hash = ''
    return parsed.href
  } catch {
    return null
  }
}

export function findFeed (state: FeedState, url: string): FeedRecord | undefined {
  const key = normalizeFeedUrl(url)
  return state.feeds.find(feed => feed.url === key)
}

/** Adds a feed; a feed already followed is returned as it is. */
export function addFeed (state: FeedState, url: string, now: Date, addedBy: string | null = null): { state: FeedState, feed: FeedRecord, added: boolean } {
  const normalized = normalizeFeedUrl(url)
  if (normalized === null) throw new FeedError(url, 'is not an http(s) URL')
  const existing = state.feeds.find(feed => feed.url === normalized)
  if (existing !== undefined) return { state, feed: existing, added: false }
  const feed: FeedRecord = {
    url: normalized,
    title: null,
    addedAt: now.toISOString(),
    addedBy,
    etag: null,
    lastModified: null,
    seen: [],
    itemCount: 0,
    lastPolledAt: null,
    lastSuccessAt: null,
    lastError: null,
  }
  return { state: { ...state, feeds: [...state.feeds, feed] }, feed, added: true }
}

export function removeFeed (state: FeedState, url: string): { state: FeedState, removed: FeedRecord | null } {
  const removed = findFeed(state, url) ?? null
  return { state: removed === null ? state : { ...state, feeds: state.feeds.filter(feed => feed !== removed) }, removed }
}

export function replaceFeed (state: FeedState, feed: FeedRecord): FeedState {
  return { ...state, feeds: state.feeds.map(existing => (existing.url === feed.url ? feed : existing)) }
}

/** What one poll found; see pollFeed in src/feeds.ts. */
export type PollOutcome =
  | { status: 'not-modified' }
  | { status: 'fetched', title: string | null, items: FeedItem[], etag: string | null, lastModified: string | null }
  | { status: 'failed', error: string }

/** The items of a poll not handled before. */
export function newItems (feed: FeedRecord, items: readonly FeedItem[]): FeedItem[] {
  const seen = new Set(feed.seen)
  return items.filter(item => !seen.has(item.key))
}

/** How the caller dealt with a poll's new items. */
export interface PollHandling {
  /** Keys of items ingested. */
  ingested?: readonly string[]
  /** Keys of items settled without ingesting: duplicates, or refused for good (not an article, blocked address). */
  skipped?: readonly string[]
  /** Why some items could not be handled this time (a timeout…): they are tried again at the next poll. */
  errors?: readonly string[]
}

/**
 * The feed's record after a poll. Handled items are remembered; the feed's
 * validators (ETag, Last-Modified) are kept only when every new item was
 * handled, so an item that failed for now is offered again by the next poll
 * instead of hiding behind a 304.
 */
export function recordPoll (feed: FeedRecord, outcome: PollOutcome, handling: PollHandling, now: Date): FeedRecord {
  const polled = { ...feed, lastPolledAt: now.toISOString() }
  if (outcome.status === 'failed') return { ...polled, lastError: outcome.error }
  if (outcome.status === 'not-modified') return { ...polled, lastSuccessAt: now.toISOString(), lastError: null }
  const handled = [...(handling.ingested ?? []), ...(handling.skipped ?? [])]
  const pending = newItems(feed, outcome.items).some(item => !handled.includes(item.key))
  const errors = handling.errors ?? []
  return {
    ...polled,
    title: outcome.title ?? feed.title,
    etag: pending ? null : outcome.etag,
    lastModified: pending ? null : outcome.lastModified,
    seen: [...new Set([...handled, ...feed.seen])].slice(0, MAX_SEEN_ITEMS),
    itemCount: feed.itemCount + (handling.ingested?.length ?? 0),
    lastSuccessAt: now.toISOString(),
    lastError: errors.length === 0 ? null : errors.length === 1 ? (errors[0] ?? null) : `${errors[0] ?? ''} (and ${errors.length - 1} more)`,
  }
}

/** Followed feeds whose title or address contains what was typed, in any case; all of them for nothing typed. */
export function matchFeeds (feeds: readonly FeedRecord[], typed: string): FeedRecord[] {
  const needle = typed.trim().toLowerCase()
  return feeds.filter(feed => needle === '' || feed.url.toLowerCase().includes(needle) || (feed.title ?? '').toLowerCase().includes(needle))
}
