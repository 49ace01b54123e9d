/**
 * Everything the bot is made of, started in order and stopped in reverse:
 * the records, the metrics, the index (in a worker), the Discord client and
 * the health listener. `npm start` and the end-to-end specs both start the
 * bot through here, so the specs exercise what production runs.
 */
import { Status } from 'discord.js'
import { commands as allCommands } from '../commands/index.js'
import type { DiscordConfig } from './config.js'
import { Dateline, type EngineEvent, type ReindexReport } from './dateline.js'
import { createBot, type BotHandle } from './discord/bot.js'
import type { AskSession, BotContext, Command, TimelineSession } from './discord/command.js'
import { Cooldowns } from './discord/cooldowns.js'
import { SessionStore } from './discord/sessions.js'
import type { EngineStarter } from './engine/engine.js'
import type { CoverageLocation } from './engine/load.js'
import { startInWorker } from './engine/worker-engine.js'
import { startHealthServer, type Health, type HealthServer, type ReindexStatus } from './health.js'
import type { Logger } from './log.js'
import { createMetrics, type Metrics } from './metrics.js'
import { progressReporter, type ProgressSink } from './progress.js'
import { RecordLog } from './records.js'

/** Buttons on an answer keep working this long after it was asked. */
const SESSION_TTL_MS = 60 * 60 * 1000
const MAX_SESSIONS = 5_000
/** How long a shutdown waits for answers in flight, leaving time to close the rest within 5 s. */
const DRAIN_MS = 3_500

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
  now: () => Date
}

export interface App {
  readonly bot: BotHandle
  readonly dateline: Dateline
  readonly context: BotContext
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
  const options: AppOptions = { start: startInWorker, commands: allCommands, progressSink: process.stderr, progressEveryMs: 2_000, now: () => new Date(), ...partial }
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
  const onEngineEvent = (event: EngineEvent): void => {
    if (event.type === 'failed') logger.error({ err: event.error }, 'search worker failed; starting a new one')
    else if (event.type === 'restarted') logger.info({ durationMs: event.durationMs }, 'search worker replaced')
    else if (event.type === 'restart-failed') logger.fatal({ err: event.error }, 'search worker could not be replaced')
    else {
      const { report } = event
      lastReindex = reindexStatus(report, options.now())
      metrics.reindexSeconds.observe(report.durationMs / 1000)
      if (!report.swapped) metrics.reindexFailures.inc()
      if (dateline !== null) showIndex(dateline)
    }
  }

  const location = coverageLocation(config)
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

  const context: BotContext = {
    dateline,
    logger,
    metrics,
    records,
    askCooldowns: new Cooldowns(config.askCooldownSeconds),
    askSessions: new SessionStore<AskSession>(SESSION_TTL_MS, MAX_SESSIONS),
    timelineSessions: new SessionStore<TimelineSession>(SESSION_TTL_MS, MAX_SESSIONS),
    progressEveryMs: options.progressEveryMs,
    now: options.now,
  }
  const bot = createBot(options.commands, context, { apiUrl: config.apiUrl })
  const { client } = bot
  metrics.gatewayPing(() => client.ws.ping)
  const current = dateline
  const health = (): Health => ({
    gateway: client.isReady() && client.ws.status === Status.Ready,
    index: current.catalog.sources.length > 0 ? { articles: current.catalog.sources.length, passages: current.catalog.passageCount } : null,
    lastReindex,
  })

  let listener: HealthServer | null = null
  const stopAll = async (): Promise<void> => {
    await client.destroy()
    await current.close()
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

  let stopping: Promise<void> | null = null
  return {
    bot,
    dateline,
    context,
    metrics,
    health,
    healthUrl: listener?.url ?? null,
    stop: async () => {
      stopping ??= (async () => {
        bot.stopAccepting()
        const unfinished = await bot.drain(DRAIN_MS)
        if (unfinished > 0) logger.warn({ unfinished }, 'stopping with answers still in flight')
        await stopAll()
      })()
      await stopping
    },
  }
}
