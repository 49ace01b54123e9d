/**
 * Killing the bot in the middle of an ingest (SIGKILL: what the OOM killer,
 * a crashed host or `docker kill` do) loses nothing already stored: the bot
 * runs as a real process, and its coverage folder is read afterwards, by the
 * reader and by the bot started again.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseSeeds } from '../src/core/coverage.js'
import { readSeedFiles } from '../src/io.js'
import { startEmulator, type Emulator, type InteractionHandle } from './emulator/index.js'
import { MANAGE_GUILD } from './bot-harness.js'
import { scratchSeeds } from './helpers.js'
import { startWebServer, type WebServer } from './web/server.js'

let web: WebServer
let emu: Emulator
let seeds: Awaited<ReturnType<typeof scratchSeeds>>
let scratch = ''
beforeAll(async () => {
  web = await startWebServer()
  emu = await startEmulator({ heartbeatIntervalMs: 5_000 })
  seeds = await scratchSeeds()
  scratch = await mkdtemp(join(tmpdir(), 'dateline-crash-'))
})
afterAll(async () => {
  await emu.close()
  await web.close()
  await seeds.remove()
  await rm(scratch, { recursive: true, force: true })
})

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

interface Bot {
  process: ChildProcess
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  waitForLog: (message: RegExp) => Promise<void>
}

/** The bot from its sources, as `npm run dev` runs it, on the shared coverage folder. */
function launch (): Bot {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    DISCORD_TOKEN: emu.token,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_API_URL: emu.restUrl,
    SEEDS_DIR: seeds.dir,
    SNAPSHOT_DIR: join(scratch, 'snapshots'),
    DATA_DIR: join(scratch, 'data'),
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    LOG_FORMAT: 'json',
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString() })
  child.stdout?.on('data', (chunk: Buffer) => { log += chunk.toString() })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve => child.once('exit', (code, signal) => resolve({ code, signal })))
  return {
    process: child,
    exited,
    waitForLog: async message => {
      for (let waited = 0; !log.split('\n').some(line => message.test(line)); waited += 50) {
        if (waited > 30_000 || child.exitCode !== null) throw new Error(`no log ${String(message)}; the bot wrote:\n${log}`)
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    },
  }
}

function ingest (url: string): InteractionHandle {
  return emu.sendChatInput('ingest', { url }, { permissions: MANAGE_GUILD, user: 'mod' })
}

function titleOf (handle: InteractionHandle): string | undefined {
  const title = handle.original?.embeds[0]?.['title']
  return typeof title === 'string' ? title : undefined
}

/** The folder as the reader sees it: every file read without a problem. Returns the titles read. */
async function expectReadsCleanly (): Promise<string[]> {
  const { articles, problems } = parseSeeds(await readSeedFiles(seeds.dir))
  expect(problems).toEqual([])
  return articles.map(article => article.title)
}

/** Nothing an interrupted write leaves (a hidden temporary, a sidecar whose article never arrived) is left after a start. */
async function expectNoLeftovers (): Promise<void> {
  const names = await readdir(seeds.dir)
  expect(names.filter(name => name.endsWith('.tmp'))).toEqual([])
  const articles = new Set(names.filter(name => /\.(html|txt)$/.test(name)).map(name => name.replace(/\.[^.]+$/, '')))
  expect(names.filter(name => name.endsWith('.meta.json') && !articles.has(name.slice(0, -'.meta.json'.length)))).toEqual([])
}

describe('the bot killed in the middle of an ingest', () => {
  it('keeps every ingest it confirmed, leaves nothing half-written, and ingests again after a restart', async () => {
    const first = launch()
    await first.waitForLog(/"msg":"logged in as /)
    const stored = ingest(web.url('/news/graph.html'))
    await stored.waitForEdit({ timeoutMs: 15_000 })
    expect(titleOf(stored)).toBe('Added to the coverage')

    // A page that takes its time: the ingest is in flight when the process dies.
    const interrupted = ingest(web.url('/slow/byline.html?ms=20000'))
    for (let waited = 0; !web.requests.some(request => request.path.startsWith('/slow/')); waited += 20) {
      if (waited > 10_000) throw new Error('the slow page was never requested')
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    // And a burst of ingests, the process killed somewhere in the middle of them.
    const burst = ['/news/time-only.html', '/news/undated.html', '/news/paywall.html'].map(path => ingest(web.url(path)))
    await burst[0]?.waitForEdit({ timeoutMs: 15_000 })
    first.process.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
    expect(interrupted.original?.embeds ?? []).toEqual([])
    const confirmed = burst.filter(handle => titleOf(handle) === 'Added to the coverage').length

    // Whatever the kill interrupted (a temporary, a sidecar alone) is hidden from the reader.
    const titles = await expectReadsCleanly()
    expect(titles).toContain('Port authority approves Kestrel Bay terminal expansion')
    expect(titles).not.toContain('Tram line to the airport opens')
    expect(titles.length).toBeGreaterThanOrEqual(6 + confirmed)

    const second = launch()
    await second.waitForLog(/"msg":"logged in as /)
    await expectNoLeftovers()
    const ask = emu.sendChatInput('ask', { question: 'How many berths will the Kestrel Bay terminal extension add?' })
    await ask.waitForEdit({ timeoutMs: 10_000 })
    expect(String(ask.original?.embeds[0]?.['description'])).toContain('four **berths**')
    const retried = ingest(web.url('/slow/byline.html?ms=0'))
    await retried.waitForEdit({ timeoutMs: 15_000 })
    expect(titleOf(retried)).toBe('Added to the coverage')

    // SIGTERM with a fetch in flight: it gives up at once, the moderator is told, and the bot exits 0 within 5 s.
    const requests = web.requests.length
    const stopped = ingest(web.url('/slow/undated.html?ms=20000'))
    for (let waited = 0; web.requests.length === requests; waited += 20) {
      if (waited > 10_000) throw new Error('the slow page was never requested')
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    const signalled = Date.now()
    second.process.kill('SIGTERM')
    expect((await second.exited).code).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(5_000)
    expect(stopped.original?.embeds[0]).toMatchObject({ title: 'Not added', description: 'Dateline is stopping, so nothing was stored. Try again once it is back.' })
    expect(await expectReadsCleanly()).toContain('Tram line to the airport opens')
    await expectNoLeftovers()
  }, 90_000)
})
