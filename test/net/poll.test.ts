import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addFeed, findFeed, recordPoll, replaceFeed, type FeedRecord } from '../../src/core/feeds.js'
import { FEED_STATE_FILE, feedStatePath, FeedStore, pollFeed } from '../../src/feeds.js'
import { createFetcher, type Fetcher } from '../../src/net/fetch.js'
import { startWebServer, type WebServer } from '../web/server.js'

let web: WebServer
let fetcher: Fetcher
let dir: string
beforeAll(async () => {
  web = await startWebServer()
  fetcher = createFetcher({ allowHosts: ['127.0.0.1'], timeoutMs: 2_000 })
})
afterAll(async () => {
  await fetcher.close()
  await web.close()
})
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-feeds-'))
  web.publishFeeds(1)
})
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

const now = (minutes: number) => new Date(Date.UTC(2024, 4, 5, 15, minutes))

/** One poll as the bot will run it: poll, ingest every new item (here: accept them), record, save. */
async function pollAndSave (store: FeedStore, url: string, minutes: number, failing: string[] = []): Promise<{ keys: string[], links: Array<string | null>, status: string, feed: FeedRecord }> {
  const feed = findFeed(await store.read(), url)
  if (feed === undefined) throw new Error('feed not followed')
  const { outcome, items } = await pollFeed(fetcher, feed)
  const ingested = items.filter(item => !failing.includes(item.key)).map(item => item.key)
  const errors = items.filter(item => failing.includes(item.key)).map(item => `could not fetch ${item.link ?? ''}`)
  const updated = recordPoll(feed, outcome, { ingested, errors }, now(minutes))
  await store.update(state => ({ state: replaceFeed(state, updated), result: null }))
  return { keys: items.map(item => item.key), links: items.map(item => item.link), status: outcome.status, feed: updated }
}

describe('polling a feed', () => {
  it('returns every item the first time, nothing while the feed is unchanged (304), and only the new items after it changes', async () => {
    const store = new FeedStore(feedStatePath(dir))
    const url = web.url('/feeds/rss.xml')
    await store.update(state => ({ state: addFeed(state, url, now(0), '42').state, result: null }))

    const first = await pollAndSave(store, url, 0)
    expect(first).toMatchObject({ status: 'fetched', keys: ['ledger-1187', 'courier-0042'], links: [web.url('/news/graph.html?utm_source=rss'), web.url('/news/time-only.html')] })
    expect(first.feed).toMatchObject({ title: 'Regional Wire', etag: '"rss-edition-1"', itemCount: 2, lastError: null })

    const unchanged = await pollAndSave(store, url, 15)
    expect(unchanged).toMatchObject({ status: 'not-modified', keys: [] })
    expect(web.requests.at(-1)?.headers['if-none-match']).toBe('"rss-edition-1"')
    expect(web.requests.at(-1)?.headers['if-modified-since']).toBe('Thu, 14 Mar 2024 04:00:00 GMT')

    web.publishFeeds(2)
    const changed = await pollAndSave(store, url, 30)
    expect(changed).toMatchObject({ status: 'fetched', keys: ['metro-bulletin-5521', web.url('/news/undated.html')] })
    expect(changed.feed).toMatchObject({ etag: '"rss-edition-2"', itemCount: 4, lastPolledAt: '2024-05-05T15:30:00.000Z' })
  })

  it('offers an item that failed again at the next poll instead of hiding it behind a 304', async () => {
    const store = new FeedStore(feedStatePath(dir))
    const url = web.url('/feeds/atom.xml')
    await store.update(state => ({ state: addFeed(state, url, now(0)).state, result: null }))
    const first = await pollAndSave(store, url, 0, ['tag:tabuleiro.example,2024:lisbon-open'])
    expect(first.feed).toMatchObject({ etag: null, itemCount: 0, lastError: `could not fetch ${web.url('/news/latin1.html')}` })
    const second = await pollAndSave(store, url, 15)
    expect(second).toMatchObject({ status: 'fetched', keys: ['tag:tabuleiro.example,2024:lisbon-open'] })
    expect(second.feed).toMatchObject({ etag: '"atom-edition-1"', itemCount: 1, lastError: null })
  })

  it('offers an item listed twice in a feed once', async () => {
    const feed = addFeed({ version: 1, feeds: [] }, web.url('/feeds/duplicates.xml'), now(0)).feed
    const { items } = await pollFeed(fetcher, feed)
    expect(items.map(item => item.link)).toEqual([web.url('/news/ferry'), web.url('/news/dredging')])
  })

  it('records a malformed feed\'s error and goes on', async () => {
    const store = new FeedStore(feedStatePath(dir))
    const url = web.url('/feeds/malformed.xml')
    await store.update(state => ({ state: addFeed(state, url, now(0)).state, result: null }))
    const polled = await pollAndSave(store, url, 0)
    expect(polled).toMatchObject({ status: 'failed', keys: [] })
    expect(polled.feed.lastError).toBe(`Dateline feed ${url}: is not well-formed XML (line 6, column 26: Expected closing tag 'title' (opened in line 6, col 7) instead of closing tag 'item'.)`)
  })

  it('records a refused fetch as the feed\'s error', async () => {
    const strict = createFetcher()
    try {
      const feed = addFeed({ version: 1, feeds: [] }, web.url('/feeds/rss.xml'), now(0)).feed
      const { outcome } = await pollFeed(strict, feed)
      expect(outcome).toEqual({ status: 'failed', error: `Dateline fetch: refused ${web.url('/feeds/rss.xml')}: 127.0.0.1 is a loopback address (an operator can allow it with FETCH_ALLOW_HOSTS)` })
    } finally {
      await strict.close()
    }
  })
})

describe('FeedStore', () => {
  it('keeps the state in a hidden file beside the coverage, applying concurrent updates one after another', async () => {
    const store = new FeedStore(feedStatePath(dir))
    expect(await store.read()).toEqual({ version: 1, feeds: [] })
    await Promise.all(['a', 'b', 'c'].map(async name => {
      await store.update(state => ({ state: addFeed(state, `https://wire.example/${name}.xml`, now(0)).state, result: null }))
    }))
    expect((await store.read()).feeds.map(feed => feed.url).sort()).toEqual(['https://wire.example/a.xml', 'https://wire.example/b.xml', 'https://wire.example/c.xml'])
    expect(await readdir(dir)).toEqual([FEED_STATE_FILE])
  })

  it('refuses to overwrite a damaged state file', async () => {
    await writeFile(feedStatePath(dir), '{"version": 2, "feeds": []}')
    const store = new FeedStore(feedStatePath(dir))
    const expected = `feed state "${feedStatePath(dir)}": invalid feed state: "version" Invalid input: expected 1`
    await expect(store.read()).rejects.toThrow(expected)
    await expect(store.update(state => ({ state, result: null }))).rejects.toThrow(expected)
  })
})
