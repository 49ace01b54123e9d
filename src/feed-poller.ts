/**
 * Following feeds in the bot: each followed feed is polled every
 * FEED_POLL_MINUTES (conditionally, with its ETag and Last-Modified), and
 * the pages of its new items are ingested like an /ingest url:. Feed state
 * lives beside the coverage (src/feeds.ts), so a restart resumes where the
 * last poll left off, and a feed due while the bot was down is polled soon
 * after it starts.
 *
 * A feed's first poll happens when it is added: a URL that is not a readable
 * feed is refused then, and the items it lists are ingested at once, up to
 * MAX_ITEMS_PER_POLL; a longer feed is taken in over the next polls (items
 * not handled are offered again), so adding a feed never fetches hundreds of
 * pages at once.
 */
import { addFeed, emptyFeedState, FeedError, findFeed, recordPoll, removeFeed, replaceFeed, type FeedRecord, type FeedState, type PollHandling } from './core/feeds.js'
import { pollFeed, type FeedStore, type PollResult } from './feeds.js'
import type { AddedArticle, AddFeedOutcome, FeedPollReport, FeedService, Ingester } from './ingester.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'
import type { Fetcher } from './net/fetch.js'

const STOPPING = 'Dateline is stopping, so the feed was not added. Try again once it is back.'

/** Items of one feed fetched per poll; the rest wait for the next poll. */
export const MAX_ITEMS_PER_POLL = 20

export interface FeedPollerOptions {
  store: FeedStore
  fetcher: Fetcher
  ingester: Ingester
  logger: Logger
  metrics: Metrics | null
  /** Time between two polls of a feed (FEED_POLL_MINUTES). */
  intervalMs: number
  /** Wait after start before polling the feeds that are due. Default 1000 ms. */
  firstPollDelayMs: number
  /** Told of each poll once its state is saved. */
  onPolled: (report: FeedPollReport) => void
  now: () => Date
}

/** What one poll of a feed did. */
export class FeedPoller implements FeedService {
  private readonly options: FeedPollerOptions
  private timer: NodeJS.Timeout | null = null
  /** Polls and additions, one at a time: a feed is never polled twice at once. */
  private running: Promise<unknown> = Promise.resolve()
  private readonly stopping = new AbortController()
  private stopped = false

  constructor (partial: Partial<FeedPollerOptions> & Pick<FeedPollerOptions, 'store' | 'fetcher' | 'ingester' | 'logger' | 'intervalMs'>) {
    this.options = { metrics: null, firstPollDelayMs: 1_000, onPolled: () => {}, now: () => new Date(), ...partial }
  }

  /** Starts polling: the feeds that are due soon after, then each as it falls due. */
  start (): void {
    this.schedule(this.options.firstPollDelayMs)
  }

  /** The feeds followed, as saved. */
  async list (): Promise<FeedState> {
    return await this.options.store.read()
  }

  /**
   * Follows a feed: polls it first (a URL that is not a readable feed is
   * refused and not followed), then ingests the items it lists.
   */
  async add (url: string, addedBy: string | null): Promise<AddFeedOutcome> {
    return await this.exclusively(async () => {
      let state: FeedState
      try {
        state = await this.options.store.read()
      } catch (error) {
        return { status: 'refused', error: `The saved feed state cannot be read, so no feed can be added: ${(error as Error).message}` }
      }
      const existing = findFeed(state, url)
      if (existing !== undefined) return { status: 'following', feed: existing }
      let candidate: FeedRecord
      try {
        candidate = addFeed(emptyFeedState(), url, this.options.now(), addedBy).feed
      } catch (error) {
        if (error instanceof FeedError) return { status: 'refused', error: error.message }
        throw error
      }
      const poll = await this.poll(candidate)
      if (poll === null) return { status: 'refused', error: STOPPING }
      if (poll.outcome.status === 'failed') {
        this.options.logger.warn({ feedUrl: candidate.url, error: poll.outcome.error }, 'feed refused')
        return { status: 'refused', error: poll.outcome.error }
      }
      const feed = await this.options.store.update(state => {
        const added = addFeed(state, url, this.options.now(), addedBy)
        return { state: added.state, result: added.feed }
      })
      this.options.logger.info({ feedUrl: feed.url, addedBy }, 'feed followed')
      return { status: 'added', report: await this.handle(feed, poll) }
    })
  }

  /** Stops following a feed; the articles it brought stay. Null when it was not followed. */
  async remove (url: string): Promise<FeedRecord | null> {
    const removed = await this.options.store.update(state => {
      const result = removeFeed(state, url)
      return { state: result.state, result: result.removed }
    })
    if (removed !== null) this.options.logger.info({ feedUrl: removed.url }, 'feed no longer followed')
    return removed
  }

