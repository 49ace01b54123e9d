import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../src/config.js'

describe('config for fetching and feeds', () => {
  it('reads the allowlist, size, timeout and poll interval', () => {
    expect(parseConfig({ FETCH_ALLOW_HOSTS: 'localhost, 127.0.0.0/8,::1,', FETCH_MAX_BYTES: '512KB', FETCH_TIMEOUT_MS: '2000', FEED_POLL_MINUTES: '5' })).toMatchObject({
      fetchAllowHosts: ['localhost', '127.0.0.0/8', '::1'], fetchMaxBytes: 524_288, fetchTimeoutMs: 2_000, feedPollMinutes: 5,
    })
    expect(parseConfig({ FETCH_MAX_BYTES: '5mb' }).fetchMaxBytes).toBe(5_242_880)
    expect(parseConfig({ FETCH_MAX_BYTES: '1048576' }).fetchMaxBytes).toBe(1_048_576)
  })

  it('names every invalid setting', () => {
    expect(() => parseConfig({ FETCH_ALLOW_HOSTS: 'localhost, http://intranet/', FETCH_MAX_BYTES: '5 GB', FETCH_TIMEOUT_MS: '10', FEED_POLL_MINUTES: '0.5' })).toThrow(new ConfigError([
      'FETCH_ALLOW_HOSTS has "http://intranet/", which is not a host name, an IP address or a CIDR range',
      'FETCH_MAX_BYTES must be a size from 1KB to 100MB, such as 5MB or 512KB',
      'FETCH_TIMEOUT_MS must be at least 500',
      'FEED_POLL_MINUTES must be a whole number of minutes',
    ]))
  })
})
