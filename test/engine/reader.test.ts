import { afterEach, describe, expect, it } from 'vitest'
import { prepareIngest, type IngestInput } from '../../src/core/ingest.js'
import { PageReader } from '../../src/engine/reader.js'
import { GRAPH_PAGE } from '../web/pages.js'

let reader: PageReader | undefined
afterEach(async () => { await reader?.close() })

describe('PageReader', () => {
  it('reads a page in a worker thread exactly as prepareIngest does in this one, problems as sentences', async () => {
    reader = new PageReader()
    await reader.warm()
    const page: IngestInput = { kind: 'page', url: 'https://ledger.example/news/graph.html', bytes: Buffer.from(GRAPH_PAGE), charset: 'utf-8', fetchedAt: '2024-05-05T15:00:00.000Z' }
    const inWorker = await reader.read(page)
    const here = prepareIngest(page)
    expect(inWorker.articles.map(a => ({ ...a, bytes: Buffer.from(a.bytes) }))).toEqual(here.articles.map(a => ({ ...a, bytes: Buffer.from(a.bytes) })))
    const upload: IngestInput = { kind: 'file', name: 'scan.pdf', bytes: Buffer.from('%PDF-1.7'), receivedAt: '2024-05-05T15:00:00.000Z' }
    expect(await reader.read(upload)).toEqual({ articles: [], problems: [{ message: 'attachment "scan.pdf": is not an article file (Dateline reads .html, .htm, .txt, .md, .jsonl)' }] })
  })

  it('refuses inputs once closed', async () => {
    reader = new PageReader()
    await reader.close()
    await expect(reader.read({ kind: 'file', name: 'a.txt', bytes: Buffer.from('A\n\nB.'), receivedAt: '2024-05-05T15:00:00.000Z' })).rejects.toThrow('Dateline reader: closed')
  })
})
