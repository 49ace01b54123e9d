/**
 * What a newsroom's operator does: a fresh clone, a production install
 * (`npm ci --omit=dev`, which builds dist/ on install), then the command the
 * container image runs (`node dist/src/bot.js`) or `npm start`, against the
 * loopback Discord. The clone is of the committed HEAD: on CI that is main.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { access, cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from './emulator/index.js'
import { GOLDEN } from './helpers.js'

const run = promisify(execFile)
const INSTALL_TIMEOUT_MS = 240_000

let clone = ''
let scratch = ''

/** A fresh copy of the project as committed (or, outside git, as it is without installed or built files). */
async function freshClone (into: string): Promise<void> {
  const inGit = await run('git', ['rev-parse', '--is-inside-work-tree']).then(() => true, () => false)
  if (inGit) {
    await run('git', ['clone', '--quiet', '--depth', '1', `file://${process.cwd()}`, into])
    return
  }
  await cp(process.cwd(), into, { recursive: true, filter: source => !/\/(node_modules|dist|\.dateline-[\w-]+)(\/|$)/.test(source) })
}

beforeAll(async () => {
  IMAGE_COMMAND = await imageCommand()
  scratch = await mkdtemp(join(tmpdir(), 'dateline-prod-'))
  clone = join(scratch, 'dateline')
  await freshClone(clone)
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: clone, timeout: INSTALL_TIMEOUT_MS })
}, INSTALL_TIMEOUT_MS + 30_000)

afterAll(async () => {
  if (scratch !== '') await rm(scratch, { recursive: true, force: true })
})

interface Bot {
  process: ChildProcess
  /** Log records the bot wrote (JSON lines on standard error). */
  records: () => Array<Record<string, unknown>>
  waitForLog: (message: string | RegExp, timeoutMs?: number) => Promise<Record<string, unknown>>
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null, afterMs: number }>
  signalledAt: (signal: NodeJS.Signals) => void
}

let emu: Emulator | null = null
const running: ChildProcess[] = []
afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await emu?.close()
  emu = null
})

function launch (command: string, args: string[], env: Record<string, string>): Bot {
  const child = spawn(command, args, { cwd: clone, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  running.push(child)
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString() })
  child.stdout?.on('data', (chunk: Buffer) => { log += chunk.toString() })
  const records = (): Array<Record<string, unknown>> => log.split('\n').flatMap(line => {
    try { return [JSON.parse(line) as Record<string, unknown>] } catch { return [] }
  })
  let signalled = 0
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null, afterMs: number }>(resolve => {
    child.once('exit', (code, signal) => resolve({ code, signal, afterMs: Date.now() - signalled }))
  })
  return {
    process: child,
    records,
    exited,
    signalledAt: signal => { signalled = Date.now(); child.kill(signal) },
    waitForLog: async (message, timeoutMs = 20_000) => {
      for (let waited = 0; ; waited += 50) {
        const found = records().find(record => typeof record['msg'] === 'string' && (typeof message === 'string' ? record['msg'] === message : message.test(record['msg'])))
        if (found !== undefined) return found
        if (waited > timeoutMs || child.exitCode !== null) throw new Error(`no log "${String(message)}" within ${timeoutMs} ms; the bot wrote:\n${log}`)
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    },
  }
}

async function settings (extra: Record<string, string> = {}): Promise<Record<string, string>> {
  emu ??= await startEmulator({ heartbeatIntervalMs: 5_000 })
  return {
    DISCORD_TOKEN: emu.token,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_API_URL: emu.restUrl,
    SNAPSHOT_DIR: join(scratch, 'snapshots'),
    DATA_DIR: join(scratch, `data-${Math.random().toString(36).slice(2)}`),
    ...extra,
  }
}

/** The container image's start command, exactly as the Dockerfile's CMD gives it. */
async function imageCommand (): Promise<[string, string[]]> {
  const dockerfile = await readFile('Dockerfile', 'utf8')
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1]
  if (cmd === undefined) throw new Error('Dockerfile has no CMD in exec form')
  const [command = '', ...args] = JSON.parse(cmd) as string[]
  return [command, args]
}
let IMAGE_COMMAND: [string, string[]] = ['', []]

