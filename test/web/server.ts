/**
 * A loopback web server for the fetch, feed and ingest specs: realistic news
 * pages and feeds, and hostile answers (a 50 MB body, a body that never ends,
 * redirect chains and a redirect to 127.0.0.1, a PDF served as HTML, a page
 * that answers only after a while), and files as Discord attachments. It
 * records every request, so a spec can show that a refused URL was never
 * requested at all.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { atomFeed, DUPLICATE_ITEMS_FEED, MALFORMED_FEED, rssFeed } from './feeds.js'
import { BYLINE_PAGE, FERRY_NOTES_MD, GRAPH_PAGE, PAYWALL_PAGE, TIME_ONLY_PAGE, UNDATED_PAGE, WINDOWS_1252_HTML, windows1252Bytes, WIRE_JSONL } from './pages.js'

export interface RecordedRequest {
  path: string
  host: string
  headers: IncomingMessage['headers']
}

export interface WebServer {
  /** The server's origin for a host name that resolves to it ("127.0.0.1" by default, or "localhost"). */
  origin: (host?: string) => string
  url: (path: string, host?: string) => string
  port: number
  requests: RecordedRequest[]
  /** Publishes the next edition of the fixture feeds (new items, new ETag). */
  publishFeeds: (edition: 1 | 2) => void
  /** How many bytes the 50 MB endpoint wrote before the client hung up, once it has. */
  hugeBodyWritten: () => Promise<number>
  close: () => Promise<void>
}

const HTML = 'text/html; charset=utf-8'
const HUGE_BYTES = 50 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, '<p>padding</p>\n')

