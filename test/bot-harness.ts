import type { Client } from 'discord.js'
import { commands } from '../commands/index.js'
import { parseConfig } from '../src/config.js'
import { Dateline } from '../src/dateline.js'
import type { EngineStarter } from '../src/engine/engine.js'
import { createBot } from '../src/discord/bot.js'
import type { AskSession, BotContext } from '../src/discord/command.js'
import { Cooldowns } from '../src/discord/cooldowns.js'
import { deployCommands } from '../src/discord/deploy.js'
import { createLogger } from '../src/log.js'
import { SessionStore } from '../src/discord/sessions.js'
import { loginAndWaitForReady, startEmulator, type Emulator, type EmulatorOptions } from './emulator/index.js'
import { scratchSeeds } from './helpers.js'

export const MANAGE_GUILD = '32'
export const NO_PERMISSIONS = '0'

export interface RunningBot {
  emu: Emulator
  client: Client
  context: BotContext
  seeds: Awaited<ReturnType<typeof scratchSeeds>>
  /** Everything the bot logged, as written. */
  log: () => string
  stop: () => Promise<void>
}

export interface BotHarnessOptions {
  cooldownSeconds?: number
  start?: EngineStarter
  emulator?: EmulatorOptions
  /** Where `npm run deploy` registers the commands: one server (the default), or globally, as DMs need. */
  deploy?: 'guild' | 'global'
}

/**
 * The bot as `npm start` runs it (same commands, router and context), with
 * the seeds in a scratch folder and Discord replaced by the loopback emulator.
 */
export async function startBot (options: BotHarnessOptions = {}): Promise<RunningBot> {
  const seeds = await scratchSeeds()
  const emu = await startEmulator({ heartbeatIntervalMs: 5_000, ...options.emulator })
  const config = parseConfig({
    DISCORD_TOKEN: emu.token,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: emu.guildId,
    DISCORD_API_URL: emu.restUrl,
    SEEDS_DIR: seeds.dir,
    ASK_COOLDOWN_SECONDS: String(options.cooldownSeconds ?? 0),
  })
  let logged = ''
  const logger = createLogger({ secrets: [emu.token], sink: { write: (line: string) => { logged += line } }, format: 'json' })
  const { dateline } = await Dateline.open({ kind: 'seeds', dir: config.seedsDir }, options.start !== undefined ? { start: options.start } : {})
  const context: BotContext = {
    dateline,
    logger,
    askCooldowns: new Cooldowns(config.askCooldownSeconds),
    askSessions: new SessionStore<AskSession>(60_000, 100),
  }
  await deployCommands(commands, { token: emu.token, applicationId: emu.applicationId, guildId: options.deploy === 'global' ? null : emu.guildId, apiUrl: emu.restUrl })
  const client = createBot(commands, context, { apiUrl: config.apiUrl })
  await loginAndWaitForReady(client, emu.token)
  return {
    emu,
    client,
    context,
    seeds,
    log: () => logged,
    stop: async () => {
      await client.destroy()
      await emu.close()
      await seeds.remove()
    },
  }
}
