/**
 * What a moderator running Dateline for a newsroom relies on, through the
 * real discord.js client and the emulator: readers' feedback, /stats, /help,
 * /reindex progress, health and metrics, and a corpus archive as coverage.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RecordLog } from '../src/records.js'
import { startInProcess, type EngineStarter } from '../src/engine/engine.js'
import type { JsonObject } from './emulator/index.js'
import { buttonId, embedOf, fieldsOf, MANAGE_GUILD, NO_PERMISSIONS, useBot } from './bot-harness.js'
import { GOLDEN } from './helpers.js'

const boot = useBot()

describe('feedback on answers', () => {
  it('records a member\'s vote durably, a second press changing it, with a hash instead of the member id', async () => {
    const { emu, dataDir } = await boot()
    const ask = emu.sendChatInput('ask', { question: GOLDEN.question, public: true }, { user: 'alice' })
    await ask.waitForEdit()
    const up = emu.sendButton(buttonId(ask.original, 'Helpful'), { message: ask, user: 'bob' })
    await up.waitForResponse()
    expect(up.original).toMatchObject({ ephemeral: true, content: 'Thanks: you marked this answer 👍 helpful. Press 👎 instead to change your vote.' })
    const down = emu.sendButton(buttonId(ask.original, 'Wrong'), { message: ask, user: 'bob' })
    await down.waitForResponse()
    expect(down.original?.content).toBe('Thanks: you marked this answer 👎 wrong. The moderators see this in `/stats`. Press 👍 instead to change your vote.')

    const stored = (await readFile(join(dataDir, 'feedback.jsonl'), 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>)
    expect(stored.map(v => v['vote'])).toEqual(['up', 'down'])
    expect(stored[0]).toMatchObject({ question: GOLDEN.question, citedIds: [GOLDEN.articleId], guildId: emu.guildId, member: expect.stringMatching(/^[0-9a-f]{32}$/) })
    expect(stored[0]?.['member']).toBe(stored[1]?.['member'])
    expect(JSON.stringify(stored)).not.toContain(down.user.id)

    // A restart reads the votes back: the second press replaced the first.
    const reopened = await RecordLog.open(dataDir)
    expect(reopened.votes).toHaveLength(2)
  })
})

describe('/stats', () => {
  it('shows moderators questions per day, the no-coverage rate, unanswered questions and feedback', async () => {
    const { emu } = await boot({ now: () => new Date('2024-03-10T12:00:00Z') })
    for (const question of [GOLDEN.question, 'Orry Christmas Bollywood', 'orry christmas bollywood?', 'Who won the Ashes?']) {
      const ask = emu.sendChatInput('ask', { question }, { user: 'carol' })
      await ask.waitForEdit()
      if (question === GOLDEN.question) {
        const vote = emu.sendButton(buttonId(ask.original, 'Helpful'), { message: ask, user: 'carol' })
        await vote.waitForResponse()
      }
    }
    const stats = emu.sendChatInput('stats', undefined, { permissions: MANAGE_GUILD })
    await stats.waitForResponse()
    const embed = embedOf(stats.original)
    expect(stats.original?.ephemeral).toBe(true)
    expect(embed['title']).toBe('Dateline in this server: the last 14 days')
    expect(embed['description']).toBe('**4** questions, **3** without coverage (75%).')
    const fields = fieldsOf(embed)
    expect(fields['Questions per day (UTC)']?.split('\n')).toHaveLength(14)
    expect(fields['Questions per day (UTC)']?.split('\n').at(-1)).toBe('`10 Mar 2024` ▮▮▮▮ 4')
    expect(fields['Most asked without an answer']).toBe('• “Orry Christmas Bollywood” × 2\n• “Who won the Ashes?” × 1')
    expect(fields['Readers\' feedback']).toBe('👍 1 · 👎 0 · 100% helpful')
  })

  it('is for moderators only', async () => {
    const { emu } = await boot()
    const stats = emu.sendChatInput('stats', undefined, { permissions: NO_PERMISSIONS })
    await stats.waitForResponse()
    expect(stats.original).toMatchObject({ ephemeral: true, content: 'Only members with the Manage Server permission can see the stats.' })
  })
})

describe('/help', () => {
  it('explains every command in one private embed', async () => {
    const { emu } = await boot()
    const help = emu.sendChatInput('help')
    await help.waitForResponse()
    expect(help.original?.ephemeral).toBe(true)
    expect(help.original?.embeds).toHaveLength(1)
    expect(Object.keys(fieldsOf(embedOf(help.original)))).toEqual(['/ask question', '/sources [source]', '/timeline topic', '/help', 'For moderators (Manage Server)', 'Dates'])
  })
})

describe('/reindex progress', () => {
  it('edits the reply with the stage and articles done, at most once per interval, then the report', async () => {
    let starts = 0
    // A rebuild that takes about a second and reports its progress as a large archive would.
    const slowStart: EngineStarter = async request => {
      starts += 1
      if (starts > 1) {
        for (let done = 0; done <= 1000; done += 100) {
          request.onProgress?.({ stage: 'indexing', done, total: 1000 })
          await new Promise(resolve => setTimeout(resolve, 100))
        }
      }
      return await startInProcess(request)
    }
    const { emu } = await boot({ start: slowStart, progressEveryMs: 300 })
    const reindex = emu.sendChatInput('reindex', undefined, { permissions: MANAGE_GUILD })
    await reindex.waitForRequest(request => request.route === 'editOriginal' && JSON.stringify(request.body).includes('Reindex complete'), 5_000)
    const contents = reindex.edits.map(edit => (edit.body as JsonObject)['content'])
    const progress = contents.filter(content => typeof content === 'string' && content.startsWith('Reindexing: '))
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress.length).toBeLessThanOrEqual(4)
    expect(progress[0]).toMatch(/^Reindexing: indexing \d{3} of 1,000 articles…$/)
    const times = reindex.edits.map(edit => edit.receivedAt)
    for (let i = 1; i < progress.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(250)
    expect(reindex.original?.content).toBe('')
    expect(embedOf(reindex.original)['title']).toBe('Reindex complete')
  })
})

describe('health and metrics', () => {
  it('serves /healthz and /metrics, and the counters move after an /ask', async () => {
    const { emu, app } = await boot({ env: { METRICS_PORT: '0' } })
    const url = app.healthUrl ?? ''
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok', gateway: true, index: { articles: 5 } })
    const scrape = async (): Promise<string> => await (await fetch(`${url}/metrics`)).text()
    expect(await scrape()).toContain('dateline_index_passages ')
    const ask = emu.sendChatInput('ask', { question: 'Orry Christmas Bollywood' })
    await ask.waitForEdit()
    const text = await scrape()
    expect(text).toContain('dateline_commands_total{command="ask"} 1')
    expect(text).toContain('dateline_answers_total{outcome="no-coverage"} 1')
    expect(text).toMatch(/dateline_gateway_ping_seconds \d/)
    const reindex = emu.sendChatInput('reindex', undefined, { permissions: MANAGE_GUILD })
    await reindex.waitForEdit()
    expect(await scrape()).toContain('dateline_reindex_seconds_count 1')
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ lastReindex: { status: 'ok', problems: 0 } })
    expect((await fetch(`${url}/nowhere`)).status).toBe(404)
  })
})

describe('a corpus archive as coverage (CORPUS_FILE)', () => {
  it('answers from the archive, and /reindex reads it again', async () => {
    const corpus = join(await mkdtemp(join(tmpdir(), 'dateline-corpus-')), 'archive.jsonl')
    const record = (id: string, title: string, text: string): string => JSON.stringify({ id, title, date: '2024-01-04', url: null, publisher: 'Example Sport', text })
    await writeFile(corpus, `${record('darts', 'Humphries is world champion', 'Luke Humphries beat Luke Littler 7-4 in the final.')}\n`)
    const bot = await boot({ env: { CORPUS_FILE: corpus } })
    const ask = bot.emu.sendChatInput('ask', { question: 'Who won the darts final against Littler?' })
    await ask.waitForEdit()
    expect(String(embedOf(ask.original)['description'])).toContain('Luke Humphries beat Luke **Littler** 7-4')
    await writeFile(corpus, `${record('darts', 'Humphries is world champion', 'Luke Humphries beat Luke Littler 7-4 in the final.')}\n${record('henk', 'Storm Henk', 'Storm Henk brought winds of 94mph to southern England.')}\n`)
    const reindex = bot.emu.sendChatInput('reindex', undefined, { permissions: MANAGE_GUILD })
    await reindex.waitForEdit()
    expect(embedOf(reindex.original)['description']).toMatch(/^2 articles, 2 passages indexed in /)
    await rm(join(corpus, '..'), { recursive: true, force: true })
  })
})
