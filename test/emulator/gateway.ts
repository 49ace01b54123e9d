// The emulated gateway: HELLO / IDENTIFY / READY / RESUME / heartbeats over a plain JSON websocket.

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { firstMatch, now, randomToken, WaitableLog, type JsonObject } from './util.js'

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const

export const GatewayClose = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  InvalidApiVersion: 4012,
} as const

export type GatewayEventKind =
  | 'connect'
  | 'identify'
  | 'resume'
  | 'resumed'
  | 'invalid-session'
  | 'heartbeat'
  | 'rejected'
  | 'drop'
  | 'close'

/** A gateway-level happening, logged so specs can assert on reconnect behaviour. */
export interface GatewayEvent {
  index: number;
  kind: GatewayEventKind;
  at: number;
  connectionId: number;
  detail: JsonObject;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  guildCreateDelayMs: number;
  resumeUrl: () => string;
  /** READY `d` without the per-session fields, which the gateway fills in. */
  readyPayload: () => JsonObject;
  guildPayloads: () => JsonObject[];
}

interface BufferedDispatch {
  s: number;
  t: string;
  d: unknown;
  onSend?: () => void;
}

interface Session {
  id: string;
  seq: number;
  /** Everything dispatched in this session, kept so RESUME can replay what the client missed. */
  buffer: BufferedDispatch[];
  connection: Connection | null;
}

interface Connection {
  id: number;
  ws: WebSocket;
  session: Session | null;
  closed: Promise<void>;
}

export interface DropOptions {
  /** Close code sent to the client; 4000 (unknown error) makes discord.js resume. */
  code?: number;
  reason?: string;
  /** Cut the TCP connection without a close frame, like a network failure (client sees 1006). */
  terminate?: boolean;
}

export class Gateway {
  readonly events = new WaitableLog<GatewayEvent>()
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly connections = new Set<Connection>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private session: Session | null = null
  private nextConnectionId = 1
  private lastDropIndex = -1

  constructor (private readonly options: GatewayOptions) {}

  get sessionId (): string | null {
    return this.session?.id ?? null
  }

  get sequence (): number {
    return this.session?.seq ?? 0
  }

  /** True while the current session has a live socket that dispatches are written to. */
  get connected (): boolean {
    return this.session?.connection != null
  }

  get openConnections (): number {
    return this.connections.size
  }

  count (kind: GatewayEventKind): number {
    return this.events.items.filter((event) => event.kind === kind).length
  }

