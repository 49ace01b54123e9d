import { randomBytes } from 'node:crypto'
import { LRUCache } from 'lru-cache'

/**
 * Short-lived state behind message buttons. A button's custom id holds at
 * most 100 characters, too few for a question and its filters, so the
 * button carries a key into this store instead. The least recently used
 * entries go first when the store is full, and every entry expires.
 */
export class SessionStore<T extends object> {
  private readonly entries: LRUCache<string, T>

  constructor (ttlMs: number, maxEntries: number, now: () => number = Date.now) {
    this.entries = new LRUCache<string, T>({ max: maxEntries, ttl: ttlMs, ttlResolution: 0, perf: { now } })
  }

  put (value: T): string {
    const key = randomBytes(6).toString('base64url')
    this.entries.set(key, value)
    return key
  }

  get (key: string): T | undefined {
    return this.entries.get(key)
  }
}
