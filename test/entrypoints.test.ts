import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { commands } from '../commands/index.js'
import { ConfigError, parseConfig, requireDiscord } from '../src/config.js'
import { deployCommands } from '../src/discord/deploy.js'
import { startEmulator, type Emulator } from './emulator/index.js'

const run = promisify(execFile)

describe('npm start', () => {
  it('without a token explains how to run locally and exits non-zero', async () => {
    const failure = await run('npm', ['start', '-s'], { env: { ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' } }).catch((error: { code: number, stderr: string }) => error)
    expect('code' in failure ? failure.code : 0).toBe(1)
    expect('stderr' in failure ? failure.stderr : '').toContain('Dateline config: DISCORD_TOKEN is not set; DISCORD_APPLICATION_ID is not set; copy .env.example to .env and fill it in (see README, "Run the bot"). To try Dateline without Discord, run: npm run ask -- "your question"')
  })
})

describe('config', () => {
  it('reads the environment with defaults, treating empty values as unset', () => {
    expect(parseConfig({ DISCORD_GUILD_ID: '', SEEDS_DIR: ' ' })).toEqual({
      discordToken: null,
      applicationId: null,
      guildId: null,
      apiUrl: null,
      seedsDir: 'seeds',
      askCooldownSeconds: 10,
      snapshotDir: '.dateline-cache',
      corpusFile: null,
      dataDir: '.dateline-data',
      metricsPort: null,
      metricsHost: '127.0.0.1',
      logLevel: 'info',
      logFormat: 'auto',
      fetchAllowHosts: [],
      fetchMaxBytes: 5_242_880,
      fetchTimeoutMs: 15_000,
      feedPollMinutes: 15,
      announceChannelId: null,
    })
  })

  it('names every invalid variable', () => {
    expect(() => parseConfig({ DISCORD_APPLICATION_ID: 'abc', DISCORD_API_URL: 'not a url', ASK_COOLDOWN_SECONDS: '1.5' })).toThrow(new ConfigError([
      'DISCORD_APPLICATION_ID must be a Discord id (17 to 20 digits)',
      'DISCORD_API_URL must be a URL such as https://discord.com/api',
      'ASK_COOLDOWN_SECONDS must be a whole number',
    ]))
  })

  it('requires a token and application id only to reach Discord', () => {
    expect(() => requireDiscord(parseConfig({ DISCORD_TOKEN: 't' }))).toThrow(/^Dateline config: DISCORD_APPLICATION_ID is not set; /)
  })
})

describe('deployCommands', () => {
  let emu: Emulator | undefined
  afterEach(async () => { await emu?.close() })

  it('registers every command in one server when a guild id is set, else globally', async () => {
    emu = await startEmulator()
    const target = { token: emu.token, applicationId: emu.applicationId, apiUrl: emu.restUrl }
    expect(await deployCommands(commands, { ...target, guildId: emu.guildId })).toEqual({ scope: `server ${emu.guildId}`, names: ['ask', 'sources', 'timeline', 'help', 'reindex', 'ingest', 'feeds', 'stats'] })
    expect(await deployCommands(commands, { ...target, guildId: null })).toEqual({ scope: 'all servers (global)', names: ['ask', 'sources', 'timeline', 'help', 'reindex', 'ingest', 'feeds', 'stats'] })
    expect(emu.globalCommands.map(c => c['name'])).toEqual(['ask', 'sources', 'timeline', 'help', 'reindex', 'ingest', 'feeds', 'stats'])
  })
})
