/**
 * The one way Dateline fetches from the web: pages to ingest, feeds to poll,
 * attachments to read. Like io.ts for the filesystem, it is I/O at the edge;
 * what it returns is bytes plus what the server said about them.
 *
 * Every fetch has a total time limit, a size cap enforced while streaming,
 * at most a few redirects (each followed by hand and checked like the first
 * URL), content-type checks for what was asked for, and refuses addresses
 * that are not public: the check runs on the addresses DNS returned, inside
 * the connection's own lookup, so the socket connects to exactly the address
 * that was checked (no DNS-rebinding gap between check and connect).
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import type { LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Readable } from 'node:stream'
import { Agent, request } from 'undici'
import { charsetOf } from '../core/charset.js'
import { AllowList, blockedAddressReason, isIpLiteral, normalizeHost } from './address.js'

export const DATELINE_USER_AGENT = 'Dateline/0.1 (news coverage bot; fetches pages its moderators add)'

/** What a fetch is for, which decides the content types accepted. */
export type FetchPurpose = 'page' | 'feed' | 'attachment'

export type FetchErrorCode =
  | 'invalid-url' | 'scheme' | 'credentials' | 'blocked-address' | 'dns' | 'network'
  | 'too-many-redirects' | 'bad-redirect' | 'timeout' | 'too-large' | 'http-status' | 'content-type' | 'content-mismatch'

/** A fetch that was refused or failed. `message` is a sentence a moderator can act on. */
export class FetchError extends Error {
  /** @param status the HTTP status, for an `http-status` error */
  constructor (readonly code: FetchErrorCode, readonly url: string, message: string, readonly status: number | null = null) {
    super(message)
    this.name = 'FetchError'
  }
}

export interface FetchOptions {
  /** Total time for the fetch, redirects and body included. Default 15 000 ms. */
  timeoutMs: number
  /** Largest body read, decompressed; larger ones are aborted while streaming. Default 5 MB. */
  maxBytes: number
  /** Redirects followed before giving up. Default 5. */
  maxRedirects: number
  /** Hosts, addresses or CIDR ranges that may be fetched although not public (FETCH_ALLOW_HOSTS). Default none. */
  allowHosts: readonly string[]
  userAgent: string
  /** Name resolution, all addresses of a host. Default: the system resolver (dns.lookup). */
  resolve: (hostname: string) => Promise<LookupAddress[]>
}

export const defaultFetchOptions: FetchOptions = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowHosts: [],
  userAgent: DATELINE_USER_AGENT,
  resolve: async hostname => await dnsLookup(hostname, { all: true, verbatim: true }),
}

export interface FetchRequest {
  purpose: FetchPurpose
  /** A validator from an earlier fetch: the server may answer 304 Not Modified. */
  etag?: string | null | undefined
  lastModified?: string | null | undefined
  signal?: AbortSignal | undefined
}

export interface Fetched {
  /** The URL the body came from, after redirects. */
  url: string
  requestedUrl: string
  redirects: string[]
  status: number
  /** True for a 304 answer to a conditional request: `bytes` is empty. */
  notModified: boolean
  /** The media type, lower case, without parameters ("text/html"); null when the server sent none. */
  contentType: string | null
  /** The charset the Content-Type declared, if any. */
  charset: string | null
  etag: string | null
  lastModified: string | null
  bytes: Uint8Array
  /** When the answer arrived, as an ISO date-time. */
  fetchedAt: string
}

const ACCEPT: Record<FetchPurpose, string> = {
  page: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  feed: 'application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1',
  attachment: 'text/plain,text/markdown,text/html,application/x-ndjson,application/jsonl,*/*;q=0.1',
}

const ACCEPTED_TYPES: Record<FetchPurpose, readonly string[]> = {
  page: ['text/html', 'application/xhtml+xml'],
  feed: ['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/xml', 'text/xml'],
  attachment: ['text/plain', 'text/markdown', 'text/x-markdown', 'text/html', 'application/xhtml+xml', 'application/json',
    'application/jsonl', 'application/x-ndjson', 'application/x-jsonlines', 'application/jsonlines', 'application/octet-stream'],
}
/** Types a misconfigured server uses for any text, accepted when the body sniffs as what was asked for. */
const GENERIC_TYPES = new Set(['text/plain', 'application/octet-stream', 'binary/octet-stream'])

