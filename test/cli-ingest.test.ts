import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.js'
import { runIngestCli } from '../src/cli-ingest.js'
import { Dateline } from '../src/dateline.js'
import { scratchSeeds } from './helpers.js'
import { FERRY_NOTES_MD } from './web/pages.js'
import { startWebServer, type WebServer } from './web/server.js'

let web: WebServer
beforeAll(async () => { web = await startWebServer() })
afterAll(async () => { await web.close() })

let seeds: Awaited<ReturnType<typeof scratchSeeds>>
let scratch: string
beforeEach(async () => {
  seeds = await scratchSeeds()
  scratch = await mkdtemp(join(tmpdir(), 'dateline-cli-ingest-'))
})
afterEach(async () => {
  await seeds.remove()
  await rm(scratch, { recursive: true, force: true })
})

/** Settings as an operator would give them: the loopback web server allowed, snapshots in a scratch folder. */
function settings (): { env: Record<string, string>, dotenvPath: null } {
  return { env: { FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_TIMEOUT_MS: '3000', SNAPSHOT_DIR: join(scratch, 'snapshots') }, dotenvPath: null }
}

async function ingest (argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runIngestCli(argv, {
    stdin: Readable.from([]),
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } },
  }, settings())
  return { code, stdout, stderr }
}

describe('npm run ingest', () => {
  it('adds pages and files, says what the coverage already had, and exits 0 when nothing was refused', async () => {
    const notes = join(scratch, 'ferry-notes.md')
    await writeFile(notes, FERRY_NOTES_MD)
    const page = web.url('/news/time-only.html')
    const { code, stdout } = await ingest(['--seeds', seeds.dir, page, notes, page])
    expect(code).toBe(0)
    expect(stdout.split('\n')).toEqual([
      page,
      '  added: Council delays vote on river bridge tolls · Valley Courier · 2 Feb 2024 18:05, from the article\'s metadata · 1 passage',
      expect.stringMatching(/^ {4}id courier-example-local-bridge-tolls-[0-9a-f]{8}$/),
      notes,
      '  added: Night ferry to Ostrava Island resumes · 4 Apr 2024 08:15, from the byline · 1 passage',
      expect.stringMatching(/^ {4}id night-ferry-to-ostrava-island-resumes-[0-9a-f]{8}$/),
      page,
      expect.stringMatching(new RegExp(`^ {2}already in the coverage: ${page.replace(/\./g, '\\.')} as courier-example-local-bridge-tolls-[0-9a-f]{8} \\(same address\\); nothing changed$`)),
      '',
    ])

    // What the bot will read: the folder answers, and the snapshot is up to date (a journal), so the next start loads it.
    let answer = ''
    await runCli(['--seeds', seeds.dir, 'When will the council vote on the bridge tolls?'], { stdin: Readable.from([]), stdout: { write: (text: string) => { answer += text } }, stderr: { write: () => true } }, { env: {}, dotenvPath: null })
    expect(answer).toContain('postponed its **vote** on **tolls**')
    expect((await readdir(join(scratch, 'snapshots'))).filter(name => name.endsWith('.journal'))).toHaveLength(1)
    const reopened = await Dateline.open({ kind: 'seeds', dir: seeds.dir }, { snapshotDir: join(scratch, 'snapshots') })
    expect(reopened.fromSnapshot).toBe(true)
    expect(reopened.dateline.sources()).toHaveLength(7)
  })

  it('prints every refusal in its own words and exits 1, storing nothing for them', async () => {
    const files = await readdir(seeds.dir)
    const { code, stdout } = await ingest(['--seeds', seeds.dir, 'http://10.0.0.5/intranet', web.url('/news/missing'), join(scratch, 'absent.md'), join(scratch)])
    expect(code).toBe(1)
    expect(stdout.split('\n')).toEqual([
      'http://10.0.0.5/intranet',
      '  refused: Dateline fetch: refused http://10.0.0.5/intranet: 10.0.0.5 is a private network address (an operator can allow it with FETCH_ALLOW_HOSTS)',
      web.url('/news/missing'),
      `  refused: Dateline fetch: ${web.url('/news/missing')} answered 404 Not Found`,
      join(scratch, 'absent.md'),
      `  not read: file "${join(scratch, 'absent.md')}" does not exist`,
      scratch,
      `  not read: file "${scratch}" is not a file`,
      '',
    ])
    expect(await readdir(seeds.dir)).toEqual(files)
  })

  it('starts a coverage folder with no article yet, and prints JSON lines with --json', async () => {
    const empty = join(scratch, 'coverage')
    await writeFile(join(scratch, 'wire.jsonl'), `${JSON.stringify({ id: 'w1', title: 'Lighthouse keeper retires', date: '2024-04-05', url: null, publisher: 'Coast Wire', text: 'Hendrik Vos retired after forty years at Skerry Point.' })}\n`)
    await mkdir(empty)
    const { code, stdout } = await ingest(['--seeds', empty, '--json', join(scratch, 'wire.jsonl')])
    expect(code).toBe(0)
    const line = JSON.parse(stdout) as { input: string, outcome: string, added: Array<Record<string, unknown>> }
    expect(line).toMatchObject({ input: join(scratch, 'wire.jsonl'), outcome: 'added', error: null, duplicates: [], problems: [] })
    expect(line.added).toEqual([expect.objectContaining({ title: 'Lighthouse keeper retires', outlet: 'Coast Wire', date: '2024-04-05', dateSource: 'metadata', passages: 1 })])
    expect((await readdir(empty)).sort()).toEqual([`${String(line.added[0]?.['id'])}.meta.json`, `${String(line.added[0]?.['id'])}.txt`])
  })

  it('runs as a real process, exiting 1 when something was refused', async () => {
    const run = promisify(execFile)
    const outcome = await run('npm', ['run', '-s', 'ingest', '--', '--seeds', seeds.dir, web.url('/news/undated.html'), web.url('/hostile/pdf-as-html')], {
      env: { ...process.env, FETCH_ALLOW_HOSTS: '127.0.0.1', SNAPSHOT_DIR: 'off', DISCORD_TOKEN: '' },
    }).then(() => ({ code: 0, stdout: '' }), (error: { code: number, stdout: string }) => error)
    expect(outcome.code).toBe(1)
    expect(outcome.stdout).toContain('  added: Library extends opening hours in Millbrook · undated: the article states no date · 1 passage')
    expect(outcome.stdout).toContain('is served as text/html but is a PDF document, not an HTML page')
  })
})
