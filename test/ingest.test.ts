import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseSeeds } from '../src/core/coverage.js'
import { coverageKeys, findDuplicate, prepareIngest, textHash } from '../src/core/ingest.js'
import { Dateline } from '../src/dateline.js'
import { ingestFile, ingestUrl, removeIncompleteIngests, storeArticle, type IngestContext } from '../src/ingest.js'
import { Ingester } from '../src/ingester.js'
import { readSeedFiles } from '../src/io.js'
import { createLogger } from '../src/log.js'
import { createFetcher, FetchError, type Fetcher } from '../src/net/fetch.js'
import { scratchSeeds } from './helpers.js'
import { TIME_ONLY_PAGE } from './web/pages.js'
import { startWebServer, type WebServer } from './web/server.js'

let web: WebServer
let fetcher: Fetcher
let scratch: Awaited<ReturnType<typeof scratchSeeds>>
let context: IngestContext
beforeAll(async () => {
  web = await startWebServer()
  fetcher = createFetcher({ allowHosts: ['127.0.0.1'], timeoutMs: 2_000 })
})
afterAll(async () => {
  await fetcher.close()
  await web.close()
})
beforeEach(async () => {
  scratch = await scratchSeeds()
  const { articles } = parseSeeds(await readSeedFiles(scratch.dir))
  context = { coverageDir: scratch.dir, keys: coverageKeys(articles), now: () => new Date('2024-05-05T15:00:00Z') }
})
afterEach(async () => { await scratch.remove() })

async function coverage (): Promise<ReturnType<typeof parseSeeds>> {
  return parseSeeds(await readSeedFiles(scratch.dir))
}

describe('ingestUrl', () => {
  it('fetches a page and stores it with its sidecar; the folder then reads the same article', async () => {
    const report = await ingestUrl(web.url('/news/graph.html?utm_source=share'), fetcher, context)
    expect(report.problems).toEqual([])
    expect(report.duplicates).toEqual([])
    expect(report.added).toHaveLength(1)
    const [added] = report.added
    expect(added).toMatchObject({
      title: 'Port authority approves Kestrel Bay terminal expansion',
      outlet: 'Coastal Ledger',
      date: '2024-03-14',
      time: '09:30',
      dateSource: 'metadata',
      modified: '2024-03-15',
      url: web.url('/news/2024/03/kestrel-bay-terminal'),
      paragraphs: 7,
    })
    const sidecar = JSON.parse(await readFile(join(scratch.dir, `${added?.id ?? ''}.meta.json`), 'utf8'))
    expect(sidecar).toEqual({ sourceUrl: web.url('/news/graph.html?utm_source=share'), fetchedAt: expect.any(String), charset: 'utf-8' })
    const { articles, problems } = await coverage()
    expect(problems).toEqual([])
    expect(articles.find(a => a.id === added?.id)).toEqual(added?.article)
  })

  it('reads pages in a legacy charset, declared by the page or only by the server, and stores them to read back the same', async () => {
    const declaredByPage = await ingestUrl(web.url('/news/latin1.html'), fetcher, context)
    const declaredByServer = await ingestUrl(web.url('/news/latin1-declared-by-header.html'), fetcher, { ...context, keys: coverageKeys() })
    for (const report of [declaredByPage, declaredByServer]) {
      expect(report.added[0]?.article.paragraphs[0]?.text).toMatch(/^Zoë Çelik won the Lisbon chess open on Sunday, beating José Müller/)
    }
    expect(declaredByPage.added[0]?.article.paragraphs[0]?.text).toContain('€5,000')
    const sidecar = JSON.parse(await readFile(join(scratch.dir, `${declaredByServer.added[0]?.id ?? ''}.meta.json`), 'utf8'))
    expect(sidecar.charset).toBe('ISO-8859-1')
    const { articles } = await coverage()
    expect(articles.find(a => a.id === declaredByServer.added[0]?.id)).toEqual(declaredByServer.added[0]?.article)
  })

  it('says a second ingest of the same story is a duplicate and changes nothing', async () => {
    const first = await ingestUrl(web.url('/news/graph.html'), fetcher, context)
    const files = await readdir(scratch.dir)
    const requests = web.requests.length
    // The same address: known before fetching.
    expect(await ingestUrl(web.url('/news/graph.html#top'), fetcher, context)).toEqual({
      added: [], problems: [], duplicates: [{ id: first.added[0]?.id, by: 'url', title: null, url: web.url('/news/graph.html#top') }],
    })
    expect(web.requests.length).toBe(requests)
    // Another address for the same page: its canonical address says so.
    expect((await ingestUrl(web.url('/news/moved'), fetcher, context)).duplicates).toEqual([
      { id: first.added[0]?.id, by: 'url', title: 'Port authority approves Kestrel Bay terminal expansion', url: web.url('/news/2024/03/kestrel-bay-terminal') },
    ])
    expect(await readdir(scratch.dir)).toEqual(files)
  })

  it('recognises a story the coverage already holds as text, under another address', async () => {
    const uploaded = await ingestFile('tolls.html', Buffer.from(TIME_ONLY_PAGE.replace(/<meta property="og:url"[^>]*>/, '')), context)
    expect(uploaded.added[0]?.url).toBeNull()
    const again = await ingestUrl(web.url('/news/time-only.html'), fetcher, context)
    expect(again).toEqual({ added: [], problems: [], duplicates: [{ id: uploaded.added[0]?.id, by: 'text', title: 'Council delays vote on river bridge tolls', url: 'https://courier.example/local/bridge-tolls' }] })
  })

  it('lets a refusal through as the fetch module\'s error, writing nothing', async () => {
    const files = await readdir(scratch.dir)
    await expect(ingestUrl(web.url('/hostile/pdf-as-html'), fetcher, context)).rejects.toThrow(FetchError)
    await expect(ingestUrl(web.url('/hostile/to-file'), fetcher, context)).rejects.toThrow('Dateline fetch: refused file:///etc/passwd: only http and https URLs are fetched')
    expect(await readdir(scratch.dir)).toEqual(files)
  })

  it('reports a page with no article text, writing nothing', async () => {
    const files = await readdir(scratch.dir)
    expect(await ingestUrl(web.url('/news/empty.html'), fetcher, context)).toEqual({
      added: [], duplicates: [], problems: [`page ${web.url('/news/empty.html')}: has no citable text after removing boilerplate`],
    })
    expect(await readdir(scratch.dir)).toEqual(files)
  })
})

