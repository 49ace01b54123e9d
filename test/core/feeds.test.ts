import { describe, expect, it } from 'vitest'
import { decodeXml } from '../../src/core/charset.js'
import { addFeed, emptyFeedState, parseFeed, parseFeedState, recordPoll, removeFeed, serializeFeedState, type FeedRecord } from '../../src/core/feeds.js'
import { atomFeed, DUPLICATE_ITEMS_FEED, MALFORMED_FEED, rssFeed } from '../web/feeds.js'

const ORIGIN = 'https://wire.example'
const rss = (edition: 1 | 2) => rssFeed(edition).replaceAll('{origin}', ORIGIN)

describe('parseFeed', () => {
  it('reads an RSS 2.0 feed: title, item links, guids and dates', () => {
    expect(parseFeed(rss(2), `${ORIGIN}/feeds/rss.xml`)).toEqual({
      format: 'rss',
      title: 'Regional Wire',
      items: [
        { key: 'metro-bulletin-5521', title: 'Tram line to the airport opens', link: `${ORIGIN}/news/byline.html`, published: { date: '2024-05-05', time: '14:20' } },
        { key: `${ORIGIN}/news/undated.html`, title: 'Library extends opening hours & adds reading clubs', link: `${ORIGIN}/news/undated.html`, published: null },
        { key: 'ledger-1187', title: 'Port authority approves Kestrel Bay terminal expansion', link: `${ORIGIN}/news/graph.html?utm_source=rss`, published: { date: '2024-03-14', time: '04:00' } },
      ],
    })
  })

  it('reads an Atom feed: the alternate link resolved against xml:base, published before updated, markup out of titles', () => {
    expect(parseFeed(atomFeed(2).replaceAll('{origin}', ORIGIN), `${ORIGIN}/feeds/atom.xml`)).toEqual({
      format: 'atom',
      title: 'Board and Court',
      items: [
        { key: 'tag:gazette.example,2024:grain-outlook', title: 'Grain exporters brace for lower harvest', link: `${ORIGIN}/news/paywall.html`, published: { date: '2024-04-02', time: '10:15' } },
        { key: 'tag:tabuleiro.example,2024:lisbon-open', title: 'Zoë Çelik wins the Lisbon chess open', link: `${ORIGIN}/news/latin1.html`, published: { date: '2024-01-21', time: '19:00' } },
      ],
    })
  })

  it('collapses an item listed twice, by guid or by link', () => {
    const { items } = parseFeed(DUPLICATE_ITEMS_FEED.replaceAll('{origin}', ORIGIN), `${ORIGIN}/feeds/duplicates.xml`)
    expect(items.map(item => [item.key, item.title])).toEqual([
      ['echo-1', 'Ferry route links the two harbours'],
      [`${ORIGIN}/news/dredging`, 'Dredging contract awarded'],
    ])
  })

  it('names the place where malformed XML breaks', () => {
    expect(() => parseFeed(MALFORMED_FEED, `${ORIGIN}/feeds/malformed.xml`)).toThrow(
      `Dateline feed ${ORIGIN}/feeds/malformed.xml: is not well-formed XML (line 6, column 26: Expected closing tag 'title' (opened in line 6, col 7) instead of closing tag 'item'.)`
    )
  })

  it('says when a well-formed document is not a feed', () => {
    expect(() => parseFeed('<?xml version="1.0"?><html><body>hi</body></html>', `${ORIGIN}/x`)).toThrow(`Dateline feed ${ORIGIN}/x: is not an RSS or Atom feed (its root element is <html>)`)
  })

  it('does not expand entities a feed declares', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title></channel></rss>'
    expect(parseFeed(bomb, `${ORIGIN}/x`).title?.length ?? 0).toBeLessThan(20)
  })
})

describe('decodeXml', () => {
  it('follows the XML declaration\'s encoding', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Zoë</title></channel></rss>', 'latin1')
    expect(decodeXml(bytes).text).toContain('<title>Zoë</title>')
  })
})