describe('a production install on a fresh clone', () => {
  it('starts as the container image does: node itself, no shell or npm in between', () => {
    expect(IMAGE_COMMAND).toEqual(['node', ['dist/src/bot.js']])
  })

  it('holds the built bot and none of the development tools', async () => {
    await access(join(clone, 'dist/src/bot.js'))
    await access(join(clone, 'dist/src/engine/search-worker.js'))
    await expect(access(join(clone, 'node_modules/tsx'))).rejects.toThrow()
    await expect(access(join(clone, 'node_modules/vitest'))).rejects.toThrow()
  })

  it('starts with the image\'s command, logs in, answers /ask, and serves health and metrics that move', async () => {
    const bot = launch(IMAGE_COMMAND[0], IMAGE_COMMAND[1], await settings({ METRICS_PORT: '0' }))
    const listening = await bot.waitForLog(/^health and metrics at /)
    await bot.waitForLog(/^logged in as /)
    const url = String(listening['url'])
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', gateway: true, index: { articles: 5 }, lastReindex: null })

    const counter = async (name: string): Promise<number> => {
      const text = await (await fetch(`${url}/metrics`)).text()
      const line = text.split('\n').find(l => l.startsWith(name))
      return line === undefined ? 0 : Number(line.split(' ').pop())
    }
    expect(await counter('dateline_index_articles')).toBe(5)
    const before = await counter('dateline_commands_total{command="ask"}')
    const ask = emu?.sendChatInput('ask', { question: GOLDEN.question })
    await ask?.waitForEdit({ timeoutMs: 10_000 })
    expect(String(ask?.original?.embeds[0]?.['description'])).toContain(GOLDEN.rendered)
    expect(await counter('dateline_commands_total{command="ask"}')).toBe(before + 1)
    expect(await counter('dateline_answers_total{outcome="answered"}')).toBe(1)
    expect(await counter('dateline_answer_seconds_count{command="ask"}')).toBe(1)
    expect(await counter('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0)

    bot.signalledAt('SIGTERM')
    expect((await bot.exited).code).toBe(0)
  }, 60_000)

  it('on SIGTERM in the middle of an answer, delivers the reply, then exits 0 within 5 s', async () => {
    const bot = launch(IMAGE_COMMAND[0], IMAGE_COMMAND[1], await settings())
    await bot.waitForLog(/^logged in as /)
    // Discord is slow to confirm the deferral, so the answer is still on its way when the signal comes.
    emu?.setResponseDelay('interactionCallback', 1_500)
    const ask = emu?.sendChatInput('ask', { question: GOLDEN.question })
    await ask?.waitForResponse()
    bot.signalledAt('SIGTERM')
    const exit = await bot.exited
    expect(exit.code).toBe(0)
    expect(exit.afterMs).toBeLessThan(5_000)
    expect(String(ask?.original?.embeds[0]?.['description'])).toContain(GOLDEN.rendered)
    expect(bot.records().map(r => r['msg'])).toEqual(expect.arrayContaining(['stopping: finishing answers in flight', 'stopped']))
  }, 60_000)

  it('exits non-zero when Discord refuses the token, so a supervisor restarts it', async () => {
    const bot = launch(IMAGE_COMMAND[0], IMAGE_COMMAND[1], await settings({ DISCORD_TOKEN: 'not-the-token-at-all-0123456789' }))
    const exit = await bot.exited
    expect(exit.code).toBe(1)
    expect(bot.records().find(r => r['msg'] === 'Dateline bot failed to start')).toMatchObject({ level: 60, err: { message: expect.stringMatching(/token/i) } })
  }, 60_000)

  it('exits non-zero when the Discord API cannot be reached', async () => {
    const bot = launch(IMAGE_COMMAND[0], IMAGE_COMMAND[1], await settings({ DISCORD_API_URL: 'http://127.0.0.1:9/api' }))
    const exit = await bot.exited
    expect(exit.code).toBe(1)
    expect(bot.records().find(r => r['msg'] === 'Dateline bot failed to start')).toMatchObject({ level: 60 })
  }, 90_000)

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`npm start: ${signal} to npm stops the bot beneath it too, and nothing keeps answering`, async () => {
      const bot = launch('npm', ['start', '--silent'], await settings())
      await bot.waitForLog(/^logged in as /)
      expect(emu?.gateway.openConnections).toBe(1)
      bot.signalledAt(signal)
      const exit = await bot.exited
      expect(exit.code).toBe(0)
      expect(exit.afterMs).toBeLessThan(5_000)
      await new Promise(resolve => setTimeout(resolve, 300))
      expect(emu?.gateway.openConnections).toBe(0)
      const orphanCheck = emu?.sendChatInput('ask', { question: GOLDEN.question })
      await expect(orphanCheck?.waitForResponse(1_500)).rejects.toThrow()
    }, 60_000)
  }
})