export async function startWebServer (): Promise<WebServer> {
  const requests: RecordedRequest[] = []
  let edition: 1 | 2 = 1
  let hugeWritten: (bytes: number) => void = () => {}
  const hugeDone = new Promise<number>(resolve => { hugeWritten = resolve })
  const sockets = new Set<Socket>()

  const send = (response: ServerResponse, status: number, type: string | null, body: string | Buffer, extra: Record<string, string> = {}): void => {
    response.writeHead(status, { ...(type === null ? {} : { 'content-type': type }), ...extra })
    response.end(body)
  }

  const feed = (request: IncomingMessage, response: ServerResponse, origin: string, kind: 'rss' | 'atom'): void => {
    const etag = `"${kind}-edition-${edition}"`
    const lastModified = edition === 1 ? 'Thu, 14 Mar 2024 04:00:00 GMT' : 'Sun, 05 May 2024 14:20:00 GMT'
    if (request.headers['if-none-match'] === etag || (request.headers['if-none-match'] === undefined && request.headers['if-modified-since'] === lastModified)) {
      response.writeHead(304, { etag, 'last-modified': lastModified })
      response.end()
      return
    }
    const body = (kind === 'rss' ? rssFeed(edition) : atomFeed(edition)).replaceAll('{origin}', origin)
    send(response, 200, kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml', body, { etag, 'last-modified': lastModified })
  }

  const server = createServer((request, response) => {
    const host = request.headers.host ?? ''
    const origin = `http://${host}`
    const path = request.url ?? '/'
    requests.push({ path, host, headers: request.headers })
    const { pathname } = new URL(path, origin)
    const chain = /^\/hostile\/chain\/(\d+)$/.exec(pathname)
    if (chain !== null) {
      const left = Number(chain[1])
      if (left === 0) { send(response, 200, HTML, GRAPH_PAGE); return }
      send(response, 302, null, '', { location: `/hostile/chain/${left - 1}` })
      return
    }
    switch (pathname) {
      case '/news/graph.html': send(response, 200, HTML, GRAPH_PAGE); return
      case '/news/time-only.html': send(response, 200, HTML, TIME_ONLY_PAGE); return
      case '/news/undated.html': send(response, 200, HTML, UNDATED_PAGE); return
      case '/news/paywall.html': send(response, 200, HTML, PAYWALL_PAGE); return
      case '/news/byline.html': send(response, 200, HTML, BYLINE_PAGE); return
      case '/news/latin1.html': send(response, 200, 'text/html', windows1252Bytes(WINDOWS_1252_HTML)); return
      case '/news/latin1-declared-by-header.html':
        send(response, 200, 'text/html; charset=ISO-8859-1', Buffer.from(WINDOWS_1252_HTML.replace(/<meta http-equiv[^>]*>/, '').replace(/[“”€]/g, ''), 'latin1'))
        return
      case '/news/gzipped.html': send(response, 200, HTML, gzipSync(GRAPH_PAGE), { 'content-encoding': 'gzip' }); return
      case '/news/empty.html': send(response, 200, HTML, '<!doctype html><html><body><div class="cookie-banner"><p>We use cookies.</p></div><p>Read Also: Another story</p></body></html>'); return
      case '/news/moved': send(response, 301, null, '', { location: '/news/graph.html' }); return
      case '/news/missing': send(response, 404, HTML, '<p>Not here</p>'); return
      case '/files/ferry-notes.md': send(response, 200, 'text/markdown; charset=utf-8', FERRY_NOTES_MD); return
      case '/files/wire.jsonl': send(response, 200, 'application/octet-stream', WIRE_JSONL); return
      case '/slow/byline.html':
      case '/slow/undated.html': {
        // A page that takes its time (?ms=, default 5 s) before it answers: an ingest is in flight meanwhile.
        const page = pathname === '/slow/byline.html' ? BYLINE_PAGE : UNDATED_PAGE
        const timer = setTimeout(() => send(response, 200, HTML, page), Number(new URL(path, origin).searchParams.get('ms') ?? 5_000))
        response.on('close', () => clearTimeout(timer))
        return
      }
      case '/files/story.txt': send(response, 200, 'text/plain; charset=utf-8', 'Ferry route links the two harbours\n\n3 Apr, 2024 09:00\n\nA new ferry links the two harbours from April, the port said.'); return
      case '/feeds/rss.xml': feed(request, response, origin, 'rss'); return
      case '/feeds/atom.xml': feed(request, response, origin, 'atom'); return
      case '/feeds/malformed.xml': send(response, 200, 'application/rss+xml', MALFORMED_FEED); return
      case '/feeds/duplicates.xml': send(response, 200, 'text/xml', DUPLICATE_ITEMS_FEED.replaceAll('{origin}', origin)); return
      case '/feeds/page.html': send(response, 200, HTML, GRAPH_PAGE); return
      case '/hostile/huge': {
        // 50 MB, chunked (no Content-Length), written only as fast as the client reads.
        response.writeHead(200, { 'content-type': HTML })
        let written = 0
        let finished = false
        const done = (): void => { if (!finished) { finished = true; hugeWritten(written) } }
        const pump = (): void => {
          while (written < HUGE_BYTES) {
            written += CHUNK.length
            if (!response.write(CHUNK)) { response.once('drain', pump); return }
          }
          response.end(done)
        }
        response.on('close', done)
        pump()
        return
      }
      case '/hostile/huge-declared':
        response.writeHead(200, { 'content-type': HTML, 'content-length': String(HUGE_BYTES) })
        response.write(CHUNK)
        return
      case '/hostile/gzip-bomb':
        send(response, 200, HTML, gzipSync(Buffer.alloc(20 * 1024 * 1024, ' ')), { 'content-encoding': 'gzip' })
        return
      case '/hostile/never-finishes':
        // Headers and the start of a page, then nothing, ever.
        response.writeHead(200, { 'content-type': HTML })
        response.write('<!doctype html><html><body><p>The story begins')
        return
      case '/hostile/never-answers':
        return
      case '/hostile/to-loopback':
        send(response, 302, null, '', { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/news/graph.html` })
        return
      case '/hostile/to-metadata':
        send(response, 302, null, '', { location: 'http://169.254.169.254/latest/meta-data/' })
        return
      case '/hostile/to-file':
        send(response, 302, null, '', { location: 'file:///etc/passwd' })
        return
      case '/hostile/pdf-as-html':
        send(response, 200, HTML, Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), Buffer.alloc(2048, 0)]))
        return
      case '/hostile/pdf':
        send(response, 200, 'application/pdf', Buffer.from('%PDF-1.7\n', 'latin1'))
        return
      default:
        send(response, 404, HTML, '<p>Not found</p>')
    }
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    port,
    origin: (host = '127.0.0.1') => `http://${host}:${port}`,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    requests,
    publishFeeds: next => { edition = next },
    hugeBodyWritten: async () => await hugeDone,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