const PURPOSE_NAMES: Record<FetchPurpose, string> = { page: 'an HTML page', feed: 'an RSS or Atom feed', attachment: 'a text, Markdown, HTML or JSONL file' }

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

const BINARY_SIGNATURES: ReadonlyArray<[string, number[]]> = [
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2D]],
  ['a ZIP archive (or Office document)', [0x50, 0x4B, 0x03, 0x04]],
  ['a PNG image', [0x89, 0x50, 0x4E, 0x47]],
  ['a JPEG image', [0xFF, 0xD8, 0xFF]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a gzip archive', [0x1F, 0x8B]],
]

/** What a body is when it is not text: "a PDF document", or null for text. */
export function binaryKind (bytes: Uint8Array): string | null {
  for (const [name, signature] of BINARY_SIGNATURES) {
    if (signature.every((byte, i) => bytes[i] === byte)) return name
  }
  const head = bytes.subarray(0, 1024)
  const utf16 = (head[0] === 0xFF && head[1] === 0xFE) || (head[0] === 0xFE && head[1] === 0xFF)
  return !utf16 && head.includes(0) ? 'binary data' : null
}

function looksLike (purpose: FetchPurpose, bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 512)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase()
  if (purpose === 'page') return start.startsWith('<!doctype html') || start.startsWith('<html')
  if (purpose === 'feed') return start.startsWith('<?xml') || start.startsWith('<rss') || start.startsWith('<feed') || start.startsWith('<rdf:rdf')
  return true
}

function formatBytes (bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`
}

function formatSeconds (ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`
}

/** Stops reading a response body. Undici reports a destroyed body as an error, which is expected here. */
function discard (body: Readable): void {
  body.on('error', () => {})
  body.destroy()
}

function header (headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name]
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * Whether a failed fetch may succeed if tried again later (a timeout, a
 * connection or server error), as opposed to a refusal that will not change.
 */
export function isTransient (error: FetchError): boolean {
  if (error.code === 'timeout' || error.code === 'network' || error.code === 'dns') return true
  if (error.code !== 'http-status') return false
  const status = error.status ?? 0
  return status === 408 || status === 429 || status >= 500
}

/** A refusal raised inside a connection's lookup, turned into a FetchError naming the URL. */
class LookupRefusal extends Error {
  constructor (readonly code: 'dns' | 'blocked-address', readonly host: string, readonly reason: string) {
    super(reason)
    this.name = 'LookupRefusal'
  }
}

/** A fetcher with fixed limits, holding its connection pool until closed. */
export interface Fetcher {
  readonly options: Readonly<FetchOptions>
  fetch: (url: string, request: FetchRequest) => Promise<Fetched>
  close: () => Promise<void>
}

