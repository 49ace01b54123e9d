// Small shared helpers for the emulator: snowflakes, clocks and waiters.

export type JsonObject = { [key: string]: unknown }

const DISCORD_EPOCH = 1420070400000n
let increment = 0n

/**
 * Real-looking snowflakes matter because discord.js derives `createdTimestamp`
 * from ids; a bare counter would make every entity look like it was created in 2015.
 */
export function snowflake (at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString()
}

/**
 * Stable per-name ids let tests say `user: 'alice'` twice and mean the same person,
 * which per-user cooldown tests depend on.
 */
export function stableSnowflake (seed: string): string {
  let hash = 0xcbf29ce484222325n
  for (const byte of Buffer.from(seed, 'utf8')) {
    hash ^= BigInt(byte)
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
  }
  // Pin the timestamp part to a fixed past date so the id still parses as a sane snowflake.
  const timestampPart = (1600000000000n - DISCORD_EPOCH) << 22n
  return (timestampPart | (hash & 0x3fffffn)).toString()
}

/** Monotonic milliseconds; wall-clock jumps must not distort acknowledgement latencies. */
export function now (): number {
  return performance.now()
}

export function isoNow (): string {
  return new Date().toISOString()
}

export function randomToken (prefix: string): string {
  const bytes = new Uint8Array(24)
  crypto.getRandomValues(bytes)
  return `${prefix}.${Buffer.from(bytes).toString('base64url')}`
}

interface Waiter<T> {
  check: (items: readonly T[]) => T | undefined;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * An append-only log that can be awaited. Waiters look at the history first, so a
 * test never loses a race against a fast bot that answered before `waitFor` was called.
 */
export class WaitableLog<T> {
  readonly items: T[] = []
  private readonly waiters = new Set<Waiter<T>>()
  private closedWith: Error | null = null

  push (item: T): void {
    this.items.push(item)
    for (const waiter of [...this.waiters]) {
      const found = waiter.check(this.items)
      if (found !== undefined) {
        this.settle(waiter)
        waiter.resolve(found)
      }
    }
  }

  /** Re-run waiters whose answer depends on state that changed without a new item. */
  poke (): void {
    for (const waiter of [...this.waiters]) {
      const found = waiter.check(this.items)
      if (found !== undefined) {
        this.settle(waiter)
        waiter.resolve(found)
      }
    }
  }

  waitFor (
    check: (items: readonly T[]) => T | undefined,
    timeoutMs: number,
    describe: () => string
  ): Promise<T> {
    const found = check(this.items)
    if (found !== undefined) return Promise.resolve(found)
    if (this.closedWith) return Promise.reject(this.closedWith)
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        check,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter)
          reject(new Error(`emulator: timed out after ${timeoutMs}ms waiting for ${describe()}`))
        }, timeoutMs),
      }
      this.waiters.add(waiter)
    })
  }

  /** Pending waiters must fail loudly on shutdown instead of keeping vitest alive. */
  close (reason: string): void {
    this.closedWith = new Error(`emulator: ${reason}`)
    for (const waiter of [...this.waiters]) {
      this.settle(waiter)
      waiter.reject(this.closedWith)
    }
  }

  private settle (waiter: Waiter<T>): void {
    clearTimeout(waiter.timer)
    this.waiters.delete(waiter)
  }
}

export function firstMatch<T> (predicate: (item: T) => boolean): (items: readonly T[]) => T | undefined {
  return (items) => items.find(predicate)
}

export function nthMatch<T> (
  predicate: (item: T) => boolean,
  n: number
): (items: readonly T[]) => T | undefined {
  return (items) => items.filter(predicate)[n - 1]
}
