/** `npm run deploy`: registers the slash commands with Discord. */
import { commands } from '../commands/index.js'
import { ConfigError, loadConfig, requireDiscord } from './config.js'
import { deployCommands } from './discord/deploy.js'
import { createLogger } from './log.js'

try {
  const config = requireDiscord(loadConfig())
  const logger = createLogger({ secrets: [config.discordToken], sink: process.stdout })
  const { scope, names } = await deployCommands(commands, {
    token: config.discordToken,
    applicationId: config.applicationId,
    guildId: config.guildId,
    apiUrl: config.apiUrl,
  })
  logger.info(`registered /${names.join(', /')} for ${scope}`)
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Dateline deploy failed: ${(error as Error).message}`}\n`)
  process.exitCode = 1
}
