/**
 * Coverage from the web, as a moderator adds it: /ingest with a link or an
 * attached file, /feeds, and what /ask and /sources see right after, through
 * the real discord.js client, the emulator, and a loopback web server.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runIngestCli } from '../src/cli-ingest.js'
import { parseSeeds } from '../src/core/coverage.js'
import { startInWorker } from '../src/engine/worker-engine.js'
import { readSeedFiles } from '../src/io.js'
import type { InteractionHandle, JsonObject, VisibleMessage } from './emulator/index.js'
import { MANAGE_GUILD, NO_PERMISSIONS, startBot, type BotHarnessOptions, type RunningBot } from './bot-harness.js'
import { scratchSeeds } from './helpers.js'
import { FERRY_NOTES_MD } from './web/pages.js'
import { startWebServer, type WebServer } from './web/server.js'

let web: WebServer
beforeAll(async () => { web = await startWebServer() })
afterAll(async () => { await web.close() })
beforeEach(() => { web.publishFeeds(1) })

let bot: RunningBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

async function boot (options: BotHarnessOptions = {}): Promise<RunningBot> {
  bot = await startBot({ ...options, env: { FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_TIMEOUT_MS: '3000', ...options.env } })
  return bot
}

function embedOf (message: VisibleMessage | null | undefined): JsonObject {
  const embed = message?.embeds[0]
  if (embed === undefined) throw new Error(`expected an embed, got ${JSON.stringify(message)}`)
  return embed
}

function fieldsOf (embed: JsonObject): Record<string, string> {
  return Object.fromEntries(((embed['fields'] ?? []) as JsonObject[]).map(f => [String(f['name']), String(f['value'])]))
}

const AS_MODERATOR = { permissions: MANAGE_GUILD, user: 'mod' }

/** A moderator's /ingest url:, once its reply is in. */
async function ingestUrl (running: RunningBot, url: string): Promise<InteractionHandle> {
  const ingest = running.emu.sendChatInput('ingest', { url }, AS_MODERATOR)
  await ingest.waitForEdit({ timeoutMs: 10_000 })
  return ingest
}

let attachments = 0
/** A moderator's /ingest file:, the attachment served by the web server as Discord's CDN would serve it. */
async function ingestFile (running: RunningBot, filename: string, path: string, size = 400): Promise<InteractionHandle> {
  const id = String(1_200_000_000_000_000_000n + BigInt(attachments++))
  const url = web.url(path)
  const ingest = running.emu.sendChatInput('ingest', [{ name: 'file', type: 11, value: id }], {
    ...AS_MODERATOR,
    resolved: { attachments: { [id]: { id, filename, size, url, proxy_url: url } } },
  })
  await ingest.waitForEdit({ timeoutMs: 10_000 })
  return ingest
}

async function ask (running: RunningBot, question: string): Promise<string> {
  const handle = running.emu.sendChatInput('ask', { question })
  await handle.waitForEdit()
  return String(embedOf(handle.original)['description'])
}

async function feeds (running: RunningBot, subcommand: 'add' | 'list' | 'remove', url?: string, init: object = AS_MODERATOR): Promise<InteractionHandle> {
  const handle = running.emu.sendChatInput('feeds', [{ type: 1, name: subcommand, options: url === undefined ? [] : [{ type: 3, name: 'url', value: url }] }], init)
  if (subcommand === 'add') await handle.waitForEdit({ timeoutMs: 15_000 })
  else await handle.waitForResponse()
  return handle
}

async function sourcesTitle (running: RunningBot): Promise<string> {
  const list = running.emu.sendChatInput('sources')
  await list.waitForResponse()
  return String(embedOf(list.original)['title'])
}

const KESTREL_ID = /^127-0-0-1-03-kestrel-bay-terminal-[0-9a-f]{8}$/

