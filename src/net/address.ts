/**
 * Which network addresses Dateline may fetch from. A moderator's URL, a
 * feed's item link or a redirect could point at the bot's own machine, the
 * local network or a cloud metadata service; only public unicast addresses
 * are fetched, unless the operator allows a host (FETCH_ALLOW_HOSTS).
 */
import ipaddr from 'ipaddr.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6

const RANGE_NAMES: Readonly<Record<string, string>> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local (private) address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  rfc6052: 'a NAT64 address that could reach an internal one',
  '6to4': 'a 6to4 address that could reach an internal one',
  teredo: 'a Teredo address that could reach an internal one',
  benchmarking: 'a benchmarking address',
  amt: 'a reserved (AMT) address',
  as112: 'a reserved (AS112) address',
  deprecated: 'a deprecated address',
  orchid2: 'a reserved (ORCHID) address',
  discardOnly: 'a discard-only address',
}

/** Instance metadata endpoints, named apart because they hand out cloud credentials. */
const METADATA_SERVICES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '169.254.170.2'])

/**
 * Why an address must not be fetched, as a phrase ("a loopback address"), or
 * null when it is public unicast. IPv4-mapped IPv6 ("::ffff:127.0.0.1") is
 * judged as the IPv4 address it carries.
 */
export function blockedAddressReason (address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address'
  const parsed = ipaddr.process(address)
  if (METADATA_SERVICES.has(parsed.toNormalizedString()) || METADATA_SERVICES.has(parsed.toString())) return 'a cloud metadata service address'
  const range = parsed.range()
  if (range === 'unicast') return null
  return RANGE_NAMES[range] ?? `a ${range} address`
}

/** One FETCH_ALLOW_HOSTS entry: a host name, an IP address or a CIDR range. */
export type AllowEntry = { kind: 'host', host: string } | { kind: 'range', range: [Address, number] }

/** Reads one allowlist entry; null when it is none of a host name, an address or a CIDR range. */
export function parseAllowEntry (entry: string): AllowEntry | null {
  const value = entry.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (value.includes('/')) {
    try {
      const [address, bits] = ipaddr.parseCIDR(value)
      return { kind: 'range', range: [address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address, bits] }
    } catch {
      return null
    }
  }
  if (ipaddr.isValid(value)) {
    const address = ipaddr.process(value)
    return { kind: 'range', range: [address, address.kind() === 'ipv4' ? 32 : 128] }
  }
  return /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/.test(value) ? { kind: 'host', host: value.replace(/\.$/, '') } : null
}

/** The operator's exceptions: hosts (and addresses) that may be fetched although they are not public. */
export class AllowList {
  private readonly hosts: Set<string>
  private readonly ranges: Array<[Address, number]>

  constructor (entries: readonly string[]) {
    const parsed = entries.map(entry => {
      const allow = parseAllowEntry(entry)
      if (allow === null) throw new Error(`Dateline fetch: allowlist entry "${entry}" is not a host name, an IP address or a CIDR range`)
      return allow
    })
    this.hosts = new Set(parsed.flatMap(entry => (entry.kind === 'host' ? [entry.host] : [])))
    this.ranges = parsed.flatMap(entry => (entry.kind === 'range' ? [entry.range] : []))
  }

  /** Whether a URL's host name (not what it resolves to) is allowed. */
  allowsHost (hostname: string): boolean {
    return this.hosts.has(normalizeHost(hostname))
  }

  /** Whether an address is allowed by an IP or CIDR entry. */
  allowsAddress (address: string): boolean {
    if (!ipaddr.isValid(address)) return false
    const parsed = ipaddr.process(address)
    return this.ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits))
  }

  get size (): number {
    return this.hosts.size + this.ranges.length
  }
}

/** A URL's host name as DNS and the allowlist see it: lower case, no brackets around IPv6, no final dot. */
export function normalizeHost (hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
}

export function isIpLiteral (hostname: string): boolean {
  return ipaddr.isValid(normalizeHost(hostname))
}