describe('feed state', () => {
  const now = new Date('2024-05-05T15:00:00Z')
  const later = new Date('2024-05-05T15:15:00Z')

  it('adds a feed once, and removes it', () => {
    const first = addFeed(emptyFeedState(), 'https://wire.example/feeds/rss.xml#top', now, '123')
    expect(first.added).toBe(true)
    expect(first.feed).toEqual({
      url: 'https://wire.example/feeds/rss.xml',
      title: null,
      addedAt: '2024-05-05T15:00:00.000Z',
      addedBy: '123',
      etag: null,
      lastModified: null,
      seen: [],
      itemCount: 0,
      lastPolledAt: null,
      lastSuccessAt: null,
      lastError: null,
    })
    const again = addFeed(first.state, 'HTTPS://WIRE.example/feeds/rss.xml', now)
    expect(again.added).toBe(false)
    expect(again.state.feeds).toHaveLength(1)
    expect(removeFeed(again.state, 'https://wire.example/feeds/rss.xml').state.feeds).toEqual([])
    expect(() => addFeed(emptyFeedState(), 'file:///etc/passwd', now)).toThrow('Dateline feed file:///etc/passwd: is not an http(s) URL')
  })

  it('round-trips through its file and names a damaged field', () => {
    const { state } = addFeed(emptyFeedState(), 'https://wire.example/rss', now)
    expect(parseFeedState(serializeFeedState(state), 'feed state "f"')).toEqual(state)
    expect(() => parseFeedState('{"version": 1, "feeds": [{"url": "nope"}]}', 'feed state "f"')).toThrow('feed state "f": invalid feed state: "feeds.0.url" must be an http(s) URL')
    expect(() => parseFeedState('{"version": 1,', 'feed state "f"')).toThrow(/^feed state "f": is not valid JSON \(/)
  })

  describe('recordPoll', () => {
    const items = parseFeed(rss(1), `${ORIGIN}/feeds/rss.xml`).items
    const fetched = { status: 'fetched', title: 'Regional Wire', items, etag: '"e1"', lastModified: 'Thu, 14 Mar 2024 04:00:00 GMT' } as const
    const feed: FeedRecord = addFeed(emptyFeedState(), `${ORIGIN}/feeds/rss.xml`, now).feed

    it('remembers handled items, counts ingested ones and keeps the validators when all were handled', () => {
      const after = recordPoll(feed, fetched, { ingested: ['ledger-1187'], skipped: ['courier-0042'] }, later)
      expect(after).toMatchObject({
        title: 'Regional Wire',
        etag: '"e1"',
        lastModified: 'Thu, 14 Mar 2024 04:00:00 GMT',
        seen: ['ledger-1187', 'courier-0042'],
        itemCount: 1,
        lastPolledAt: '2024-05-05T15:15:00.000Z',
        lastSuccessAt: '2024-05-05T15:15:00.000Z',
        lastError: null,
      })
    })

    it('drops the validators while an item is still to be tried again, so no 304 hides it', () => {
      const after = recordPoll(feed, fetched, { ingested: ['ledger-1187'], errors: ['Dateline fetch: http://x did not finish within 15 s'] }, later)
      expect(after).toMatchObject({ etag: null, lastModified: null, seen: ['ledger-1187'], itemCount: 1, lastError: 'Dateline fetch: http://x did not finish within 15 s' })
    })

    it('records a failed poll\'s reason and keeps everything else', () => {
      const handled = recordPoll(feed, fetched, { ingested: ['ledger-1187', 'courier-0042'] }, now)
      const failed = recordPoll(handled, { status: 'failed', error: 'Dateline feed x: is not well-formed XML' }, {}, later)
      expect(failed).toEqual({ ...handled, lastPolledAt: '2024-05-05T15:15:00.000Z', lastError: 'Dateline feed x: is not well-formed XML' })
    })
  })
})