describe('ingestFile', () => {
  it('stores an uploaded text file and reports a second upload of the same text as a duplicate', async () => {
    const text = Buffer.from('Ferry route links the two harbours\n\n3 Apr, 2024 09:00\n\nA new ferry links the two harbours from April, the port said.')
    const first = await ingestFile('ferry.txt', text, context)
    expect(first.added[0]).toMatchObject({ title: 'Ferry route links the two harbours', date: '2024-04-03', time: '09:00', dateSource: 'byline', paragraphs: 1 })
    const second = await ingestFile('ferry (1).txt', text, context)
    expect(second).toMatchObject({ added: [], duplicates: [{ id: first.added[0]?.id, by: 'text' }] })
    const sidecar = JSON.parse(await readFile(join(scratch.dir, `${first.added[0]?.id ?? ''}.meta.json`), 'utf8'))
    expect(sidecar).toEqual({ attachment: 'ferry.txt', fetchedAt: '2024-05-05T15:00:00.000Z' })
  })

  it('stores each new record of a JSONL upload, skipping duplicates within it', async () => {
    const record = (id: number, title: string) => JSON.stringify({ id, title, date: '2024-04-01', publisher: 'Wire', text: `${title} was reported on Monday by the regional wire.` })
    const report = await ingestFile('wire.jsonl', Buffer.from([record(1, 'First story'), record(2, 'Second story'), record(3, 'First story')].join('\n')), context)
    expect(report.added.map(a => a.title)).toEqual(['First story', 'Second story'])
    expect(report.duplicates).toEqual([{ id: report.added[0]?.id, by: 'text', title: 'First story', url: null }])
    const { articles, problems } = await coverage()
    expect(problems).toEqual([])
    expect(articles.filter(a => a.outlet === 'Wire').map(a => a.title)).toEqual(['First story', 'Second story'])
  })
})

