/**
 * `npm start`: the Discord bot. Without a token it explains how to use
 * Dateline locally instead and exits non-zero.
 */
import { commands } from '../commands/index.js'
import { ConfigError, loadConfig, requireDiscord, type DiscordConfig } from './config.js'
import { Dateline } from './dateline.js'
import { startInWorker } from './engine/worker-engine.js'
import { createBot } from './discord/bot.js'
import { Cooldowns } from './discord/cooldowns.js'
import { createLogger } from './log.js'
import { SessionStore } from './discord/sessions.js'
import type { AskSession } from './discord/command.js'

/** Buttons on an answer keep working this long after it was asked. */
const SESSION_TTL_MS = 60 * 60 * 1000
const MAX_SESSIONS = 5_000

async function main (): Promise<number> {
  let config: DiscordConfig
  try {
    config = requireDiscord(loadConfig())
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    return 1
  }
  const logger = createLogger({ secrets: [config.discordToken] })
  // The index lives in a worker thread, so building or searching a large archive never delays heartbeats.
  const { dateline, problems, fromSnapshot } = await Dateline.open({ kind: 'seeds', dir: config.seedsDir }, { start: startInWorker, snapshotDir: config.snapshotDir })
  logger.info({ articles: dateline.catalog.sources.length, passages: dateline.catalog.passageCount, fromSnapshot }, `index ${fromSnapshot ? 'loaded from snapshot' : 'built'}: ${dateline.catalog.sources.length} articles, ${dateline.catalog.passageCount} passages`)
  for (const problem of problems) logger.warn({ problem }, 'file skipped')
  const client = createBot(commands, {
    dateline,
    logger,
    askCooldowns: new Cooldowns(config.askCooldownSeconds),
    askSessions: new SessionStore<AskSession>(SESSION_TTL_MS, MAX_SESSIONS),
  }, { apiUrl: config.apiUrl })
  const stop = (): void => { void client.destroy().then(async () => await dateline.close()).finally(() => process.exit(0)) }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await client.login(config.discordToken)
  return 0
}

main().then(code => { if (code !== 0) process.exitCode = code }, (error: unknown) => {
  process.stderr.write(`Dateline bot failed to start: ${(error as Error).message}\n`)
  process.exitCode = 1
})
