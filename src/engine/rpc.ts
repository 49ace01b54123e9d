/**
 * Typed calls across a thread boundary. Each side serves an API of async
 * functions and calls the other side's; a call is one message out and one
 * back, matched by id. Failures travel as data (a message and an optional
 * code), never as rebuilt error classes.
 */

/** The functions one side offers the other. Arguments and results must survive structured cloning. */
export type Api = Record<string, (...args: never[]) => unknown>

/** What the channel needs of a port: a worker, or a worker's parentPort. */
export interface Port {
  postMessage: (message: unknown) => void
  on: (event: 'message', listener: (message: unknown) => void) => unknown
}

type Message =
  | { rpc: 'call', id: number, method: string, args: unknown[] }
  | { rpc: 'notify', method: string, args: unknown[] }
  | { rpc: 'result', id: number, value: unknown }
  | { rpc: 'failure', id: number, message: string, code: string | null }

/** A call the other side could not complete. `code` tells kinds of failure apart. */
export class RemoteError extends Error {
  override name = 'RemoteError'
  constructor (message: string, readonly code: string | null = null) {
    super(message)
  }
}

/** An error a served function throws to give the caller a code along with the message. */
export class CodedError extends Error {
  constructor (message: string, readonly code: string) {
    super(message)
  }
}

function isMessage (value: unknown): value is Message {
  return typeof value === 'object' && value !== null && 'rpc' in value
}

/**
 * One side of the boundary: calls `Remote`'s functions, serves `Local`'s.
 * After `fail`, pending and future calls reject with that error.
 */
export class Channel<Remote extends Api, Local extends Api = Record<never, never>> {
  private nextId = 0
  private readonly pending = new Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>()
  private failure: Error | null = null
  private idleWaiters: Array<() => void> = []

  constructor (private readonly port: Port, private readonly local: Partial<Local> = {}, private readonly origin = 'Dateline rpc') {
    port.on('message', message => { if (isMessage(message)) this.receive(message) })
  }

  /** Calls a function of the other side and waits for its result. */
  async call<K extends keyof Remote & string> (method: K, ...args: Parameters<Remote[K]>): Promise<Awaited<ReturnType<Remote[K]>>> {
    if (this.failure !== null) throw this.failure
    const id = this.nextId++
    return await new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.port.postMessage({ rpc: 'call', id, method, args } satisfies Message)
    })
  }

  /** Calls a function of the other side without waiting for (or getting) a result. */
  notify<K extends keyof Remote & string> (method: K, ...args: Parameters<Remote[K]>): void {
    if (this.failure === null) this.port.postMessage({ rpc: 'notify', method, args } satisfies Message)
  }

  /** Resolves once no call of this side is waiting for an answer. */
  async idle (): Promise<void> {
    if (this.pending.size === 0) return
    await new Promise<void>(resolve => this.idleWaiters.push(resolve))
  }

  /** Rejects every pending call, and every later one, with this error. */
  fail (error: Error): void {
    this.failure ??= error
    for (const waiter of this.pending.values()) waiter.reject(error)
    this.pending.clear()
    this.settle()
  }

  private receive (message: Message): void {
    if (message.rpc === 'call' || message.rpc === 'notify') {
      void this.serve(message)
      return
    }
    const waiter = this.pending.get(message.id)
    if (waiter === undefined) return
    this.pending.delete(message.id)
    if (message.rpc === 'result') waiter.resolve(message.value)
    else waiter.reject(new RemoteError(message.message, message.code))
    this.settle()
  }

  private async serve (message: Extract<Message, { rpc: 'call' | 'notify' }>): Promise<void> {
    const fn = this.local[message.method] as ((...args: unknown[]) => unknown) | undefined
    try {
      if (fn === undefined) throw new Error(`${this.origin}: no function "${message.method}"`)
      const value = await fn(...message.args)
      if (message.rpc === 'call') this.port.postMessage({ rpc: 'result', id: message.id, value } satisfies Message)
    } catch (error) {
      if (message.rpc !== 'call') return
      const code = error instanceof CodedError ? error.code : null
      this.port.postMessage({ rpc: 'failure', id: message.id, message: (error as Error).message, code } satisfies Message)
    }
  }

  private settle (): void {
    if (this.pending.size > 0) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}
