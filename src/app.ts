/**
 * Everything the bot is made of, started in order and stopped in reverse:
 * the records, the metrics, the index (in a worker), the ingester and the
 * feed poller, the Discord client and the health listener. `npm start` and the end-to-end specs both start the
 * bot through here, so the specs exercise what production runs.
 */
import { Status } from 'discord.js'
import { commands as allCommands } from '../commands/index.js'
import type { DiscordConfig } from './config.js'
import { Dateline, type EngineEvent, type ReindexReport } from './dateline.js'
import { createAnnouncer } from './discord/announce.js'
import { createBot, type BotHandle } from './discord/bot.js'
import type { AskSession, BotContext, Command, TimelineSession } from './discord/command.js'
import { Cooldowns } from './discord/cooldowns.js'
import { SessionStore } from './discord/sessions.js'
import type { EngineStarter } from './engine/engine.js'
import type { CoverageLocation } from './engine/load.js'
import { startInWorker } from './engine/worker-engine.js'
import { FeedPoller } from './feed-poller.js'
import { feedStatePath, FeedStore } from './feeds.js'
import { startHealthServer, type Health, type HealthServer, type ReindexStatus } from './health.js'
import { removeIncompleteIngests } from './ingest.js'
import { watchFolder } from './io.js'
import { Ingester, type AddedArticle, type IngestVia } from './ingester.js'
import type { Logger } from './log.js'
import { createMetrics, type Metrics } from './metrics.js'
import { createFetcher } from './net/fetch.js'
import { progressReporter, type ProgressSink } from './progress.js'
import { RecordLog } from './records.js'

/** Buttons on an answer keep working this long after it was asked. */
const SESSION_TTL_MS = 60 * 60 * 1000
const MAX_SESSIONS = 5_000
/** How long a shutdown waits for answers in flight, leaving time to close the rest within 5 s. */
const DRAIN_MS = 3_500
/** How long a shutdown waits for the snapshot journal; without it the next start rebuilds, which is slower but right. */
const JOURNAL_FLUSH_MS = 700
/** Calm after the last change in the coverage folder before new files are taken in: a file being copied is whole by then. */
const FOLDER_QUIET_MS = 1_000

export const INGEST_UNAVAILABLE = 'This bot answers from an archive file (CORPUS_FILE), which ingests cannot add to. Ingesting and feeds need a coverage folder (SEEDS_DIR).'

export interface AppOptions {
  config: DiscordConfig
  logger: Logger
  /** Where the index lives. Default: a worker thread. */
  start: EngineStarter
  commands: readonly Command[]
  /** Where a progress bar is drawn while indexing at a terminal. Default: standard error. */
  progressSink: ProgressSink
  /** Least time between two progress edits of a /reindex reply. Default 2000 ms. */
  progressEveryMs: number
  /** Time between two polls of a feed. Default FEED_POLL_MINUTES. */
  feedPollMs: number
  now: () => Date
}

export interface App {
  readonly bot: BotHandle
  readonly dateline: Dateline
  readonly context: BotContext
  /** Adds coverage and follows feeds; null when answering from a corpus archive. */
  readonly ingester: Ingester | null
  readonly feeds: FeedPoller | null
  readonly metrics: Metrics
  readonly health: () => Health
  /** Where /healthz and /metrics are served, when METRICS_PORT is set. */
  readonly healthUrl: string | null
  /** Lets answers in flight finish, then stops the client, the index workers and the listener. */
  stop: () => Promise<void>
}

export function coverageLocation (config: Pick<DiscordConfig, 'corpusFile' | 'seedsDir'>): CoverageLocation {
  return config.corpusFile !== null ? { kind: 'corpus', file: config.corpusFile } : { kind: 'seeds', dir: config.seedsDir }
}

function reindexStatus (report: ReindexReport, now: Date): ReindexStatus {
  return { status: report.swapped ? 'ok' : 'failed', at: now.toISOString(), durationMs: report.durationMs, problems: report.problems.length }
}

