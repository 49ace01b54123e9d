/** Per-user cooldowns: how long a member must wait before the next use. */
export class Cooldowns {
  private readonly lastUse = new Map<string, number>()

  constructor (private readonly seconds: number, private readonly now: () => number = Date.now) {}

  /** Records a use and returns 0, or returns the milliseconds still to wait without recording. */
  take (userId: string): number {
    const now = this.now()
    const last = this.lastUse.get(userId)
    const wait = last === undefined ? 0 : last + this.seconds * 1000 - now
    if (wait > 0) return wait
    this.lastUse.set(userId, now)
    // Forget members whose cooldown is long over, so the map stays small in a busy server.
    if (this.lastUse.size > 10_000) {
      for (const [id, at] of this.lastUse) if (at + this.seconds * 1000 <= now) this.lastUse.delete(id)
    }
    return 0
  }
}
