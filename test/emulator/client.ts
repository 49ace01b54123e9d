// Helpers for pointing a real discord.js Client at the emulator.

import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js'

/** The minimum an emulator needs to expose for a client to reach it. */
export interface EmulatorEndpoint {
  restUrl: string;
  token: string;
}

/**
 * A Client whose REST base points at the emulator. The gateway URL needs no option:
 * discord.js learns it from `GET /gateway/bot`, exactly as in production.
 */
export function createClient (emulator: EmulatorEndpoint, options: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { ...options.rest, api: emulator.restUrl },
  })
}

/**
 * Resolves on `clientReady`, which fires only after GUILD_CREATE arrived for every guild in
 * READY. `client.login()` resolving is not enough: it settles as soon as READY is received.
 * Attach this before calling login so the event cannot be missed.
 */
export function waitForReady (client: Client, timeoutMs = 10_000): Promise<Client<true>> {
  if (client.isReady()) return Promise.resolve(client)
  return new Promise((resolve, reject) => {
    const onReady = (ready: Client<true>): void => {
      clearTimeout(timer)
      resolve(ready)
    }
    const timer = setTimeout(() => {
      client.off('clientReady', onReady)
      reject(new Error(`emulator: client did not become ready within ${timeoutMs}ms`))
    }, timeoutMs)
    client.once('clientReady', onReady)
  })
}

/** Logs in and waits for full readiness; a failed login rejects without leaving timers behind. */
export async function loginAndWaitForReady (client: Client, token: string, timeoutMs = 10_000): Promise<Client<true>> {
  let onReady: ((ready: Client<true>) => void) | undefined
  let timer: NodeJS.Timeout | undefined
  const ready = new Promise<Client<true>>((resolve, reject) => {
    onReady = resolve
    timer = setTimeout(() => reject(new Error(`emulator: client did not become ready within ${timeoutMs}ms`)), timeoutMs)
    client.once('clientReady', resolve)
  })
  // Keeps a timeout that fires while login is still pending from becoming an unhandled rejection.
  ready.catch(() => undefined)
  try {
    await client.login(token)
    return client.isReady() ? client : await ready
  } finally {
    clearTimeout(timer)
    if (onReady) client.off('clientReady', onReady)
  }
}
