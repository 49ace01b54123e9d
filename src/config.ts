/**
 * The only module that reads the environment. Configuration is read once,
 * validated with zod, and handed to the rest of the program as a value.
 */
import { config as loadDotenv } from 'dotenv'
import { z } from 'zod'
import { parseAllowEntry } from './net/address.js'

export class ConfigError extends Error {
  constructor (readonly problems: string[]) {
    super(`Dateline config: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

// An empty line in .env ("DISCORD_GUILD_ID=") means "not set", not "set to nothing".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(value => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional())

const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)')

// "localhost, 127.0.0.0/8, ::1": host names, addresses or CIDR ranges, comma-separated.
const allowList = z.string().transform((value, context) => {
  const entries = value.split(',').map(entry => entry.trim()).filter(entry => entry.length > 0)
  for (const entry of entries) {
    if (parseAllowEntry(entry) === null) context.addIssue({ code: 'custom', message: `has "${entry}", which is not a host name, an IP address or a CIDR range` })
  }
  return entries
})

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 }
// "5MB", "512 KB" or a number of bytes.
const byteSize = z.string().trim().transform((value, context) => {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(value)
  const bytes = match === null ? NaN : Math.round(Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? NaN))
  if (!Number.isFinite(bytes) || bytes < 1024 || bytes > 100 * 1024 * 1024) {
    context.addIssue({ code: 'custom', message: 'must be a size from 1KB to 100MB, such as 5MB or 512KB' })
    return z.NEVER
  }
  return bytes
})

export const configSchema = z.object({
  DISCORD_TOKEN: optional(z.string().trim().min(1)),
  DISCORD_APPLICATION_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(z.url('must be a URL such as https://discord.com/api')),
  SEEDS_DIR: optional(z.string().trim().min(1)),
  ASK_COOLDOWN_SECONDS: optional(z.coerce.number().int('must be a whole number').min(0).max(3600)),
  SNAPSHOT_DIR: optional(z.string().trim().min(1)),
  CORPUS_FILE: optional(z.string().trim().min(1)),
  DATA_DIR: optional(z.string().trim().min(1)),
  METRICS_PORT: optional(z.coerce.number().int('must be a whole number').min(0).max(65535)),
  METRICS_HOST: optional(z.string().trim().min(1)),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent')),
  LOG_FORMAT: optional(z.enum(['json', 'pretty', 'auto'], 'must be json, pretty or auto')),
  FETCH_ALLOW_HOSTS: optional(allowList),
  FETCH_MAX_BYTES: optional(byteSize),
  FETCH_TIMEOUT_MS: optional(z.coerce.number().int('must be a whole number of milliseconds').min(500, 'must be at least 500').max(120_000, 'must be at most 120000 (two minutes)')),
  ANNOUNCE_CHANNEL_ID: optional(snowflake),
  FEED_POLL_MINUTES: optional(z.coerce.number().int('must be a whole number of minutes').min(1, 'must be at least 1').max(1440, 'must be at most 1440 (a day)')),
})

export interface Config {
  discordToken: string | null
  applicationId: string | null
  guildId: string | null
  /** REST base URL; null means discord.js's default (https://discord.com/api). */
  apiUrl: string | null
  seedsDir: string
  /** Seconds a member waits between two /ask commands. */
  askCooldownSeconds: number
  /** Where index snapshots are kept between restarts; null disables them. */
  snapshotDir: string | null
  /** A JSONL archive to answer from instead of the seeds folder; null uses the folder. */
  corpusFile: string | null
  /** Where the question log, feedback and their hashing key are kept. */
  dataDir: string
  /** Port for /healthz and /metrics (0: any free port, logged); null serves neither. */
  metricsPort: number | null
  metricsHost: string
  logLevel: string
  logFormat: 'json' | 'pretty' | 'auto'
  /** Hosts, addresses or CIDR ranges that may be fetched although they are not public (tests, an intranet). */
  fetchAllowHosts: string[]
  /** Largest page, feed or attachment fetched, in bytes. */
  fetchMaxBytes: number
  /** Total time for one fetch, redirects and body included. */
  fetchTimeoutMs: number
  /** Minutes between two polls of each feed. */
  feedPollMinutes: number
  /** A channel where each article added is announced; null announces nothing. */
  announceChannelId: string | null
}

export const defaultConfig: Omit<Config, 'discordToken' | 'applicationId' | 'guildId' | 'apiUrl' | 'corpusFile' | 'metricsPort' | 'announceChannelId'> = {
  seedsDir: 'seeds',
  askCooldownSeconds: 10,
  snapshotDir: '.dateline-cache',
  dataDir: '.dateline-data',
  // Only this machine by default: a container publishes it deliberately (METRICS_HOST=0.0.0.0).
  metricsHost: '127.0.0.1',
  logLevel: 'info',
  logFormat: 'auto',
  fetchAllowHosts: [],
  fetchMaxBytes: 5 * 1024 * 1024,
  fetchTimeoutMs: 15_000,
  feedPollMinutes: 15,
}

export interface LoadConfigOptions {
  /** Variables to read instead of process.env (tests). */
  env?: Record<string, string | undefined>
  /** A .env file to read first; the process environment wins over it. Default ".env"; null skips it. */
  dotenvPath?: string | null
}

export function parseConfig (env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map(issue => `${issue.path.join('.')} ${issue.message}`))
  }
  const values = result.data
  return {
    discordToken: values.DISCORD_TOKEN ?? null,
    applicationId: values.DISCORD_APPLICATION_ID ?? null,
    guildId: values.DISCORD_GUILD_ID ?? null,
    apiUrl: values.DISCORD_API_URL ?? null,
    seedsDir: values.SEEDS_DIR ?? defaultConfig.seedsDir,
    askCooldownSeconds: values.ASK_COOLDOWN_SECONDS ?? defaultConfig.askCooldownSeconds,
    snapshotDir: values.SNAPSHOT_DIR === 'off' ? null : values.SNAPSHOT_DIR ?? defaultConfig.snapshotDir,
    corpusFile: values.CORPUS_FILE ?? null,
    dataDir: values.DATA_DIR ?? defaultConfig.dataDir,
    metricsPort: values.METRICS_PORT ?? null,
    metricsHost: values.METRICS_HOST ?? defaultConfig.metricsHost,
    logLevel: values.LOG_LEVEL ?? defaultConfig.logLevel,
    logFormat: values.LOG_FORMAT ?? defaultConfig.logFormat,
    fetchAllowHosts: values.FETCH_ALLOW_HOSTS ?? defaultConfig.fetchAllowHosts,
    fetchMaxBytes: values.FETCH_MAX_BYTES ?? defaultConfig.fetchMaxBytes,
    fetchTimeoutMs: values.FETCH_TIMEOUT_MS ?? defaultConfig.fetchTimeoutMs,
    feedPollMinutes: values.FEED_POLL_MINUTES ?? defaultConfig.feedPollMinutes,
    announceChannelId: values.ANNOUNCE_CHANNEL_ID ?? null,
  }
}

/** Reads .env (if present) and the environment, once, into a validated config. */
export function loadConfig (options: LoadConfigOptions = {}): Config {
  const fromFile: Record<string, string> = {}
  const dotenvPath = options.dotenvPath === undefined ? '.env' : options.dotenvPath
  if (options.env === undefined && dotenvPath !== null) loadDotenv({ path: dotenvPath, quiet: true, processEnv: fromFile })
  return parseConfig({ ...fromFile, ...(options.env ?? process.env) })
}

export interface DiscordConfig extends Config {
  discordToken: string
  applicationId: string
}

export const LOCAL_USE_HINT = 'To try Dateline without Discord, run: npm run ask -- "your question"'

/** Narrows a config to one that can reach Discord, or explains what is missing. */
export function requireDiscord (config: Config): DiscordConfig {
  const missing: string[] = []
  if (config.discordToken === null) missing.push('DISCORD_TOKEN is not set')
  if (config.applicationId === null) missing.push('DISCORD_APPLICATION_ID is not set')
  if (missing.length > 0) {
    throw new ConfigError([...missing, `copy .env.example to .env and fill it in (see README, "Run the bot"). ${LOCAL_USE_HINT}`])
  }
  return config as DiscordConfig
}
