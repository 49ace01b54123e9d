/**
 * The only module that reads the environment. Configuration is read once,
 * validated with zod, and handed to the rest of the program as a value.
 */
import { config as loadDotenv } from 'dotenv'
import { z } from 'zod'

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
}

export const defaultConfig: Omit<Config, 'discordToken' | 'applicationId' | 'guildId' | 'apiUrl' | 'corpusFile' | 'metricsPort'> = {
  seedsDir: 'seeds',
  askCooldownSeconds: 10,
  snapshotDir: '.dateline-cache',
  dataDir: '.dateline-data',
  // Only this machine by default: a container publishes it deliberately (METRICS_HOST=0.0.0.0).
  metricsHost: '127.0.0.1',
  logLevel: 'info',
  logFormat: 'auto',
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