describe('/ingest url:', () => {
  it('stores the page and replies with its title, outlet, date and how it is known, and passages; /ask and /sources have it at once', async () => {
    const running = await boot({ env: { METRICS_PORT: '0' } })
    const ingest = await ingestUrl(running, web.url('/news/graph.html?utm_source=share'))
    expect(ingest.original?.ephemeral).toBe(true)
    const embed = embedOf(ingest.original)
    expect(embed['title']).toBe('Added to the coverage')
    expect(embed['description']).toBe('**Port authority approves Kestrel Bay terminal expansion**\nSearchable now with `/ask`.')
    const fields = fieldsOf(embed)
    expect(fields).toEqual({
      Outlet: 'Coastal Ledger',
      Published: '14 Mar 2024 09:30, from the article\'s metadata',
      Passages: expect.stringMatching(/^[1-9]\d*$/),
      Modified: '15 Mar 2024 (recorded, never shown as the publication date)',
      Id: expect.stringMatching(/^`127-0-0-1-03-kestrel-bay-terminal-[0-9a-f]{8}`$/),
      Link: `<${web.url('/news/2024/03/kestrel-bay-terminal')}>`,
    })
    const id = (fields['Id'] ?? '').slice(1, -1)
    expect((await readdir(running.seeds.dir)).filter(name => name.startsWith(id)).sort()).toEqual([`${id}.html`, `${id}.meta.json`])

    expect(await ask(running, 'How many berths will the Kestrel Bay terminal extension add?')).toContain('The **extension** will **add** four **berths**')
    expect(await sourcesTitle(running)).toBe('Indexed coverage: 6 articles')
    const typing = running.emu.sendAutocomplete('sources', { source: 'kestrel' })
    await typing.waitForResponse()
    expect(typing.choices).toEqual([{ name: 'Port authority approves Kestrel Bay terminal expansion · 14 Mar 2024', value: id }])

    const metrics = await (await fetch(`${running.app.healthUrl ?? ''}/metrics`)).text()
    expect(metrics).toContain('dateline_ingests_total{via="url",outcome="added"} 1')
    expect(metrics).toContain('dateline_index_articles 6')
    expect(metrics).toMatch(/dateline_ingest_seconds_count\{via="url"\} 1/)
    expect(running.log()).toContain('"msg":"ingest: added"')
  })

  it('says a second ingest of the same story is already in the coverage, and changes nothing', async () => {
    const running = await boot()
    const first = await ingestUrl(running, web.url('/news/graph.html'))
    const id = (fieldsOf(embedOf(first.original))['Id'] ?? '').slice(1, -1)
    expect(id).toMatch(KESTREL_ID)
    const files = await readdir(running.seeds.dir)
    const requests = web.requests.length

    // The same address: known before anything is fetched.
    const again = await ingestUrl(running, web.url('/news/graph.html#top'))
    expect(embedOf(again.original)).toMatchObject({
      title: 'Already in the coverage',
      description: `<${web.url('/news/graph.html#top')}> is already in the coverage as \`${id}\` (same address). Nothing was changed.`,
    })
    expect(web.requests.length).toBe(requests)
    // Another address that leads to the same story: known by its canonical address once fetched.
    const moved = await ingestUrl(running, web.url('/news/moved'))
    expect(embedOf(moved.original)['description']).toBe(`*Port authority approves Kestrel Bay terminal expansion* is already in the coverage as \`${id}\` (same address). Nothing was changed.`)

    expect(await readdir(running.seeds.dir)).toEqual(files)
    expect(await sourcesTitle(running)).toBe('Indexed coverage: 6 articles')
  })

  it('refuses, in the fetch module\'s own words, what cannot or may not be fetched, and writes nothing', async () => {
    const running = await boot()
    const files = await readdir(running.seeds.dir)
    const refusals: Array<[string, string]> = [
      ['/hostile/to-metadata', 'Dateline fetch: refused http\\://169.254.169.254/latest/meta-data/: 169.254.169.254 is a cloud metadata service address (an operator can allow it with FETCH\\_ALLOW\\_HOSTS)'],
      ['/hostile/pdf-as-html', `Dateline fetch: http\\://127.0.0.1:${web.port}/hostile/pdf-as-html is served as text/html but is a PDF document, not an HTML page`],
      ['/news/missing', `Dateline fetch: http\\://127.0.0.1:${web.port}/news/missing answered 404 Not Found`],
    ]
    for (const [path, message] of refusals) {
      const ingest = await ingestUrl(running, web.url(path))
      expect(embedOf(ingest.original)).toMatchObject({ title: 'Not added', description: message })
    }
    const empty = await ingestUrl(running, web.url('/news/empty.html'))
    expect(embedOf(empty.original)).toMatchObject({ title: 'Not added: no article could be read' })
    expect(fieldsOf(embedOf(empty.original))['Not read (1)']).toMatch(/^• page http\\:\/\/127\.0\.0\.1:\d+\/news\/empty\.html: /)

    const neither = running.emu.sendChatInput('ingest', {}, AS_MODERATOR)
    await neither.waitForResponse()
    expect(neither.original).toMatchObject({ ephemeral: true, content: 'Give the article\'s `url`, or attach its `file`.' })
    expect(await readdir(running.seeds.dir)).toEqual(files)
  })

  it('is refused to a member without Manage Server, before anything is fetched', async () => {
    const running = await boot()
    const requests = web.requests.length
    const ingest = running.emu.sendChatInput('ingest', { url: web.url('/news/graph.html') }, { permissions: NO_PERMISSIONS })
    await ingest.waitForResponse()
    expect(ingest.original).toMatchObject({ ephemeral: true, content: 'Only members with the Manage Server permission can add coverage.' })
    const list = await feeds(running, 'list', undefined, { permissions: NO_PERMISSIONS })
    expect(list.original).toMatchObject({ ephemeral: true, content: 'Only members with the Manage Server permission can manage feeds.' })
    expect(web.requests.length).toBe(requests)
    expect(await sourcesTitle(running)).toBe('Indexed coverage: 5 articles')
  })
})