  /** Polls every feed that is due now; resolves with what each poll did. */
  async pollDue (): Promise<FeedPollReport[]> {
    return await this.exclusively(async () => {
      const reports: FeedPollReport[] = []
      let state: FeedState
      try {
        state = await this.options.store.read()
      } catch (error) {
        this.options.logger.error({ err: error }, 'feed state could not be read; no feed polled')
        return reports
      }
      for (const feed of state.feeds) {
        if (this.stopping.signal.aborted) break
        if (this.dueIn(feed) > 0) continue
        const poll = await this.poll(feed)
        if (poll === null) break
        reports.push(await this.handle(feed, poll))
      }
      return reports
    })
  }

  /** Stops polling: the poll under way stops fetching, saves what it did, and is waited for. */
  async stop (): Promise<void> {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.stopping.abort()
    await this.running.catch(() => {})
  }

  /** One poll of a feed, counted; null when stopping cut it short. */
  private async poll (feed: FeedRecord): Promise<PollResult | null> {
    try {
      const poll = await pollFeed(this.options.fetcher, feed, this.stopping.signal)
      this.options.metrics?.feedPolls.inc({ outcome: poll.outcome.status })
      return poll
    } catch (error) {
      if (this.stopping.signal.aborted) return null
      throw error
    }
  }

  /** Milliseconds until a feed is due; 0 or less when it is. */
  private dueIn (feed: FeedRecord): number {
    if (feed.lastPolledAt === null) return 0
    return Date.parse(feed.lastPolledAt) + this.options.intervalMs - this.options.now().getTime()
  }

  private schedule (delayMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => { void this.cycle() }, Math.max(0, delayMs))
    // The Discord client keeps the bot running; the poller alone never should.
    this.timer.unref()
  }

  private async cycle (): Promise<void> {
    await this.pollDue().catch((error: unknown) => this.options.logger.error({ err: error }, 'feed poll failed'))
    // Next, when the feed due soonest falls due (never sooner than a second, never later than the interval).
    const state = await this.options.store.read().catch(() => null)
    const next = Math.min(this.options.intervalMs, ...(state?.feeds ?? []).map(feed => this.dueIn(feed)))
    this.schedule(Math.max(1_000, next))
  }

  private async exclusively<T> (work: () => Promise<T>): Promise<T> {
    const run = this.running.then(work)
    this.running = run.catch(() => {})
    return await run
  }

  /** Ingests a poll's new items, records the poll and saves it. */
  private async handle (feed: FeedRecord, poll: PollResult): Promise<FeedPollReport> {
    const { ingester, logger } = this.options
    const ingested: string[] = []
    const skipped: string[] = []
    const errors: string[] = []
    const refused: string[] = []
    const added: AddedArticle[] = []
    let duplicates = 0
    for (const item of poll.items.slice(0, MAX_ITEMS_PER_POLL)) {
      if (this.stopping.signal.aborted) break
      if (item.link === null) {
        skipped.push(item.key)
        continue
      }
      const result = await ingester.ingest({ via: 'feed', url: item.link, feedUrl: feed.url }, this.stopping.signal)
      // Stopped mid-way: the item stays unhandled and is offered again after the restart.
      if (this.stopping.signal.aborted && result.outcome === 'failed') break
      if (result.outcome === 'added') {
        ingested.push(item.key)
        added.push(...result.added)
      } else if (result.outcome === 'duplicate') {
        skipped.push(item.key)
        duplicates += 1
      } else if (result.error?.transient === true) {
        errors.push(result.error.message)
      } else {
        skipped.push(item.key)
        refused.push(result.error?.message ?? result.problems.join('; '))
      }
    }
    const handling: PollHandling = { ingested, skipped, errors }
    let updated = recordPoll(feed, poll.outcome, handling, this.options.now())
    if (updated.lastError === null && refused.length > 0) {
      updated = { ...updated, lastError: refused.length === 1 ? (refused[0] ?? null) : `${refused[0] ?? ''} (and ${refused.length - 1} more)` }
    }
    await this.options.store.update(state => ({ state: replaceFeed(state, updated), result: null }))
    const report: FeedPollReport = {
      feed: updated,
      status: poll.outcome.status,
      added,
      duplicates,
      refused,
      pending: poll.items.length - ingested.length - skipped.length,
    }
    const fields = { feedUrl: feed.url, status: report.status, added: added.length, duplicates, refused: refused.length, pending: report.pending, error: updated.lastError }
    if (poll.outcome.status === 'failed') logger.warn(fields, 'feed poll failed')
    else logger.info(fields, 'feed polled')
    this.options.onPolled(report)
    return report
  }
}
