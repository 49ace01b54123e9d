import { MessageChannel } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { Channel, CodedError, RemoteError } from '../../src/engine/rpc.js'

interface Adder {
  [name: string]: (...args: never[]) => unknown
  add: (a: number, b: number) => number
  slow: (ms: number) => Promise<string>
  refuse: (why: string) => never
}

interface Listener {
  [name: string]: (...args: never[]) => unknown
  heard: (word: string) => void
}

const ports: MessageChannel[] = []
afterEach(() => { for (const { port1, port2 } of ports.splice(0)) { port1.close(); port2.close() } })

function pair (): { caller: Channel<Adder, Listener>, server: Channel<Listener, Adder>, heard: string[] } {
  const channel = new MessageChannel()
  ports.push(channel)
  const heard: string[] = []
  const server = new Channel<Listener, Adder>(channel.port2, {
    add: (a, b) => a + b,
    slow: async ms => await new Promise(resolve => setTimeout(() => resolve(`after ${ms} ms`), ms)),
    refuse: why => { throw new CodedError(why, 'refused') },
  }, 'test server')
  const caller = new Channel<Adder, Listener>(channel.port1, { heard: word => { heard.push(word) } }, 'test caller')
  return { caller, server, heard }
}

describe('Channel', () => {
  it('returns what the other side computes, matching answers to calls', async () => {
    const { caller } = pair()
    expect(await Promise.all([caller.call('slow', 30), caller.call('add', 2, 3)])).toEqual(['after 30 ms', 5])
  })

  it('rejects with the message and code the other side failed with', async () => {
    const { caller } = pair()
    const failure = await caller.call('refuse', 'no coverage').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RemoteError)
    expect(failure).toMatchObject({ message: 'no coverage', code: 'refused' })
  })

  it('names its origin when asked for a function it does not serve', async () => {
    const { caller } = pair()
    await expect((caller as unknown as Channel<{ missing: () => void }>).call('missing')).rejects.toThrow('test server: no function "missing"')
  })

  it('carries notifications both ways without waiting for an answer', async () => {
    const { server, heard } = pair()
    server.notify('heard', 'hello')
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(heard).toEqual(['hello'])
  })

  it('says when no call is waiting any more, without polling', async () => {
    const { caller } = pair()
    let done = false
    void caller.call('slow', 40).then(() => { done = true })
    await caller.idle()
    expect(done).toBe(true)
  })

  it('fails pending and later calls once the other side is gone', async () => {
    const { caller } = pair()
    const pending = caller.call('slow', 1_000)
    caller.fail(new Error('worker exited with code 1'))
    await expect(pending).rejects.toThrow('worker exited with code 1')
    await expect(caller.call('add', 1, 1)).rejects.toThrow('worker exited with code 1')
    await caller.idle()
  })
})