describe('an ingest killed part-way', () => {
  it('leaves the coverage readable at every step, and the next start clears what it left', async () => {
    const [prepared] = prepareIngest({ kind: 'page', url: web.url('/news/byline.html'), bytes: Buffer.from((await fetcher.fetch(web.url('/news/byline.html'), { purpose: 'page' })).bytes), charset: 'utf-8', fetchedAt: '2024-05-05T15:00:00.000Z' }).articles
    if (prepared === undefined) throw new Error('expected an article')
    const before = await coverage()
    const sidecar = `${JSON.stringify(prepared.sidecar, null, 2)}\n`
    // Each state a kill can leave, in write order: a temporary sidecar, the sidecar, then a temporary article.
    const states = [
      { [`.${prepared.sidecarName}.4242-0badc0de.tmp`]: sidecar.slice(0, 20) },
      { [prepared.sidecarName]: sidecar },
      { [prepared.sidecarName]: sidecar, [`.${prepared.fileName}.4242-0badc0de.tmp`]: Buffer.from(prepared.bytes).subarray(0, 100) },
    ]
    for (const state of states) {
      for (const [name, content] of Object.entries(state)) await writeFile(join(scratch.dir, name), content)
      expect(await coverage()).toEqual(before)
      expect((await removeIncompleteIngests(scratch.dir)).sort()).toEqual(Object.keys(state).sort())
      expect(await coverage()).toEqual(before)
    }
    await storeArticle(scratch.dir, prepared)
    expect(await removeIncompleteIngests(scratch.dir)).toEqual([])
    expect((await coverage()).articles.find(a => a.id === prepared.id)).toEqual(prepared.article)
  })

  it('never overwrites an article already stored, nor removes a hand-written sidecar', async () => {
    const [prepared] = prepareIngest({ kind: 'file', name: 'a.txt', bytes: Buffer.from('Headline\n\nBody text.'), receivedAt: '2024-05-05T15:00:00.000Z' }).articles
    if (prepared === undefined) throw new Error('expected an article')
    await storeArticle(scratch.dir, prepared)
    await expect(storeArticle(scratch.dir, prepared)).rejects.toThrow(`Dateline ingest: "${prepared.fileName}" is already in the coverage folder; not overwritten`)
    await writeFile(join(scratch.dir, 'orphan.meta.json'), '{"outlet": "RT"}')
    expect(await removeIncompleteIngests(scratch.dir)).toEqual([])
  })
})

describe('Ingester.pickUpStored', () => {
  it('takes in the article files the index does not hold, each once, reads a page as a start does, and reports a broken file', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    const ingester = new Ingester({ coverageDir: scratch.dir, target: dateline, fetcher, logger: createLogger({ secrets: [], level: 'silent' }), readInWorker: false })
    try {
      expect(await ingester.pickUpStored()).toEqual({ added: [], problems: [], indexError: null })
      await scratch.write('time-only.html', TIME_ONLY_PAGE)
      await scratch.write('comments.txt', 'Leave a Reply')
      const first = await ingester.pickUpStored()
      expect(first.added.map(({ id, title, outlet, date, dateSource }) => ({ id, title, outlet, date, dateSource }))).toEqual([
        { id: 'time-only', title: 'Council delays vote on river bridge tolls', outlet: 'Valley Courier', date: '2024-02-02', dateSource: 'metadata' },
      ])
      expect(first.problems).toEqual(['seed "comments.txt": has no citable text after removing boilerplate'])
      expect(first.added[0]?.passages).toBe(1)
      expect((await dateline.ask('river bridge tolls vote')).citations[0]?.articleId).toBe('time-only')
      expect(dateline.catalog.sources).toHaveLength(6)
      expect((await ingester.pickUpStored()).added).toEqual([])
      // Known by its text from then on: an /ingest of the same story is a duplicate.
      expect(findDuplicate({ textHash: textHash(parseSeeds(await readSeedFiles(scratch.dir)).articles.find(a => a.id === 'time-only') ?? { paragraphs: [] }) }, await dateline.coverageKeys())).toEqual({ id: 'time-only', by: 'text' })
    } finally {
      await ingester.close()
      await dateline.close()
    }
  })
})