export function createFetcher (partial: Partial<FetchOptions> = {}): Fetcher {
  const options: FetchOptions = { ...defaultFetchOptions, ...partial }
  const allow = new AllowList(options.allowHosts)
  const hint = ' (an operator can allow it with FETCH_ALLOW_HOSTS)'

  /** The addresses a host may be connected to; throws a refusal naming the first that may not be. */
  async function checkedAddresses (hostname: string): Promise<LookupAddress[]> {
    const host = normalizeHost(hostname)
    let addresses: LookupAddress[]
    try {
      addresses = await options.resolve(host)
    } catch (error) {
      throw new LookupRefusal('dns', host, `could not resolve ${host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    }
    if (addresses.length === 0) throw new LookupRefusal('dns', host, `could not resolve ${host} (no address)`)
    if (allow.allowsHost(host)) return addresses
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address)
      if (reason !== null && !allow.allowsAddress(address)) throw new LookupRefusal('blocked-address', host, `${host} resolves to ${address}, ${reason}${hint}`)
    }
    return addresses
  }

  // The check runs inside the connection's own lookup: what was checked is what is connected to.
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    checkedAddresses(hostname).then(addresses => {
      const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family
      const usable = family === 4 || family === 6 ? addresses.filter(a => a.family === family) : addresses
      const first = usable[0]
      if (first === undefined) callback(new LookupRefusal('dns', hostname, `could not resolve ${hostname} (no IPv${family ?? ''} address)`), '', 0)
      else if (lookupOptions.all === true) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable)
      else callback(null, first.address, first.family)
    }, (error: Error) => { callback(error, '', 0) })
  }
  const agent = new Agent({
    connect: { lookup },
    // Fetches are occasional: idle connections are not kept for long.
    keepAliveTimeout: 1_000,
  })

  /** Refuses a URL before any connection: scheme, credentials, and a literal address. */
  function checkUrl (raw: string): URL {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw new FetchError('invalid-url', raw, `Dateline fetch: "${raw}" is not a valid URL`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('scheme', raw, `Dateline fetch: refused ${raw}: only http and https URLs are fetched`)
    }
    if (url.username !== '' || url.password !== '') {
      throw new FetchError('credentials', raw, `Dateline fetch: refused ${url.protocol}//${url.host}${url.pathname}: URLs with a user name or password are not fetched`)
    }
    url.hash = ''
    const host = normalizeHost(url.hostname)
    // A literal address skips DNS (and the connection's lookup), so it is checked here.
    if (isIpLiteral(host) && !allow.allowsHost(host) && !allow.allowsAddress(host)) {
      const reason = blockedAddressReason(host)
      if (reason !== null) throw new FetchError('blocked-address', url.href, `Dateline fetch: refused ${url.href}: ${host} is ${reason}${hint}`)
    }
    return url
  }

  async function readBody (url: string, body: Readable, encoding: string | null, signal: AbortSignal): Promise<Uint8Array> {
    let stream: Readable = body
    const coding = (encoding ?? '').trim().toLowerCase()
    if (coding === 'gzip' || coding === 'x-gzip') stream = body.pipe(createGunzip())
    else if (coding === 'deflate') stream = body.pipe(createInflate())
    else if (coding === 'br') stream = body.pipe(createBrotliDecompress())
    const chunks: Buffer[] = []
    let total = 0
    try {
      for await (const chunk of stream) {
        const buffer = chunk as Buffer
        total += buffer.length
        if (total > options.maxBytes) {
          throw new FetchError('too-large', url, `Dateline fetch: ${url} is larger than the ${formatBytes(options.maxBytes)} limit; stopped reading`)
        }
        chunks.push(buffer)
      }
    } catch (error) {
      if (error instanceof FetchError) throw error
      if (signal.aborted) throw error
      throw new FetchError('network', url, `Dateline fetch: ${url} broke off while being read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    } finally {
      discard(body)
      if (stream !== body) discard(stream)
    }
    return Buffer.concat(chunks)
  }

  async function fetchOnce (requestedUrl: string, fetchRequest: FetchRequest, signal: AbortSignal): Promise<Fetched> {
    const redirects: string[] = []
    let url = checkUrl(requestedUrl)
    for (;;) {
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept: ACCEPT[fetchRequest.purpose],
        'accept-encoding': 'gzip, deflate, br',
      }
      if (fetchRequest.etag != null) headers['if-none-match'] = fetchRequest.etag
      if (fetchRequest.lastModified != null) headers['if-modified-since'] = fetchRequest.lastModified
      let response
      try {
        response = await request(url, { method: 'GET', headers, dispatcher: agent, signal })
      } catch (error) {
        if (error instanceof LookupRefusal) {
          throw new FetchError(error.code, url.href, error.code === 'dns' ? `Dateline fetch: ${error.reason}` : `Dateline fetch: refused ${url.href}: ${error.reason}`)
        }
        if (error instanceof FetchError || signal.aborted) throw error
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name
        throw new FetchError('network', url.href, `Dateline fetch: could not get ${url.href} (${code})`)
      }
      const { statusCode, headers: responseHeaders, body } = response
      if (REDIRECT_STATUSES.has(statusCode)) {
        discard(body)
        const location = header(responseHeaders, 'location')
        if (location === null) throw new FetchError('bad-redirect', url.href, `Dateline fetch: ${url.href} redirected (${statusCode}) without saying where`)
        if (redirects.length >= options.maxRedirects) {
          throw new FetchError('too-many-redirects', requestedUrl, `Dateline fetch: refused ${requestedUrl}: more than ${options.maxRedirects} redirects`)
        }
        let next: string
        try {
          next = new URL(location, url).href
        } catch {
          throw new FetchError('bad-redirect', url.href, `Dateline fetch: ${url.href} redirected to "${location}", which is not a URL`)
        }
        redirects.push(next)
        url = checkUrl(next)
        continue
      }
      const base = {
        url: url.href,
        requestedUrl,
        redirects,
        status: statusCode,
        etag: header(responseHeaders, 'etag'),
        lastModified: header(responseHeaders, 'last-modified'),
        fetchedAt: new Date().toISOString(),
      }
      const rawType = header(responseHeaders, 'content-type')
      const contentType = rawType === null ? null : (rawType.split(';')[0] ?? '').trim().toLowerCase()
      if (statusCode === 304 && (fetchRequest.etag != null || fetchRequest.lastModified != null)) {
        discard(body)
        return { ...base, notModified: true, contentType, charset: charsetOf(rawType), bytes: new Uint8Array() }
      }
      if (statusCode < 200 || statusCode >= 300) {
        discard(body)
        const text = STATUS_TEXT[statusCode]
        throw new FetchError('http-status', url.href, `Dateline fetch: ${url.href} answered ${statusCode}${text === undefined ? '' : ` ${text}`}`, statusCode)
      }
      const accepted = ACCEPTED_TYPES[fetchRequest.purpose]
      if (contentType !== null && !accepted.includes(contentType) && !GENERIC_TYPES.has(contentType)) {
        discard(body)
        throw new FetchError('content-type', url.href, `Dateline fetch: ${url.href} is ${contentType}, not ${PURPOSE_NAMES[fetchRequest.purpose]}`)
      }
      const length = Number(header(responseHeaders, 'content-length') ?? NaN)
      if (Number.isFinite(length) && length > options.maxBytes) {
        discard(body)
        throw new FetchError('too-large', url.href, `Dateline fetch: ${url.href} is larger than the ${formatBytes(options.maxBytes)} limit (${formatBytes(length)}); not read`)
      }
      const bytes = await readBody(url.href, body, header(responseHeaders, 'content-encoding'), signal)
      const binary = binaryKind(bytes)
      if (binary !== null) {
        throw new FetchError('content-mismatch', url.href, `Dateline fetch: ${url.href} is served as ${contentType ?? 'no type'} but is ${binary}, not ${PURPOSE_NAMES[fetchRequest.purpose]}`)
      }
      if ((contentType === null || GENERIC_TYPES.has(contentType)) && !looksLike(fetchRequest.purpose, bytes)) {
        throw new FetchError('content-type', url.href, `Dateline fetch: ${url.href} is ${contentType ?? 'served without a content type'} and does not look like ${PURPOSE_NAMES[fetchRequest.purpose]}`)
      }
      return { ...base, notModified: false, contentType, charset: charsetOf(rawType), bytes }
    }
  }

  return {
    options,
    async fetch (url, fetchRequest) {
      const timeout = AbortSignal.timeout(options.timeoutMs)
      const signal = fetchRequest.signal === undefined ? timeout : AbortSignal.any([timeout, fetchRequest.signal])
      try {
        return await fetchOnce(url, fetchRequest, signal)
      } catch (error) {
        if (timeout.aborted && !(error instanceof FetchError && error.code !== 'network')) {
          throw new FetchError('timeout', url, `Dateline fetch: ${url} did not finish within ${formatSeconds(options.timeoutMs)}`)
        }
        throw error
      }
    },
    async close () {
      await agent.close()
    },
  }
}
