/**
 * `npm start`: the Discord bot. Without a token it explains how to use
 * Dateline locally instead and exits non-zero; if it cannot log in it exits
 * non-zero, so a supervisor restarts it; on SIGTERM or SIGINT it lets the
 * answers in flight finish, stops, and exits 0 within five seconds.
 */
import { startApp, type App } from './app.js'
import { ConfigError, loadConfig, requireDiscord, type DiscordConfig } from './config.js'
import { createLogger, type Logger } from './log.js'

/** A supervisor (Docker, systemd, pm2) waits about this long before killing; stop well inside it. */
const STOP_DEADLINE_MS = 5_000

function handleSignals (app: App, logger: Logger): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl+C means "now".
      logger.warn({ signal }, 'stopping at once')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal, inFlight: app.bot.inFlight }, 'stopping: finishing answers in flight')
    const deadline = setTimeout(() => {
      logger.warn({ deadlineMs: STOP_DEADLINE_MS }, 'stop took too long; exiting')
      process.exit(0)
    }, STOP_DEADLINE_MS)
    deadline.unref()
    app.stop().then(
      () => { logger.info('stopped'); process.exit(0) },
      (error: unknown) => { logger.error({ err: error }, 'stopping failed'); process.exit(1) }
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

async function main (): Promise<void> {
  let config: DiscordConfig
  try {
    config = requireDiscord(loadConfig())
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
  const logger = createLogger({ secrets: [config.discordToken], level: config.logLevel, format: config.logFormat })
  let app: App
  try {
    app = await startApp({ config, logger })
  } catch (error) {
    logger.fatal({ err: error }, 'Dateline bot failed to start')
    // Workers or sockets may still be open; a supervisor needs the exit to restart the bot.
    process.exit(1)
  }
  handleSignals(app, logger)
}

await main()
