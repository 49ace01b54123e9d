import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'discord.js'
import { commands } from '../commands/index.js'
import { startApp, type App } from '../src/app.js'
import { parseConfig, requireDiscord } from '../src/config.js'
import type { BotContext } from '../src/discord/command.js'
import { deployCommands } from '../src/discord/deploy.js'
import { startInProcess, type EngineStarter } from '../src/engine/engine.js'
import { createLogger } from '../src/log.js'
import { afterEach } from 'vitest'
import { startEmulator, waitForReady, type Emulator, type EmulatorOptions, type JsonObject, type VisibleMessage } from './emulator/index.js'
import { scratchSeeds } from './helpers.js'

export const MANAGE_GUILD = '32'
export const NO_PERMISSIONS = '0'

export interface RunningBot {
  emu: Emulator
  app: App
  client: Client
  context: BotContext
  seeds: Awaited<ReturnType<typeof scratchSeeds>>
  /** The folder holding the question log and feedback. */
  dataDir: string
  /** Everything the bot logged, as written. */
  log: () => string
  stop: () => Promise<void>
}

export interface BotHarnessOptions {
  cooldownSeconds?: number
  start?: EngineStarter
  emulator?: EmulatorOptions
  /** More settings, as environment variables. */
  env?: Record<string, string>
  progressEveryMs?: number
  /** Time between two polls of a feed. Default FEED_POLL_MINUTES. */
  feedPollMs?: number
  /** A coverage folder to use (and keep) instead of a scratch copy of the seeds: a restart on the same coverage. */
  seedsDir?: string
  now?: () => Date
  /** Where `npm run deploy` registers the commands: one server (the default), or globally, as DMs need. */
  deploy?: 'guild' | 'global'
}

/**
 * The bot as `npm start` runs it (the same startApp: commands, router,
 * context, records, metrics), with the seeds in a scratch folder and Discord
 * replaced by the loopback emulator. The index is built in this thread
 * unless a spec asks for the worker.
 */
export async function startBot (options: BotHarnessOptions = {}): Promise<RunningBot> {
  const seeds = options.seedsDir === undefined
    ? await scratchSeeds()
    : { dir: options.seedsDir, write: async () => { throw new Error('a kept coverage folder is not written by the harness') }, remove: async () => {} }
  const dataDir = await mkdtemp(join(tmpdir(), 'dateline-data-'))
  const emu = await startEmulator({ heartbeatIntervalMs: 5_000, ...options.emulator })
  const config = requireDiscord(parseConfig({
    DISCORD_TOKEN: emu.token,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_GUILD_ID: emu.guildId,
    DISCORD_API_URL: emu.restUrl,
    SEEDS_DIR: seeds.dir,
    SNAPSHOT_DIR: 'off',
    DATA_DIR: dataDir,
    ASK_COOLDOWN_SECONDS: String(options.cooldownSeconds ?? 0),
    ...options.env,
  }))
  let logged = ''
  const logger = createLogger({ secrets: [emu.token], sink: { write: (line: string) => { logged += line } }, format: 'json' })
  await deployCommands(commands, { token: emu.token, applicationId: emu.applicationId, guildId: options.deploy === 'global' ? null : emu.guildId, apiUrl: emu.restUrl })
  const app = await startApp({
    config,
    logger,
    start: options.start ?? startInProcess,
    progressSink: { write: () => true },
    ...(options.progressEveryMs !== undefined ? { progressEveryMs: options.progressEveryMs } : {}),
    ...(options.feedPollMs !== undefined ? { feedPollMs: options.feedPollMs } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  })
  await waitForReady(app.bot.client)
  return {
    emu,
    app,
    client: app.bot.client,
    context: app.context,
    seeds,
    dataDir,
    log: () => logged,
    stop: async () => {
      await app.stop()
      await emu.close()
      await seeds.remove()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * One bot per spec, stopped after it: `const boot = useBot()` in a spec file,
 * then `const { emu } = await boot()` in each spec.
 */
export function useBot (): (options?: BotHarnessOptions) => Promise<RunningBot> {
  let bot: RunningBot | undefined
  afterEach(async () => {
    await bot?.stop()
    bot = undefined
  })
  return async (options = {}) => {
    await bot?.stop()
    bot = await startBot(options)
    return bot
  }
}

/** The first embed of a message as the member sees it; fails the spec if there is none. */
export function embedOf (message: VisibleMessage | null | undefined): JsonObject {
  const embed = message?.embeds[0]
  if (embed === undefined) throw new Error(`expected an embed, got ${JSON.stringify(message)}`)
  return embed
}

/** An embed's fields as name → value. */
export function fieldsOf (embed: JsonObject): Record<string, string> {
  return Object.fromEntries((embed['fields'] as JsonObject[]).map(f => [String(f['name']), String(f['value'])]))
}

/** The buttons on a message, row by row, as the member sees them. */
export function buttonsOf (message: VisibleMessage | null | undefined): Array<{ label: unknown, custom_id: unknown, disabled: unknown }> {
  return (message?.components ?? []).flatMap(row => (row['components'] as JsonObject[]).map(b => ({ label: b['label'], custom_id: b['custom_id'], disabled: b['disabled'] ?? false })))
}

/** The custom id of the button with this label; fails the spec if there is none. */
export function buttonId (message: VisibleMessage | null | undefined, label: string): string {
  const found = buttonsOf(message).find(b => b.label === label)
  if (found === undefined) throw new Error(`no "${label}" button`)
  return String(found.custom_id)
}
