/** Timing shared by the benchmark scripts. */

export async function timed<T> (work: () => Promise<T>): Promise<{ value: T, ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: performance.now() - started }
}

/**
 * Starts a 10 ms ticker on this thread: the gap between two ticks, less the
 * 10 ms, is how long nothing else could run. `stop()` ends it and returns the
 * longest such stall, in milliseconds.
 */
export function watchStalls (): { stop: () => number } {
  let lastTick = performance.now()
  let longest = 0
  const ticking = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - lastTick - 10)
    lastTick = now
  }, 10)
  return {
    stop: () => {
      clearInterval(ticking)
      return longest
    },
  }
}
