import { describe, expect, it } from 'vitest'
import { parseCorpusRecord } from '../../src/core/articles.js'
import { parseSeeds } from '../../src/core/coverage.js'
import { coverageKeys, findDuplicate, ingestedId, prepareIngest, textHash, urlKey } from '../../src/core/ingest.js'
import { article } from '../helpers.js'
import { GRAPH_PAGE, PAYWALL_PAGE, WINDOWS_1252_HTML, windows1252Bytes } from '../web/pages.js'

const FETCHED_AT = '2024-05-05T15:00:00.000Z'

describe('urlKey', () => {
  it('treats scheme, www, fragment, default port, tracking parameters and a trailing slash as the same address', () => {
    const key = 'ledger.example/news/kestrel?page=2'
    expect(urlKey('https://www.ledger.example/news/kestrel/?utm_source=rss&page=2#comments')).toBe(key)
    expect(urlKey('http://ledger.example:80/news/kestrel?page=2&fbclid=x')).toBe(key)
    expect(urlKey('https://ledger.example/news/kestrel?page=3')).not.toBe(key)
    expect(urlKey('mailto:desk@ledger.example')).toBeNull()
  })
})

describe('ingestedId', () => {
  it('is readable, stable and file-name safe', () => {
    const id = ingestedId({ url: 'https://www.ledger.example/news/2024/03/kestrel-bay-terminal.html?utm_medium=x', title: 'T', paragraphs: [] })
    expect(id).toMatch(/^ledger-example-03-kestrel-bay-terminal-[0-9a-f]{8}$/)
    expect(ingestedId({ url: 'https://ledger.example/news/2024/03/kestrel-bay-terminal.html', title: 'Other', paragraphs: [] })).toBe(id)
    const untitled = ingestedId({ url: null, title: 'Zoë Çelik: "wins" / the open?', paragraphs: [{ text: 'Body.', heading: null }] })
    expect(untitled).toMatch(/^zoe-celik-wins-the-open-[0-9a-f]{8}$/)
    expect(ingestedId({ url: null, title: '…', paragraphs: [{ text: 'Body.', heading: null }] })).toMatch(/^article-[0-9a-f]{8}$/)
  })
})

describe('findDuplicate', () => {
  const stored = [
    article('kestrel', ['The board voted seven to two.'], { url: 'https://ledger.example/news/kestrel' }),
    article('tolls', ['The council postponed its vote.']),
  ]
  const keys = coverageKeys(stored)

  it('finds a stored article by canonical address first, then by its text', () => {
    expect(findDuplicate({ urls: ['https://www.ledger.example/news/kestrel?utm_source=feed'] }, keys)).toEqual({ id: 'kestrel', by: 'url' })
    expect(findDuplicate({ urls: ['https://elsewhere.example/copy'], textHash: textHash(article('x', ['The council  postponed its VOTE.'])) }, keys)).toEqual({ id: 'tolls', by: 'text' })
    expect(findDuplicate({ urls: ['https://elsewhere.example/new'], textHash: textHash(article('y', ['Something else.'])) }, keys)).toBeNull()
  })
})