describe('/ingest file:', () => {
  it('reads an attached Markdown file and a JSONL file of articles, each searchable at once; bad lines and other files are named', async () => {
    const running = await boot()
    const notes = await ingestFile(running, 'ferry-notes.md', '/files/ferry-notes.md')
    expect(embedOf(notes.original)['description']).toBe('**Night ferry to Ostrava Island resumes**\nSearchable now with `/ask`.')
    expect(fieldsOf(embedOf(notes.original))).toMatchObject({ Outlet: 'not stated', Published: '4 Apr 2024 08:15, from the byline', Passages: '1' })
    expect(await ask(running, 'When did the night ferry to Ostrava Island resume?')).toContain('The **night** **ferry** between Kestrel Bay and **Ostrava** **Island** **resumed** on Wednesday')

    const wire = await ingestFile(running, 'wire.jsonl', '/files/wire.jsonl')
    const embed = embedOf(wire.original)
    expect(embed['title']).toBe('Added to the coverage: 2 articles')
    expect(String(embed['description']).split('\n')).toEqual([
      '• *Lighthouse keeper retires after forty years* · Coast Wire · 5 Apr 2024, from the article\'s metadata · 1 passage',
      expect.stringMatching(/^ {2}`wire-example-lighthouse-keeper-[0-9a-f]{8}`$/),
      '• *Seal pups counted on the sandbanks* · Coast Wire · 6 Apr 2024, from the article\'s metadata · 1 passage',
      expect.stringMatching(/^ {2}`wire-example-seal-pups-[0-9a-f]{8}`$/),
    ])
    expect(fieldsOf(embed)['Not read (1)']).toMatch(/^• attachment "wire\.jsonl" line 2: /)
    expect(await ask(running, 'How many grey seal pups were counted?')).toContain('412')

    const requests = web.requests.length
    const pdf = await ingestFile(running, 'report.pdf', '/hostile/pdf')
    expect(embedOf(pdf.original)['title']).toBe('Not added: no article could be read')
    expect(fieldsOf(embedOf(pdf.original))['Not read (1)']).toBe('• attachment "report.pdf": is not an article file (Dateline reads .html, .htm, .txt, .md, .jsonl)')
    const huge = await ingestFile(running, 'archive.jsonl', '/files/wire.jsonl', 50 * 1024 * 1024)
    expect(fieldsOf(embedOf(huge.original))['Not read (1)']).toBe('• attachment "archive.jsonl": is 50 MB, larger than the 5 MB limit (FETCH\\_MAX\\_BYTES); not read')
    expect(web.requests.length).toBe(requests)
    expect(await sourcesTitle(running)).toBe('Indexed coverage: 8 articles')
  })
})

