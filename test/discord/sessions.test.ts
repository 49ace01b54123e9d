import { describe, expect, it } from 'vitest'
import { Cooldowns } from '../../src/discord/cooldowns.js'
import { SessionStore } from '../../src/discord/sessions.js'

function clock (start = 1_000_000): { now: () => number, advance: (ms: number) => void } {
  let at = start
  return { now: () => at, advance: ms => { at += ms } }
}

describe('SessionStore', () => {
  it('gives each stored value a short key that fits in a button id', () => {
    const store = new SessionStore<{ question: string }>(60_000, 10)
    const key = store.put({ question: 'Who chairs the Valdai club?' })
    expect(key).toMatch(/^[\w-]{8}$/)
    expect(store.get(key)).toEqual({ question: 'Who chairs the Valdai club?' })
    expect(store.get('unknown')).toBeUndefined()
  })

  it('forgets a value once its time is up', () => {
    const time = clock()
    const store = new SessionStore<{ n: number }>(60_000, 10, time.now)
    const key = store.put({ n: 1 })
    time.advance(59_999)
    expect(store.get(key)).toEqual({ n: 1 })
    time.advance(2)
    expect(store.get(key)).toBeUndefined()
  })

  it('evicts the least recently used value when full', () => {
    const store = new SessionStore<{ n: number }>(60_000, 2)
    const first = store.put({ n: 1 })
    const second = store.put({ n: 2 })
    store.get(first)
    const third = store.put({ n: 3 })
    expect([store.get(first), store.get(second), store.get(third)]).toEqual([{ n: 1 }, undefined, { n: 3 }])
  })
})

describe('Cooldowns', () => {
  it('makes a member wait after starting, and not others', () => {
    const time = clock()
    const cooldowns = new Cooldowns(10, time.now)
    expect(cooldowns.remaining('ann')).toBe(0)
    cooldowns.start('ann')
    time.advance(4_000)
    expect(cooldowns.remaining('ann')).toBe(6_000)
    expect(cooldowns.remaining('bob')).toBe(0)
    time.advance(6_000)
    expect(cooldowns.remaining('ann')).toBe(0)
  })

  it('never makes anyone wait when the cooldown is zero', () => {
    const cooldowns = new Cooldowns(0)
    cooldowns.start('ann')
    expect(cooldowns.remaining('ann')).toBe(0)
  })

  it('keeps at most the given number of members, forgetting the least recent', () => {
    const time = clock()
    const cooldowns = new Cooldowns(10, time.now, 2)
    for (const member of ['ann', 'bob', 'cid']) cooldowns.start(member)
    expect(['ann', 'bob', 'cid'].map(member => cooldowns.remaining(member) > 0)).toEqual([false, true, true])
  })
})