describe('prepareIngest', () => {
  it('prepares a fetched page: the .html as fetched, a sidecar with where and when it came from, the article as the folder will read it', () => {
    const { articles, problems } = prepareIngest({ kind: 'page', url: 'https://ledger.example/news/2024/03/kestrel-bay-terminal?utm_source=rss', bytes: Buffer.from(GRAPH_PAGE), charset: 'utf-8', fetchedAt: FETCHED_AT })
    expect(problems).toEqual([])
    const [prepared] = articles
    expect(prepared?.id).toMatch(/^ledger-example-03-kestrel-bay-terminal-[0-9a-f]{8}$/)
    expect(prepared?.fileName).toBe(`${prepared?.id}.html`)
    expect(prepared?.sidecarName).toBe(`${prepared?.id}.meta.json`)
    expect(prepared?.sidecar).toEqual({ sourceUrl: 'https://ledger.example/news/2024/03/kestrel-bay-terminal?utm_source=rss', fetchedAt: FETCHED_AT, charset: 'utf-8' })
    expect(Buffer.from(prepared?.bytes ?? []).toString('utf8')).toBe(GRAPH_PAGE)
    expect(prepared?.article).toMatchObject({
      id: prepared?.id,
      title: 'Port authority approves Kestrel Bay terminal expansion',
      outlet: 'Coastal Ledger',
      url: 'https://ledger.example/news/2024/03/kestrel-bay-terminal',
      date: '2024-03-14',
      dateSource: 'metadata',
      modified: '2024-03-15',
    })
    // Read back from the folder, the same article.
    const reread = parseSeeds([{ name: prepared?.fileName ?? '', text: null, bytes: prepared?.bytes, metadataText: JSON.stringify(prepared?.sidecar), problem: null }])
    expect(reread).toEqual({ articles: [prepared?.article], problems: [] })
  })

  it('keeps the charset the server declared, so the stored page reads back the same', () => {
    const bytes = Buffer.from(WINDOWS_1252_HTML.replace(/<meta http-equiv[^>]*>/, '').replace(/[“”€]/g, ''), 'latin1')
    const [prepared] = prepareIngest({ kind: 'page', url: 'https://chess.example/open', bytes, charset: 'ISO-8859-1', fetchedAt: FETCHED_AT }).articles
    expect(prepared?.article.paragraphs[0]?.text).toContain('José Müller')
    const reread = parseSeeds([{ name: prepared?.fileName ?? '', text: null, bytes: prepared?.bytes, metadataText: JSON.stringify(prepared?.sidecar), problem: null }])
    expect(reread.articles[0]?.paragraphs).toEqual(prepared?.article.paragraphs)
  })

  it('reads uploaded .html, .txt and .md files, recording the file name', () => {
    const html = prepareIngest({ kind: 'file', name: 'chess.htm', bytes: windows1252Bytes(WINDOWS_1252_HTML), receivedAt: FETCHED_AT }).articles[0]
    expect(html).toMatchObject({ fileName: expect.stringMatching(/^zoe-celik-wins-the-lisbon-chess-open-[0-9a-f]{8}\.html$/), sidecar: { attachment: 'chess.htm', fetchedAt: FETCHED_AT } })
    const text = prepareIngest({ kind: 'file', name: 'ferry.txt', bytes: Buffer.from('Ferry route opens\n\n3 Apr, 2024 09:00\n\nA new ferry links the two harbours.'), receivedAt: FETCHED_AT }).articles[0]
    expect(text?.article).toMatchObject({ title: 'Ferry route opens', date: '2024-04-03', dateSource: 'byline', url: null })
    expect(text?.fileName).toMatch(/^ferry-route-opens-[0-9a-f]{8}\.txt$/)
    const markdown = prepareIngest({ kind: 'file', name: 'notes.md', bytes: Buffer.from('# Harbour notes\n\n- **Dredging** starts in October.\n'), receivedAt: FETCHED_AT }).articles[0]
    expect(markdown?.fileName).toMatch(/\.md$/)
  })

  it('stores each JSONL record as a text article that reads back as the corpus reader reads the record', () => {
    const records = [
      { id: 1, title: 'Grain exporters brace for lower harvest', date: '2024-04-01T06:00:00Z', url: 'https://gazette.example/grain', publisher: 'Farm Gazette', text: 'Wheat exporters expect a smaller harvest.\n\nShipments to North Africa will be cut first.' },
      { id: 2, date: 'unknown', url: 'n/a', text: 'Ferry route opens\nA new ferry links the two harbours.' },
    ]
    const lines = [...records.map(r => JSON.stringify(r)), '{"id": 3}', 'not json']
    const { articles, problems } = prepareIngest({ kind: 'file', name: 'wire.jsonl', bytes: Buffer.from(lines.join('\n')), receivedAt: FETCHED_AT })
    expect(problems.map(p => p.message)).toEqual([
      'attachment "wire.jsonl" line 3: invalid record: "text" Invalid input: expected string, received undefined',
      expect.stringMatching(/^attachment "wire.jsonl" line 4: is not valid JSON \(/),
    ])
    expect(articles.map(a => a.sidecar)).toEqual([
      { date: '2024-04-01', outlet: 'Farm Gazette', url: 'https://gazette.example/grain', attachment: 'wire.jsonl', fetchedAt: FETCHED_AT },
      { attachment: 'wire.jsonl', fetchedAt: FETCHED_AT },
    ])
    const reread = parseSeeds(articles.map(a => ({ name: a.fileName, text: Buffer.from(a.bytes).toString('utf8'), metadataText: JSON.stringify(a.sidecar), problem: null })))
    expect(reread.problems).toEqual([])
    const asCorpus = records.map((r, i) => parseCorpusRecord(`line ${i + 1}`, JSON.stringify(r)))
    expect(reread.articles.map(({ id, ...rest }) => rest)).toEqual([
      (({ id, ...rest }) => rest)(asCorpus[0] ?? article('none', [])),
      (({ id, url, ...rest }) => ({ ...rest, url: null }))(asCorpus[1] ?? article('none', [])),
    ])
  })

  it('refuses files it cannot read, naming them', () => {
    const refused = (name: string, bytes: Buffer) => prepareIngest({ kind: 'file', name, bytes, receivedAt: FETCHED_AT }).problems.map(p => p.message)
    expect(refused('scan.pdf', Buffer.from('%PDF-1.7'))).toEqual(['attachment "scan.pdf": is not an article file (Dateline reads .html, .htm, .txt, .md, .jsonl)'])
    expect(refused('old.txt', Buffer.from('Müller', 'latin1'))).toEqual(['attachment "old.txt": is not UTF-8 text'])
    expect(refused('empty.md', Buffer.from('  \n'))).toEqual(['attachment "empty.md": has no text'])
    expect(prepareIngest({ kind: 'page', url: 'https://x.example/a', bytes: Buffer.from('<html><body><p>Read Also: other</p></body></html>'), charset: null, fetchedAt: FETCHED_AT }).problems.map(p => p.message))
      .toEqual(['page https://x.example/a: has no citable text after removing boilerplate'])
  })

  it('gives the same story the same text hash whatever page it came from', () => {
    const a = prepareIngest({ kind: 'page', url: 'https://gazette.example/grain', bytes: Buffer.from(PAYWALL_PAGE), charset: null, fetchedAt: FETCHED_AT }).articles[0]
    const b = prepareIngest({ kind: 'page', url: 'https://amp.gazette.example/grain', bytes: Buffer.from(PAYWALL_PAGE.replace('<title>', '<title>AMP: ')), charset: null, fetchedAt: FETCHED_AT }).articles[0]
    expect(a?.textHash).toBe(b?.textHash)
    expect(a?.id).not.toBe(b?.id)
  })
})