describe('/feeds', () => {
  it('follows a feed, ingests its items, polls it for new ones, lists it, and stops following it', async () => {
    const running = await boot({ feedPollMs: 300 })
    const rss = web.url('/feeds/rss.xml')
    const added = await feeds(running, 'add', rss)
    expect(embedOf(added.original)).toMatchObject({
      title: 'Following Regional Wire',
      description: `<${rss}>\n2 articles added from its items. New items are ingested every 15 minutes.`,
    })
    expect(fieldsOf(embedOf(added.original))['Added']).toContain('• *Council delays vote on river bridge tolls* · Valley Courier · 2 Feb 2024 18:05, from the article\'s metadata')
    expect(await ask(running, 'When will the council vote on the river bridge tolls?')).toContain('postponed its **vote** on **tolls**')

    const again = await feeds(running, 'add', `${rss}#latest`)
    expect(embedOf(again.original)['title']).toBe('Already following this feed')

    // The next edition lists two new stories: the poller finds them.
    web.publishFeeds(2)
    let listing = ''
    for (let waited = 0; !listing.includes('4 articles ingested') && waited < 15_000; waited += 250) {
      await new Promise(resolve => setTimeout(resolve, 250))
      listing = fieldsOf(embedOf((await feeds(running, 'list')).original))['Regional Wire'] ?? ''
    }
    expect(listing).toMatch(new RegExp(`^<${rss.replace(/[.?]/g, '\\$&')}>\\n4 articles ingested · last polled <t:\\d+:R> · no errors$`))
    expect(await ask(running, 'When did the tram line to the airport open?')).toContain('The first **tram** to the **airport**')
    expect(await sourcesTitle(running)).toBe('Indexed coverage: 9 articles')
    expect(web.requests.some(request => request.path === '/feeds/rss.xml' && request.headers['if-none-match'] === '"rss-edition-1"')).toBe(true)

    const typing = running.emu.sendAutocomplete('feeds', [{ type: 1, name: 'remove', options: [{ type: 3, name: 'url', value: 'regional', focused: true }] }], AS_MODERATOR)
    await typing.waitForResponse()
    expect(typing.choices).toEqual([{ name: `Regional Wire · ${rss}`, value: rss }])
    const removed = await feeds(running, 'remove', rss)
    expect(removed.original).toMatchObject({ ephemeral: true, content: 'Stopped following Regional Wire. The 4 articles it brought stay in the coverage.' })
    expect(embedOf((await feeds(running, 'list')).original)['title']).toBe('Feeds followed: none')
    expect(await ask(running, 'When did the tram line to the airport open?')).toContain('The first **tram** to the **airport**')
  })

  it('refuses a URL that is not a readable feed, saying why, and does not follow it', async () => {
    const running = await boot()
    const page = await feeds(running, 'add', web.url('/news/graph.html'))
    expect(embedOf(page.original)).toMatchObject({
      title: 'Not following this feed',
      description: `Dateline fetch: http\\://127.0.0.1:${web.port}/news/graph.html is text/html, not an RSS or Atom feed\nNothing was changed.`,
    })
    const malformed = await feeds(running, 'add', web.url('/feeds/malformed.xml'))
    expect(String(embedOf(malformed.original)['description'])).toMatch(/^Dateline feed http\\:\/\/127\.0\.0\.1:\d+\/feeds\/malformed\.xml: is not well-formed XML \(line \d+, column \d+: /)
    expect(embedOf((await feeds(running, 'list')).original)['title']).toBe('Feeds followed: none')
  })
})

describe('a damaged feed state', () => {
  it('is reported by /feeds, never replaced', async () => {
    const running = await boot()
    await running.seeds.write('.dateline-feeds.json', '{"version": 1, "feeds": [')
    const list = await feeds(running, 'list')
    expect(list.original?.content).toMatch(/^The saved feed state cannot be read, so no feed is polled: feed state ".+\.dateline-feeds\.json": is not valid JSON \(/)
    const add = await feeds(running, 'add', web.url('/feeds/rss.xml'))
    expect(String(embedOf(add.original)['description'])).toMatch(/^The saved feed state cannot be read, so no feed can be added: feed state ".+": is not valid JSON \(.+\)\nNothing was changed\.$/)
    expect(await readFile(join(running.seeds.dir, '.dateline-feeds.json'), 'utf8')).toBe('{"version": 1, "feeds": [')
  })
})

describe('announcements (ANNOUNCE_CHANNEL_ID)', () => {
  it('posts each ingest\'s new articles in the channel, mentioning no one', async () => {
    const channelId = '1234567890123456789'
    const running = await boot({ emulator: { channelId }, env: { ANNOUNCE_CHANNEL_ID: channelId } })
    const posted = async (count: number): Promise<JsonObject[]> => {
      for (let waited = 0; running.emu.channelMessages.length < count && waited < 5_000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50))
      return running.emu.channelMessages.map(message => message.embeds[0] ?? {})
    }
    await ingestUrl(running, web.url('/news/graph.html'))
    const [first] = await posted(1)
    expect(first).toMatchObject({ title: 'New in the coverage', footer: { text: 'Dateline · added by a moderator with /ingest' } })
    expect(String(first?.['description'])).toMatch(/^• \*Port authority approves Kestrel Bay terminal expansion\* · Coastal Ledger · 14 Mar 2024 09:30, from the article's metadata · \d+ passages\n {2}`127-0-0-1-03-kestrel-bay-terminal-[0-9a-f]{8}`\n\nAsk about it with `\/ask`\.$/)
    await ingestUrl(running, web.url('/news/graph.html#again'))
    await feeds(running, 'add', web.url('/feeds/atom.xml'))
    const messages = await posted(2)
    expect(messages).toHaveLength(2)
    expect(messages[1]).toMatchObject({ title: 'New in the coverage', footer: { text: 'Dateline · from a followed feed' } })
    expect(String(messages[1]?.['description'])).toContain('Zoë Çelik wins the Lisbon chess open')
    const sent = running.emu.requests.filter(request => request.route === 'createChannelMessage').map(request => (request.body as JsonObject)['allowed_mentions'])
    expect(sent).toEqual([{ parse: [] }, { parse: [] }])
  })
})

/** Waits until the bot's log has a line with `text` (as JSON), at most `timeoutMs`. */
async function logged (running: RunningBot, text: string, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; !running.log().includes(text); waited += 50) {
    if (waited >= timeoutMs) throw new Error(`the bot never logged ${text}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

describe('articles stored in the coverage folder while the bot runs', () => {
  it('are taken in within seconds when `npm run ingest` stores them from a terminal: /ask, /sources, the channel, and a restart see them', async () => {
    const seeds = await scratchSeeds()
    const snapshots = await mkdtemp(join(tmpdir(), 'dateline-snapshots-'))
    const channelId = '1234567890123456789'
    const env = { SNAPSHOT_DIR: snapshots, ANNOUNCE_CHANNEL_ID: channelId }
    try {
      const running = await boot({ seedsDir: seeds.dir, start: startInWorker, emulator: { channelId }, env })
      let printed = ''
      const code = await runIngestCli(['--seeds', seeds.dir, web.url('/news/graph.html')], {
        stdin: Readable.from([]),
        stdout: { write: (text: string) => { printed += text } },
        stderr: { write: () => {} },
      }, { env: { FETCH_ALLOW_HOSTS: '127.0.0.1', SNAPSHOT_DIR: snapshots }, dotenvPath: null })
      expect(code).toBe(0)
      expect(printed).toContain('added: Port authority approves Kestrel Bay terminal expansion')

      await logged(running, 'ingest: took in 1 article(s) stored in the coverage folder by another process')
      expect(await ask(running, 'How many berths will the Kestrel Bay terminal extension add?')).toContain('The **extension** will **add** four **berths**')
      expect(await sourcesTitle(running)).toBe('Indexed coverage: 6 articles')
      for (let waited = 0; running.emu.channelMessages.length === 0 && waited < 5_000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50))
      expect(running.emu.channelMessages[0]?.embeds[0]).toMatchObject({ title: 'New in the coverage', footer: { text: 'Dateline · stored in the coverage folder from a terminal' } })

      // A file copied in by hand comes the same way; one that is not an article is reported once.
      await writeFile(join(seeds.dir, 'ferry-notes.md'), FERRY_NOTES_MD)
      await writeFile(join(seeds.dir, 'comments.txt'), 'Leave a Reply')
      await logged(running, '"added":["ferry-notes"]')
      expect(running.log()).toContain('seed \\"comments.txt\\": has no citable text after removing boilerplate')
      expect(await ask(running, 'When did the night ferry to Ostrava Island resume?')).toContain('**resumed** on Wednesday')
      // A broken file keeps the snapshot from being written (its problem is then reported at every start).
      await rm(join(seeds.dir, 'comments.txt'))
      await running.stop()
      bot = undefined

      const again = await boot({ seedsDir: seeds.dir, start: startInWorker, env })
      expect(again.log()).toContain('index loaded from snapshot: 7 articles')
      expect(await ask(again, 'How many berths will the Kestrel Bay terminal extension add?')).toContain('four **berths**')
    } finally {
      await bot?.stop()
      bot = undefined
      await seeds.remove()
      await rm(snapshots, { recursive: true, force: true })
    }
  })

  it('are one copy when the bot and `npm run ingest` store the same story at the same moment', async () => {
    const running = await boot()
    const url = web.url('/news/graph.html')
    let printed = ''
    const [fromDiscord, code] = await Promise.all([
      ingestUrl(running, url),
      runIngestCli(['--seeds', running.seeds.dir, url], {
        stdin: Readable.from([]),
        stdout: { write: (text: string) => { printed += text } },
        stderr: { write: () => {} },
      }, { env: { FETCH_ALLOW_HOSTS: '127.0.0.1', SNAPSHOT_DIR: 'off' }, dotenvPath: null }),
    ])
    expect(code).toBe(0)
    expect((await readdir(running.seeds.dir)).filter(name => name.endsWith('.html'))).toHaveLength(1)
    // Whichever came second was told the coverage already had it.
    const byModerator = String(embedOf(fromDiscord.original)['title'])
    const byTerminal = printed.split('\n')[1] ?? ''
    const told = [
      ({ 'Added to the coverage': 'added', 'Already in the coverage': 'duplicate' } as Record<string, string>)[byModerator] ?? byModerator,
      byTerminal.startsWith('  added: ') ? 'added' : byTerminal.startsWith('  already in the coverage: ') ? 'duplicate' : byTerminal,
    ]
    expect(told.sort()).toEqual(['added', 'duplicate'])
    expect(await sourcesTitle(running)).toBe('Indexed coverage: 6 articles')
  })
})

describe('a restart', () => {
  it('keeps everything ingested, loading the snapshot and its journal instead of rebuilding', async () => {
    const seeds = await scratchSeeds()
    const snapshots = await mkdtemp(join(tmpdir(), 'dateline-snapshots-'))
    try {
      const first = await boot({ seedsDir: seeds.dir, start: startInWorker, env: { SNAPSHOT_DIR: snapshots } })
      await ingestUrl(first, web.url('/news/graph.html'))
      await ingestFile(first, 'ferry-notes.md', '/files/ferry-notes.md')
      await first.stop()
      bot = undefined
      expect((await readdir(snapshots)).filter(name => name.endsWith('.journal'))).toHaveLength(1)

      const second = await boot({ seedsDir: seeds.dir, start: startInWorker, env: { SNAPSHOT_DIR: snapshots } })
      expect(second.log()).toContain('index loaded from snapshot: 7 articles')
      expect(await ask(second, 'How many berths will the Kestrel Bay terminal extension add?')).toContain('four **berths**')
      expect(await ask(second, 'When did the night ferry to Ostrava Island resume?')).toContain('**resumed** on Wednesday')
      const again = await ingestUrl(second, web.url('/news/graph.html'))
      expect(embedOf(again.original)['title']).toBe('Already in the coverage')
      const { articles, problems } = parseSeeds(await readSeedFiles(seeds.dir))
      expect(problems).toEqual([])
      expect(articles).toHaveLength(7)
      expect(JSON.parse(await readFile(join(seeds.dir, `${articles.find(a => a.title.startsWith('Night ferry'))?.id ?? ''}.meta.json`), 'utf8'))).toMatchObject({ attachment: 'ferry-notes.md' })
    } finally {
      await bot?.stop()
      bot = undefined
      await seeds.remove()
      await rm(snapshots, { recursive: true, force: true })
    }
  })
})
