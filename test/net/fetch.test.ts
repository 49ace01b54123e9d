import type { LookupAddress } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AllowList, blockedAddressReason } from '../../src/net/address.js'
import { createFetcher, DATELINE_USER_AGENT, FetchError, isTransient, type FetchOptions, type Fetcher } from '../../src/net/fetch.js'
import { startWebServer, type WebServer } from '../web/server.js'

let web: WebServer
beforeAll(async () => { web = await startWebServer() })
afterAll(async () => { await web.close() })

/** Test names resolve as a DNS server would answer for them; everything else through the system. */
const ZONE: Record<string, string[]> = {
  'news.test': ['127.0.0.1'],
  'ten.test': ['10.0.0.5'],
  'meta.test': ['169.254.169.254'],
  'ula.test': ['fd12:3456::1'],
  'cgnat.test': ['100.64.1.1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'mixed.test': ['93.184.216.34', '10.0.0.1'],
}
async function resolve (host: string): Promise<LookupAddress[]> {
  const answer = ZONE[host]
  if (answer !== undefined) return answer.map(address => ({ address, family: address.includes(':') ? 6 : 4 }))
  return await lookup(host, { all: true })
}

const fetchers: Fetcher[] = []
function fetcher (options: Partial<FetchOptions> = {}): Fetcher {
  const created = createFetcher({ resolve, ...options })
  fetchers.push(created)
  return created
}
afterEach(async () => { await Promise.all(fetchers.splice(0).map(async f => { await f.close() })) })

async function refusal (promise: Promise<unknown>): Promise<{ code: string, message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof FetchError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected the fetch to be refused')
}

const HINT = ' (an operator can allow it with FETCH_ALLOW_HOSTS)'

describe('fetching a page', () => {
  it('returns the body with what the server said about it, asking as Dateline', async () => {
    const page = await fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/news/graph.html'), { purpose: 'page' })
    expect(page).toMatchObject({ url: web.url('/news/graph.html'), status: 200, notModified: false, contentType: 'text/html', charset: 'utf-8', redirects: [] })
    expect(Buffer.from(page.bytes).toString('utf8')).toContain('Kestrel Bay')
    expect(web.requests.at(-1)?.headers['user-agent']).toBe(DATELINE_USER_AGENT)
    expect(DATELINE_USER_AGENT).toMatch(/^Dateline\//)
  })

  it('follows redirects, up to five, recording each', async () => {
    const page = await fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/hostile/chain/5'), { purpose: 'page' })
    expect(page.url).toBe(web.url('/hostile/chain/0'))
    expect(page.redirects).toHaveLength(5)
  })

  it('refuses a sixth redirect, without requesting it', async () => {
    const before = web.requests.length
    expect(await refusal(fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/hostile/chain/6'), { purpose: 'page' }))).toEqual({
      code: 'too-many-redirects', message: `Dateline fetch: refused ${web.url('/hostile/chain/6')}: more than 5 redirects`,
    })
    expect(web.requests.slice(before).map(r => r.path)).toEqual(['/hostile/chain/6', '/hostile/chain/5', '/hostile/chain/4', '/hostile/chain/3', '/hostile/chain/2', '/hostile/chain/1'])
  })

  it('decompresses a gzipped page', async () => {
    const page = await fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/news/gzipped.html'), { purpose: 'page' })
    expect(Buffer.from(page.bytes).toString('utf8')).toContain('Kestrel Bay')
  })

  it('asks conditionally and reports 304 Not Modified', async () => {
    const f = fetcher({ allowHosts: ['127.0.0.1'] })
    const first = await f.fetch(web.url('/feeds/rss.xml'), { purpose: 'feed' })
    expect(first.etag).toBe('"rss-edition-1"')
    const second = await f.fetch(web.url('/feeds/rss.xml'), { purpose: 'feed', etag: first.etag, lastModified: first.lastModified })
    expect(second).toMatchObject({ status: 304, notModified: true, bytes: new Uint8Array() })
    expect(web.requests.at(-1)?.headers['if-none-match']).toBe('"rss-edition-1"')
  })

  it('says what the server answered when it is not a success', async () => {
    expect(await refusal(fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/news/missing'), { purpose: 'page' }))).toEqual({
      code: 'http-status', message: `Dateline fetch: ${web.url('/news/missing')} answered 404 Not Found`,
    })
  })
})

describe('refusing addresses that are not public', () => {
  it('refuses loopback without the allowlist, never contacting the server, and fetches it with', async () => {
    const before = web.requests.length
    expect(await refusal(fetcher().fetch(web.url('/news/graph.html'), { purpose: 'page' }))).toEqual({
      code: 'blocked-address', message: `Dateline fetch: refused ${web.url('/news/graph.html')}: 127.0.0.1 is a loopback address${HINT}`,
    })
    expect(web.requests.length).toBe(before)
    expect((await fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/news/graph.html'), { purpose: 'page' })).status).toBe(200)
  })

  it('checks the addresses a name resolves to, and connects to the one it checked', async () => {
    const before = web.requests.length
    expect(await refusal(fetcher().fetch(web.url('/news/graph.html', 'news.test'), { purpose: 'page' }))).toEqual({
      code: 'blocked-address', message: `Dateline fetch: refused ${web.url('/news/graph.html', 'news.test')}: news.test resolves to 127.0.0.1, a loopback address${HINT}`,
    })
    expect(web.requests.length).toBe(before)
    // No real DNS knows news.test: reaching the server proves the socket used the checked answer.
    const page = await fetcher({ allowHosts: ['news.test'] }).fetch(web.url('/news/graph.html', 'news.test'), { purpose: 'page' })
    expect(page.status).toBe(200)
    expect(web.requests.at(-1)?.host).toBe(`news.test:${web.port}`)
  })

  it('refuses private, link-local, unique-local, shared and metadata-service addresses, v4 and v6', async () => {
    const f = fetcher()
    const refused = async (host: string) => (await refusal(f.fetch(`http://${host}/latest/`, { purpose: 'page' }))).message
    expect(await refused('ten.test')).toBe(`Dateline fetch: refused http://ten.test/latest/: ten.test resolves to 10.0.0.5, a private network address${HINT}`)
    expect(await refused('meta.test')).toBe(`Dateline fetch: refused http://meta.test/latest/: meta.test resolves to 169.254.169.254, a cloud metadata service address${HINT}`)
    expect(await refused('ula.test')).toBe(`Dateline fetch: refused http://ula.test/latest/: ula.test resolves to fd12:3456::1, a unique-local (private) address${HINT}`)
    expect(await refused('cgnat.test')).toBe(`Dateline fetch: refused http://cgnat.test/latest/: cgnat.test resolves to 100.64.1.1, a carrier-grade NAT (shared) address${HINT}`)
    expect(await refused('mapped.test')).toBe(`Dateline fetch: refused http://mapped.test/latest/: mapped.test resolves to ::ffff:127.0.0.1, a loopback address${HINT}`)
    expect(await refused('mixed.test')).toBe(`Dateline fetch: refused http://mixed.test/latest/: mixed.test resolves to 10.0.0.1, a private network address${HINT}`)
  })

  it('refuses literal addresses in every spelling before connecting', async () => {
    const f = fetcher()
    const refused = async (url: string) => (await refusal(f.fetch(url, { purpose: 'page' }))).message
    expect(await refused('http://169.254.169.254/latest/meta-data/')).toBe(`Dateline fetch: refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a cloud metadata service address${HINT}`)
    expect(await refused('http://[::1]:8080/')).toBe(`Dateline fetch: refused http://[::1]:8080/: ::1 is a loopback address${HINT}`)
    expect(await refused('http://[::ffff:127.0.0.1]/')).toBe(`Dateline fetch: refused http://[::ffff:7f00:1]/: ::ffff:7f00:1 is a loopback address${HINT}`)
    expect(await refused('http://0x7f000001/')).toBe(`Dateline fetch: refused http://127.0.0.1/: 127.0.0.1 is a loopback address${HINT}`)
    expect(await refused('http://192.168.1.1/')).toBe(`Dateline fetch: refused http://192.168.1.1/: 192.168.1.1 is a private network address${HINT}`)
    expect(await refused('http://[fe80::1]/')).toBe(`Dateline fetch: refused http://[fe80::1]/: fe80::1 is a link-local address${HINT}`)
  })

  it('checks every redirect: a redirect to 127.0.0.1 is refused when only the first host is allowed', async () => {
    const before = web.requests.length
    expect(await refusal(fetcher({ allowHosts: ['news.test'] }).fetch(web.url('/hostile/to-loopback', 'news.test'), { purpose: 'page' }))).toEqual({
      code: 'blocked-address', message: `Dateline fetch: refused ${web.url('/news/graph.html')}: 127.0.0.1 is a loopback address${HINT}`,
    })
    expect(web.requests.slice(before).map(r => r.path)).toEqual(['/hostile/to-loopback'])
    const followed = await fetcher({ allowHosts: ['news.test', '127.0.0.0/8'] }).fetch(web.url('/hostile/to-loopback', 'news.test'), { purpose: 'page' })
    expect(followed.redirects).toEqual([web.url('/news/graph.html')])
  })

  it('refuses redirects to the metadata service and to other schemes', async () => {
    const f = fetcher({ allowHosts: ['127.0.0.1'] })
    expect((await refusal(f.fetch(web.url('/hostile/to-metadata'), { purpose: 'page' }))).message)
      .toBe(`Dateline fetch: refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a cloud metadata service address${HINT}`)
    expect(await refusal(f.fetch(web.url('/hostile/to-file'), { purpose: 'page' }))).toEqual({
      code: 'scheme', message: 'Dateline fetch: refused file:///etc/passwd: only http and https URLs are fetched',
    })
  })

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    const f = fetcher()
    expect(await refusal(f.fetch('ftp://files.example/story.txt', { purpose: 'attachment' }))).toEqual({ code: 'scheme', message: 'Dateline fetch: refused ftp://files.example/story.txt: only http and https URLs are fetched' })
    expect(await refusal(f.fetch('not a url', { purpose: 'page' }))).toEqual({ code: 'invalid-url', message: 'Dateline fetch: "not a url" is not a valid URL' })
    expect(await refusal(f.fetch('https://user:secret@news.example/a', { purpose: 'page' }))).toEqual({
      code: 'credentials', message: 'Dateline fetch: refused https://news.example/a: URLs with a user name or password are not fetched',
    })
  })
})

describe('limits', () => {
  it('aborts a 50 MB body at the 5 MB cap while streaming', async () => {
    expect(await refusal(fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/hostile/huge'), { purpose: 'page' }))).toEqual({
      code: 'too-large', message: `Dateline fetch: ${web.url('/hostile/huge')} is larger than the 5 MB limit; stopped reading`,
    })
    // The server stopped well short of 50 MB: the client hung up instead of reading on.
    expect(await web.hugeBodyWritten()).toBeLessThan(20 * 1024 * 1024)
  })

  it('refuses a body whose declared length is over the cap without reading it', async () => {
    expect(await refusal(fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/hostile/huge-declared'), { purpose: 'page' }))).toEqual({
      code: 'too-large', message: `Dateline fetch: ${web.url('/hostile/huge-declared')} is larger than the 5 MB limit (50 MB); not read`,
    })
  })

  it('counts the cap on the decompressed body', async () => {
    expect((await refusal(fetcher({ allowHosts: ['127.0.0.1'] }).fetch(web.url('/hostile/gzip-bomb'), { purpose: 'page' }))).code).toBe('too-large')
  })

  it('gives up on a server that never finishes, within the total time limit', async () => {
    const f = fetcher({ allowHosts: ['127.0.0.1'], timeoutMs: 300 })
    expect(await refusal(f.fetch(web.url('/hostile/never-finishes'), { purpose: 'page' }))).toEqual({
      code: 'timeout', message: `Dateline fetch: ${web.url('/hostile/never-finishes')} did not finish within 300 ms`,
    })
    expect(await refusal(f.fetch(web.url('/hostile/never-answers'), { purpose: 'page' }))).toEqual({
      code: 'timeout', message: `Dateline fetch: ${web.url('/hostile/never-answers')} did not finish within 300 ms`,
    })
  })
})

describe('content types', () => {
  it('refuses a PDF served as HTML, and one served as a PDF', async () => {
    const f = fetcher({ allowHosts: ['127.0.0.1'] })
    expect(await refusal(f.fetch(web.url('/hostile/pdf-as-html'), { purpose: 'page' }))).toEqual({
      code: 'content-mismatch', message: `Dateline fetch: ${web.url('/hostile/pdf-as-html')} is served as text/html but is a PDF document, not an HTML page`,
    })
    expect(await refusal(f.fetch(web.url('/hostile/pdf'), { purpose: 'page' }))).toEqual({
      code: 'content-type', message: `Dateline fetch: ${web.url('/hostile/pdf')} is application/pdf, not an HTML page`,
    })
  })

  it('accepts feeds as RSS, Atom or XML and refuses a web page in their place', async () => {
    const f = fetcher({ allowHosts: ['127.0.0.1'] })
    expect((await f.fetch(web.url('/feeds/atom.xml'), { purpose: 'feed' })).contentType).toBe('application/atom+xml')
    expect((await f.fetch(web.url('/feeds/duplicates.xml'), { purpose: 'feed' })).contentType).toBe('text/xml')
    expect(await refusal(f.fetch(web.url('/feeds/page.html'), { purpose: 'feed' }))).toEqual({
      code: 'content-type', message: `Dateline fetch: ${web.url('/feeds/page.html')} is text/html, not an RSS or Atom feed`,
    })
  })

  it('accepts plain text as an attachment but not as a page', async () => {
    const f = fetcher({ allowHosts: ['127.0.0.1'] })
    expect((await f.fetch(web.url('/files/story.txt'), { purpose: 'attachment' })).contentType).toBe('text/plain')
    expect(await refusal(f.fetch(web.url('/files/story.txt'), { purpose: 'page' }))).toEqual({
      code: 'content-type', message: `Dateline fetch: ${web.url('/files/story.txt')} is text/plain and does not look like an HTML page`,
    })
  })
})

describe('blockedAddressReason', () => {
  it('passes public unicast addresses only', () => {
    expect(blockedAddressReason('93.184.216.34')).toBeNull()
    expect(blockedAddressReason('2606:4700::1111')).toBeNull()
    expect(blockedAddressReason('::ffff:8.8.8.8')).toBeNull()
    expect(blockedAddressReason('0.0.0.0')).toBe('an unspecified address')
    expect(blockedAddressReason('100.100.100.200')).toBe('a cloud metadata service address')
    expect(blockedAddressReason('fd00:ec2::254')).toBe('a cloud metadata service address')
    expect(blockedAddressReason('64:ff9b::a00:1')).toBe('a NAT64 address that could reach an internal one')
  })
})

describe('AllowList', () => {
  it('takes host names, addresses and CIDR ranges, and names a bad entry', () => {
    const allow = new AllowList(['LocalHost', '127.0.0.0/8', '::1'])
    expect(allow.allowsHost('localhost')).toBe(true)
    expect(allow.allowsAddress('127.0.0.2')).toBe(true)
    expect(allow.allowsAddress('::ffff:127.0.0.9')).toBe(true)
    expect(allow.allowsAddress('::1')).toBe(true)
    expect(allow.allowsAddress('10.0.0.1')).toBe(false)
    expect(() => new AllowList(['http://x/'])).toThrow('Dateline fetch: allowlist entry "http://x/" is not a host name, an IP address or a CIDR range')
  })
})

describe('isTransient', () => {
  it('says a timeout, a network failure or a server error may pass, and a refusal will not', () => {
    const error = (code: ConstructorParameters<typeof FetchError>[0], status: number | null = null): FetchError => new FetchError(code, 'https://news.example/a', 'failed', status)
    expect([error('timeout'), error('network'), error('dns'), error('http-status', 503), error('http-status', 429)].map(isTransient)).toEqual([true, true, true, true, true])
    expect([error('blocked-address'), error('http-status', 404), error('too-large')].map(isTransient)).toEqual([false, false, false])
  })
})
