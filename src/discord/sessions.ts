import { randomBytes } from 'node:crypto'

/**
 * Short-lived state behind message buttons. A button's custom id holds at
 * most 100 characters, too few for a question and its filters, so the
 * button carries a key into this store instead.
 */
export class SessionStore<T> {
  private readonly entries = new Map<string, { value: T, expires: number }>()

  constructor (private readonly ttlMs: number, private readonly maxEntries: number, private readonly now: () => number = Date.now) {}

  put (value: T): string {
    const key = randomBytes(6).toString('base64url')
    this.entries.set(key, { value, expires: this.now() + this.ttlMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
    return key
  }

  get (key: string): T | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expires <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry.value
  }
}
