/**
 * Following feeds: the saved state beside the coverage, and one conditional
 * poll of a feed. The schedule (every FEED_POLL_MINUTES) and ingesting the
 * new items belong to the bot; this module gives it the pieces.
 */
import { join } from 'node:path'
import { decodeXml } from './core/charset.js'
import {
  emptyFeedState, FeedError, newItems, parseFeed, parseFeedState, serializeFeedState,
  type FeedItem, type FeedRecord, type FeedState, type PollOutcome,
} from './core/feeds.js'
import { readBytes, writeFileAtomically } from './io.js'
import { FetchError, type Fetcher } from './net/fetch.js'

/** The feed state's file, inside the coverage folder; hidden, so it is never read as coverage. */
export const FEED_STATE_FILE = '.dateline-feeds.json'

export function feedStatePath (coverageDir: string): string {
  return join(coverageDir, FEED_STATE_FILE)
}

/**
 * The saved feed state, changed one update at a time (a `/feeds add` while a
 * poll is saving waits its turn) and written atomically.
 */
export class FeedStore {
  private queue: Promise<unknown> = Promise.resolve()

  constructor (readonly path: string) {}

  /** The saved state; empty when there is none yet. A damaged file is an error, never silently replaced. */
  async read (): Promise<FeedState> {
    const bytes = await readBytes(this.path)
    if (bytes === null) return emptyFeedState()
    return parseFeedState(bytes.toString('utf8'), `feed state "${this.path}"`)
  }

  /** Applies a change to the saved state and writes it, returning what the change returns. */
  async update<T> (change: (state: FeedState) => { state: FeedState, result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const { state, result } = change(await this.read())
      await writeFileAtomically(this.path, serializeFeedState(state), { durable: true })
      return result
    })
    this.queue = run.catch(() => {})
    return await run
  }
}

export interface PollResult {
  outcome: PollOutcome
  /** Items not handled before, in feed order; empty unless the feed was fetched. */
  items: FeedItem[]
}

/**
 * Polls one feed, conditionally (If-None-Match / If-Modified-Since from the
 * last complete poll). A failure is returned, not thrown: one broken feed
 * must not stop the others, and its reason is shown in /feeds list.
 */
export async function pollFeed (fetcher: Fetcher, feed: FeedRecord, signal?: AbortSignal): Promise<PollResult> {
  let fetched
  try {
    fetched = await fetcher.fetch(feed.url, { purpose: 'feed', etag: feed.etag, lastModified: feed.lastModified, signal })
  } catch (error) {
    if (error instanceof FetchError) return { outcome: { status: 'failed', error: error.message }, items: [] }
    throw error
  }
  if (fetched.notModified) return { outcome: { status: 'not-modified' }, items: [] }
  let parsed
  try {
    parsed = parseFeed(decodeXml(fetched.bytes, fetched.charset).text, fetched.url)
  } catch (error) {
    if (error instanceof FeedError) return { outcome: { status: 'failed', error: error.message }, items: [] }
    throw error
  }
  return {
    outcome: { status: 'fetched', title: parsed.title, items: parsed.items, etag: fetched.etag, lastModified: fetched.lastModified },
    items: newItems(feed, parsed.items),
  }
}