  handleUpgrade (request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request))
  }

  /**
   * Sends (or buffers for replay) a dispatch in the current session. Throws when no client
   * has identified, because Discord would drop the event and the test would hang instead.
   */
  dispatch (t: string, d: unknown, onSend?: () => void): number {
    const session = this.session
    if (!session) {
      throw new Error(`emulator: cannot dispatch ${t}: no gateway session. Log a client in (and await waitForReady) first.`)
    }
    const item: BufferedDispatch = { s: ++session.seq, t, d }
    if (onSend) item.onSend = onSend
    session.buffer.push(item)
    if (session.connection) this.sendDispatch(session.connection, item)
    return item.s
  }

  async drop (options: DropOptions = {}): Promise<void> {
    const connection = this.session?.connection
    if (!connection) throw new Error('emulator: there is no live gateway connection to drop')
    this.lastDropIndex = this.log('drop', connection, {
      code: options.terminate ? 1006 : (options.code ?? GatewayClose.UnknownError),
      terminate: Boolean(options.terminate),
    })
    if (options.terminate) connection.ws.terminate()
    else connection.ws.close(options.code ?? GatewayClose.UnknownError, options.reason ?? 'emulator: forced disconnect')
    await connection.closed
  }

  /** Op 7: Discord asking the client to reconnect and resume (e.g. before a server restart). */
  requestReconnect (): void {
    const connection = this.session?.connection
    if (!connection) throw new Error('emulator: there is no live gateway connection to ask to reconnect')
    this.send(connection, { op: GatewayOp.Reconnect, d: null })
  }

  /** Op 9: tells the client its session is gone; `resumable: false` forces a fresh IDENTIFY. */
  invalidateSession (resumable: boolean): void {
    const connection = this.session?.connection
    if (!connection) throw new Error('emulator: there is no live gateway connection to invalidate')
    if (!resumable && this.session) {
      this.session.connection = null
      this.session = null
    }
    this.log('invalid-session', connection, { resumable, requestedByTest: true })
    this.send(connection, { op: GatewayOp.InvalidSession, d: resumable })
  }

  waitFor (kind: GatewayEventKind, afterIndex: number, timeoutMs: number): Promise<GatewayEvent> {
    return this.events.waitFor(
      firstMatch((event) => event.kind === kind && event.index > afterIndex),
      timeoutMs,
      () => `gateway event "${kind}". Gateway events so far: ${this.events.items.map((event) => event.kind).join(', ') || 'none'}`
    )
  }

  get lastDrop (): number {
    return this.lastDropIndex
  }

  close (): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    for (const connection of this.connections) connection.ws.terminate()
    this.connections.clear()
    this.wss.close()
    this.events.close('emulator closed')
  }

  private accept (ws: WebSocket, request: IncomingMessage): void {
    let resolveClosed!: () => void
    const connection: Connection = {
      id: this.nextConnectionId++,
      ws,
      session: null,
      closed: new Promise<void>((resolve) => (resolveClosed = resolve)),
    }
    this.connections.add(connection)
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams
    this.log('connect', connection, { v: query.get('v'), encoding: query.get('encoding'), compress: query.get('compress') })

    ws.on('close', (code, reason) => {
      this.connections.delete(connection)
      if (connection.session && connection.session.connection === connection) connection.session.connection = null
      this.log('close', connection, { code, reason: reason.toString() })
      resolveClosed()
    })
    ws.on('error', () => {
      // Socket errors surface as a close; nothing else to do for a loopback test server.
    })

    if (query.get('v') !== '10') {
      this.reject(connection, GatewayClose.InvalidApiVersion, 'Invalid API version')
      return
    }
    // Only plain JSON is emulated; zlib-stream would need zlib-sync on the client side.
    if ((query.get('encoding') ?? 'json') !== 'json' || query.get('compress')) {
      this.reject(connection, GatewayClose.DecodeError, 'Only encoding=json without compression is emulated')
      return
    }

    ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary))
    this.send(connection, { op: GatewayOp.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } })
  }

  private onMessage (connection: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown }
    try {
      if (isBinary) throw new Error('binary frames are not JSON')
      payload = JSON.parse(data.toString()) as { op?: unknown; d?: unknown }
    } catch {
      this.reject(connection, GatewayClose.DecodeError, 'Error while decoding payload.')
      return
    }
    const d = (payload.d ?? null) as JsonObject | null
    switch (payload.op) {
      case GatewayOp.Heartbeat:
        this.log('heartbeat', connection, { seq: payload.d ?? null })
        this.send(connection, { op: GatewayOp.HeartbeatAck })
        return
      case GatewayOp.Identify:
        this.identify(connection, d)
        return
      case GatewayOp.Resume:
        this.resume(connection, d)
        return
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestGuildMembers:
        if (!connection.session) this.reject(connection, GatewayClose.NotAuthenticated, 'Not authenticated.')
        return
      default:
        this.reject(connection, GatewayClose.UnknownOpcode, 'Unknown opcode.')
    }
  }

  private identify (connection: Connection, d: JsonObject | null): void {
    if (connection.session) {
      this.reject(connection, GatewayClose.AlreadyAuthenticated, 'Already authenticated.')
      return
    }
    if (d?.['token'] !== this.options.token) {
      this.reject(connection, GatewayClose.AuthenticationFailed, 'Authentication failed.')
      return
    }
    const session: Session = { id: randomToken('session').replace(/\W/g, ''), seq: 0, buffer: [], connection }
    this.session = session
    connection.session = session
    this.log('identify', connection, {
      intents: d['intents'] ?? null,
      shard: d['shard'] ?? null,
      properties: d['properties'] ?? null,
      sessionId: session.id,
    })

    this.dispatch('READY', {
      ...this.options.readyPayload(),
      session_id: session.id,
      resume_gateway_url: this.options.resumeUrl(),
      shard: [0, 1],
    })
    // A separate, later frame: if READY and GUILD_CREATE arrive in one TCP read, discord.js can
    // process the guild before READY and then overwrite it with READY's unavailable stub.
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (this.session !== session) return
      for (const guild of this.options.guildPayloads()) this.dispatch('GUILD_CREATE', guild)
    }, this.options.guildCreateDelayMs)
    this.timers.add(timer)
  }

  private resume (connection: Connection, d: JsonObject | null): void {
    if (d?.['token'] !== this.options.token) {
      this.reject(connection, GatewayClose.AuthenticationFailed, 'Authentication failed.')
      return
    }
    const session = this.session
    const seq = typeof d['seq'] === 'number' ? d['seq'] : 0
    this.log('resume', connection, { sessionId: d['session_id'] ?? null, seq })
    if (!session || d['session_id'] !== session.id) {
      this.log('invalid-session', connection, { resumable: false, requestedByTest: false })
      this.send(connection, { op: GatewayOp.InvalidSession, d: false })
      return
    }
    if (seq > session.seq) {
      this.reject(connection, GatewayClose.InvalidSeq, 'Invalid seq.')
      return
    }
    // Only one socket may own a session; a stale one (e.g. a zombie) gets kicked like on Discord.
    const previous = session.connection
    if (previous && previous !== connection) previous.ws.close(GatewayClose.UnknownError, 'Session resumed elsewhere')
    session.connection = connection
    connection.session = session

    const missed = session.buffer.filter((item) => item.s > seq)
    for (const item of missed) this.sendDispatch(connection, item)
    // RESUMED consumes a sequence number but is not replayed by later resumes.
    this.sendDispatch(connection, { s: ++session.seq, t: 'RESUMED', d: {} })
    this.log('resumed', connection, { sessionId: session.id, fromSeq: seq, replayed: missed.length })
  }

  private reject (connection: Connection, code: number, reason: string): void {
    this.log('rejected', connection, { code, reason })
    connection.ws.close(code, reason)
  }

  private sendDispatch (connection: Connection, item: BufferedDispatch): void {
    if (this.send(connection, { op: GatewayOp.Dispatch, s: item.s, t: item.t, d: item.d })) item.onSend?.()
  }

  private send (connection: Connection, payload: { op: number; d?: unknown; s?: number | null; t?: string | null }): boolean {
    // A closing socket silently loses frames; dispatches stay buffered for the next RESUME.
    if (connection.ws.readyState !== connection.ws.OPEN) return false
    connection.ws.send(JSON.stringify({ s: null, t: null, d: null, ...payload }))
    return true
  }

  private log (kind: GatewayEventKind, connection: Connection, detail: JsonObject): number {
    const index = this.events.items.length
    this.events.push({ index, kind, at: now(), connectionId: connection.id, detail })
    return index
  }
}
