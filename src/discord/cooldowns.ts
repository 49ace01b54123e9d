import { LRUCache } from 'lru-cache'

/**
 * Per-member cooldowns: how long a member must wait before the next use.
 * Each member's last use is forgotten once the cooldown is over, so the
 * store stays small in a busy server.
 */
export class Cooldowns {
  private readonly lastUse: LRUCache<string, number> | null

  constructor (private readonly seconds: number, private readonly now: () => number = Date.now, maxMembers = 100_000) {
    this.lastUse = seconds > 0 ? new LRUCache<string, number>({ max: maxMembers, ttl: seconds * 1000, ttlResolution: 0, perf: { now } }) : null
  }

  /** Milliseconds the member must still wait; 0 when they may go ahead. Records nothing. */
  remaining (userId: string): number {
    const last = this.lastUse?.get(userId)
    return last === undefined ? 0 : Math.max(0, last + this.seconds * 1000 - this.now())
  }

  /** Starts the member's cooldown now. */
  start (userId: string): void {
    this.lastUse?.set(userId, this.now())
  }
}