export async function startApp (partial: Partial<AppOptions> & Pick<AppOptions, 'config' | 'logger'>): Promise<App> {
  const options: AppOptions = {
    start: startInWorker,
    commands: allCommands,
    progressSink: process.stderr,
    progressEveryMs: 2_000,
    feedPollMs: partial.config.feedPollMinutes * 60_000,
    now: () => new Date(),
    ...partial,
  }
  const { config, logger } = options
  const records = await RecordLog.open(config.dataDir)
  if (records.skipped > 0) logger.warn({ skipped: records.skipped, dataDir: config.dataDir }, 'unreadable lines in the records were skipped')
  const metrics = createMetrics()
  let lastReindex: ReindexStatus | null = null
  let dateline: Dateline | null = null

  const showIndex = (current: Dateline): void => {
    metrics.indexArticles.set(current.catalog.sources.length)
    metrics.indexPassages.set(current.catalog.passageCount)
  }
  let ingester: Ingester | null = null
  let announce: ((added: readonly AddedArticle[], via: IngestVia) => void) | null = null
  const onEngineEvent = (event: EngineEvent): void => {
    if (event.type === 'failed') logger.error({ err: event.error }, 'search worker failed; starting a new one')
    else if (event.type === 'restarted') {
      logger.info({ durationMs: event.durationMs }, 'search worker replaced')
      ingester?.coverageChanged()
    } else if (event.type === 'restart-failed') logger.fatal({ err: event.error }, 'search worker could not be replaced')
    else {
      const { report } = event
      lastReindex = reindexStatus(report, options.now())
      metrics.reindexSeconds.observe(report.durationMs / 1000)
      if (!report.swapped) metrics.reindexFailures.inc()
      // A rebuilt index may have been given articles ingested while it was built; its snapshot then needs a journal.
      if (report.swapped) ingester?.coverageChanged()
      if (dateline !== null) showIndex(dateline)
    }
  }

  const location = coverageLocation(config)
  if (location.kind === 'seeds') {
    // Before the coverage is read: what an interrupted ingest left is not coverage, and must not key the snapshot.
    const removed = await removeIncompleteIngests(location.dir)
    if (removed.length > 0) logger.warn({ removed }, 'cleared what an interrupted ingest left in the coverage folder')
  }
  const progress = progressReporter(options.progressSink, {
    line: (message, at) => logger.info({ stage: at.stage, done: at.done, total: at.total }, message),
  })
  const opened = await Dateline.open(location, { start: options.start, snapshotDir: config.snapshotDir, onProgress: progress.update, onEngineEvent })
  progress.done()
  dateline = opened.dateline
  const { catalog } = dateline
  logger.info({ articles: catalog.sources.length, passages: catalog.passageCount, fromSnapshot: opened.fromSnapshot }, `index ${opened.fromSnapshot ? 'loaded from snapshot' : 'built'}: ${catalog.sources.length} articles, ${catalog.passageCount} passages`)
  for (const problem of opened.problems) logger.warn({ problem }, 'coverage problem')
  showIndex(dateline)

  const fetcher = createFetcher({ allowHosts: config.fetchAllowHosts, maxBytes: config.fetchMaxBytes, timeoutMs: config.fetchTimeoutMs })
  let feeds: FeedPoller | null = null
  let stopWatching = (): void => {}
  if (location.kind === 'seeds') {
    const service = dateline
    ingester = new Ingester({
      coverageDir: location.dir,
      target: service,
      fetcher,
      logger,
      metrics,
      onAdded: (added, via) => {
        showIndex(service)
        announce?.(added, via)
      },
      now: options.now,
    })
    // `npm run ingest` in a terminal beside the bot stores into the same folder: taken in within seconds.
    const taking = ingester
    stopWatching = watchFolder(location.dir, {
      quietMs: FOLDER_QUIET_MS,
      onChange: () => { void taking.pickUpStored() },
      onError: error => logger.warn({ err: error }, 'the coverage folder is not watched: articles stored in it by another process wait for /reindex'),
    })
    // Files stored while the index was being read, before the folder was watched.
    void taking.pickUpStored()
    feeds = new FeedPoller({ store: new FeedStore(feedStatePath(location.dir)), fetcher, ingester, logger, metrics, intervalMs: options.feedPollMs, now: options.now })
    // Hashing the text of a large archive takes seconds in the worker (between questions): done now, not at the first ingest.
    service.coverageKeys().catch((error: unknown) => logger.warn({ err: error }, 'could not list the coverage for ingests yet'))
  }

  const context: BotContext = {
    dateline,
    logger,
    metrics,
    records,
    askCooldowns: new Cooldowns(config.askCooldownSeconds),
    askSessions: new SessionStore<AskSession>(SESSION_TTL_MS, MAX_SESSIONS),
    timelineSessions: new SessionStore<TimelineSession>(SESSION_TTL_MS, MAX_SESSIONS),
    progressEveryMs: options.progressEveryMs,
    ingester,
    feeds,
    ingestUnavailable: INGEST_UNAVAILABLE,
    feedPollMinutes: config.feedPollMinutes,
    now: options.now,
  }
  const bot = createBot(options.commands, context, { apiUrl: config.apiUrl })
  const { client } = bot
  if (config.announceChannelId !== null) announce = createAnnouncer(client, config.announceChannelId, logger)
  metrics.gatewayPing(() => client.ws.ping)
  const current = dateline
  const health = (): Health => ({
    gateway: client.isReady() && client.ws.status === Status.Ready,
    index: current.catalog.sources.length > 0 ? { articles: current.catalog.sources.length, passages: current.catalog.passageCount } : null,
    lastReindex,
  })

  let listener: HealthServer | null = null
  const stopAll = async (): Promise<void> => {
    stopWatching()
    await feeds?.stop()
    await client.destroy()
    if (ingester !== null) await Promise.race([ingester.close(), new Promise(resolve => setTimeout(resolve, JOURNAL_FLUSH_MS).unref())])
    await current.close()
    await fetcher.close()
    await listener?.close()
  }
  try {
    if (config.metricsPort !== null) {
      listener = await startHealthServer({ host: config.metricsHost, port: config.metricsPort, health, registry: metrics.registry })
      logger.info({ url: listener.url }, `health and metrics at ${listener.url}/healthz and ${listener.url}/metrics`)
    }
    await client.login(config.discordToken)
  } catch (error) {
    await stopAll()
    throw error
  }
  feeds?.start()
  ingester?.warm().catch((error: unknown) => logger.warn({ err: error }, 'the page reader could not be started yet'))

  let stopping: Promise<void> | null = null
  return {
    bot,
    dateline,
    context,
    ingester,
    feeds,
    metrics,
    health,
    healthUrl: listener?.url ?? null,
    stop: async () => {
      stopping ??= (async () => {
        bot.stopAccepting()
        // Fetches in flight give up at once (an /ingest under way says Dateline is stopping); stores finish.
        ingester?.abort()
        const polling = feeds?.stop()
        const unfinished = await bot.drain(DRAIN_MS)
        await polling
        if (unfinished > 0) logger.warn({ unfinished }, 'stopping with answers still in flight')
        await stopAll()
      })()
      await stopping
    },
  }
}
