// A loopback Discord (REST + gateway) that a real discord.js Client can log into.
//
//   const emu = await startEmulator();
//   const client = createClient(emu);              // or new Client({ intents, rest: { api: emu.restUrl } })
//   await loginAndWaitForReady(client, emu.token);
//   const ask = emu.sendChatInput('ask', { question: 'who won?' });
//   await ask.waitForResponse();
//   expect(ask.original?.content).toBe('...');
//   await client.destroy();                        // always before emu.close()
//   await emu.close();

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { StoredCommand } from './commands.js'
import {
  DEFAULT_APP_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  makeBotUser,
  makeDmChannel,
  makeGuild,
  makeMember,
  makeMessage,
  makeTextChannel,
  makeUser,
  PermissionBits,
  permissionString,
  type EmulatedMessage,
  type EmulatedUser,
  type UserInput,
} from './fixtures.js'
import { Gateway, type DropOptions, type GatewayEvent, type GatewayEventKind } from './gateway.js'
import { InteractionHandle, InteractionType, type EditFault, type InteractionContext } from './interaction.js'
import type { StoredMessage } from './messages.js'
import type { RecordedRequest, RouteKind } from './recording.js'
import { createRestHandler } from './rest.js'
import { firstMatch, now, randomToken, snowflake, stableSnowflake, WaitableLog, type JsonObject } from './util.js'

export { createClient, loginAndWaitForReady, waitForReady } from './client.js'
export { DEFAULT_APP_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, PermissionBits } from './fixtures.js'
export type { EmulatedAttachment, EmulatedMessage, EmulatedUser, UserInput } from './fixtures.js'
export { GatewayClose, GatewayOp } from './gateway.js'
export type { DropOptions, GatewayEvent, GatewayEventKind } from './gateway.js'
export { CallbackType, InteractionHandle, InteractionType } from './interaction.js'
export type { EditFault, WaitOptions } from './interaction.js'
export { MessageFlag } from './messages.js'
export type { Pings, VisibleMessage } from './messages.js'
export type { RecordedBody, RecordedFile, RecordedRequest, RouteKind } from './recording.js'
export type { StoredCommand } from './commands.js'
export type { JsonObject } from './util.js'

export interface EmulatorOptions {
  /** Bot token the client must present. Default: a random token per emulator. */
  token?: string;
  applicationId?: string;
  /** The bot user's id; Discord makes it equal to the application id, and so do we by default. */
  botUserId?: string;
  botUsername?: string;
  guildId?: string;
  guildName?: string;
  channelId?: string;
  channelName?: string;
  /** URL prefix before `/v10`, so the emulator can also stand in for a REST proxy. Default `/api`. */
  basePath?: string;
  host?: string;
  port?: number;
  /** Discord uses 41250; lower it to exercise heartbeats quickly. */
  heartbeatIntervalMs?: number;
  /** Delay between READY and GUILD_CREATE frames. Default 10ms. */
  guildCreateDelayMs?: number;
  /** Callbacks arriving later than this after dispatch get Discord's 404 Unknown interaction. `null` disables. Default 3000. */
  ackDeadlineMs?: number | null;
  /** The user interactions come from unless overridden per interaction. */
  defaultUser?: UserInput;
  /** Member permissions sent with interactions unless overridden. Default: an ordinary member (no Manage Guild). */
  defaultPermissions?: string | bigint;
  /** The bot's permissions in the channel (`app_permissions`). */
  appPermissions?: string | bigint;
}

/** Per-interaction knobs shared by every `send*` helper. */
export interface InteractionInit {
  /** Who triggers it: a username (stable id derived from it) or a partial user. */
  user?: UserInput;
  /** The member's permission bitfield, e.g. `'32'` for Manage Guild or `'0'` for nothing. */
  permissions?: string | bigint;
  roles?: string[];
  locale?: string;
  guildLocale?: string;
  appPermissions?: string | bigint;
  /**
   * Sent from the user's direct messages with the bot (context 1) rather than the guild channel:
   * no `guild_id` or `member`, a `user`, a DM channel. Buttons on a DM message are pressed in the DM.
   */
  dm?: boolean;
  /** Every edit of this interaction's `@original` fails: `400` Invalid Form Body or a `500` outage. */
  failEdits?: EditFault;
}

export type OptionValue = string | number | boolean
/** A name→value record (types inferred) or a raw Discord `options` array for subcommands and such. */
export type OptionsInput = Record<string, OptionValue> | JsonObject[]

export interface ChatInputInit extends InteractionInit {
  commandId?: string;
  /** Raw `data.resolved` for user/channel/role/attachment options. */
  resolved?: JsonObject;
}

export interface AutocompleteInit extends ChatInputInit {
  /** Which option the user is typing in (record form only). Default: the last one. */
  focused?: string;
}

/** The message a component sits on: a previous interaction's reply, a message object or a stored message id. */
export type MessageSource = InteractionHandle | EmulatedMessage | string

export interface ComponentInit extends InteractionInit {
  /** Default: a fresh bot message holding just this component. */
  message?: MessageSource;
}

export interface GatewayStats {
  connected: boolean;
  sessionId: string | null;
  sequence: number;
  connections: number;
  openConnections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
}

const OPTION_TYPE = { String: 3, Integer: 4, Boolean: 5, Number: 10 } as const

/** Interaction contexts: a server, the user's DM with the bot, other private channels. */
const CONTEXT = { Guild: 0, BotDM: 1 } as const

/** What Discord grants a bot in a DM (`app_permissions`): attach, embed, mention everyone, external emojis. */
const DM_APP_PERMISSIONS = (
  PermissionBits.AttachFiles |
  PermissionBits.EmbedLinks |
  PermissionBits.MentionEveryone |
  PermissionBits.UseExternalEmojis
).toString()

function toOptions (input: OptionsInput | undefined): JsonObject[] {
  if (input === undefined) return []
  if (Array.isArray(input)) return input
  return Object.entries(input).map(([name, value]) => ({
    name,
    type:
      typeof value === 'boolean'
        ? OPTION_TYPE.Boolean
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? OPTION_TYPE.Integer
            : OPTION_TYPE.Number
          : OPTION_TYPE.String,
    value,
  }))
}

function findComponent (components: unknown, customId: string): JsonObject | null {
  if (!Array.isArray(components)) return null
  for (const component of components as JsonObject[]) {
    if (component['custom_id'] === customId) return component
    const nested =
      findComponent(component['components'], customId) ??
      (component['accessory'] ? findComponent([component['accessory']], customId) : null)
    if (nested) return nested
  }
  return null
}

export class Emulator {
  readonly token: string
  readonly applicationId: string
  readonly guildId: string
  readonly channelId: string
  readonly botUser: EmulatedUser
  readonly owner: EmulatedUser
  readonly defaultUser: EmulatedUser
  readonly basePath: string
  /**
   * The GUILD_CREATE payload. Mutate it before the client logs in to add channels or
   * members; it is read at IDENTIFY time.
   */
  readonly guild: JsonObject

  private readonly server: Server
  private readonly gatewayServer: Gateway
  private readonly requestLog = new WaitableLog<RecordedRequest>()
  private readonly interactionList: InteractionHandle[] = []
  private readonly interactionsById = new Map<string, InteractionHandle>()
  private readonly interactionsByToken = new Map<string, InteractionHandle>()
  private readonly messages = new Map<string, StoredMessage>()
  private readonly users = new Map<string, EmulatedUser>()
  /** Each user's DM channel with the bot, by user id. */
  private readonly dmChannels = new Map<string, JsonObject>()
  private readonly interactionContext: InteractionContext
  private readonly defaultPermissions: string
  private readonly appPermissions: string
  private readonly host: string
  private lastActivity = now()
  private closing: Promise<void> | null = null
  private port = 0

  /** Commands registered through `PUT/POST /applications/{id}/commands`. */
  readonly globalCommands: StoredCommand[] = []
  /** Guild commands by guild id. */
  readonly guildCommands = new Map<string, StoredCommand[]>()
  /** Messages the bot posted with `POST /channels/{id}/messages` (outside interactions). */
  readonly channelMessages: EmulatedMessage[] = []

  constructor (options: EmulatorOptions = {}) {
    this.token = options.token ?? randomToken('emulator-bot-token')
    this.applicationId = options.applicationId ?? snowflake()
    this.guildId = options.guildId ?? snowflake()
    this.channelId = options.channelId ?? snowflake()
    this.basePath = (options.basePath ?? '/api').replace(/\/+$/, '')
    this.host = options.host ?? '127.0.0.1'
    this.port = options.port ?? 0
    this.botUser = makeBotUser(options.botUserId ?? this.applicationId, options.botUsername ?? 'Dateline')
    this.owner = makeUser('guild-owner')
    this.defaultUser = makeUser(options.defaultUser ?? 'tester')
    this.defaultPermissions = permissionString(options.defaultPermissions, DEFAULT_MEMBER_PERMISSIONS)
    this.appPermissions = permissionString(options.appPermissions, DEFAULT_APP_PERMISSIONS)
    for (const user of [this.botUser, this.owner, this.defaultUser]) this.users.set(user.id, user)

    this.guild = makeGuild({
      guildId: this.guildId,
      guildName: options.guildName ?? 'Dateline Test Guild',
      channelId: this.channelId,
      channelName: options.channelName ?? 'general',
      botUser: this.botUser,
      owner: this.owner,
      everyonePermissions: DEFAULT_MEMBER_PERMISSIONS,
    })

    this.interactionContext = {
      applicationId: this.applicationId,
      ackDeadlineMs: options.ackDeadlineMs === undefined ? 3000 : options.ackDeadlineMs,
      messages: this.messages,
      botUser: this.botUser,
      resolveUser: (id) => this.resolveUser(id),
    }

    this.gatewayServer = new Gateway({
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      guildCreateDelayMs: options.guildCreateDelayMs ?? 10,
      resumeUrl: () => this.gatewayUrl,
      readyPayload: () => ({
        v: 10,
        user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
        guilds: [{ id: this.guildId, unavailable: true }],
        application: { id: this.applicationId, flags: 0 },
        user_settings: {},
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
      }),
      guildPayloads: () => [this.guild],
    })

    this.server = createServer(
      createRestHandler({
        basePath: this.basePath,
        token: this.token,
        applicationId: this.applicationId,
        guildId: this.guildId,
        channelId: this.channelId,
        botUser: this.botUser,
        owner: this.owner,
        gatewayUrl: () => this.gatewayUrl,
        interactionsById: this.interactionsById,
        interactionsByToken: this.interactionsByToken,
        globalCommands: this.globalCommands,
        guildCommands: this.guildCommands,
        messages: this.messages,
        channelMessages: this.channelMessages,
        resolveUser: (id) => this.resolveUser(id),
        nextIndex: () => this.requestLog.items.length,
        responseDelayMs: (kind) => this.responseDelays.get(kind) ?? 0,
        record: (request, handle) => {
          this.lastActivity = request.receivedAt
          this.requestLog.push(request)
          handle?.record(request)
        },
      })
    )
    this.server.on('upgrade', (request, socket, head) => this.gatewayServer.handleUpgrade(request, socket, head))
  }

  private readonly responseDelays = new Map<RouteKind, number>()

  /**
   * Holds every response of this route for `ms` after the request took effect, as a slow Discord
   * would: the bot's call is still pending meanwhile (0 restores prompt answers).
   */
  setResponseDelay (kind: RouteKind, ms: number): void {
    if (ms > 0) this.responseDelays.set(kind, ms)
    else this.responseDelays.delete(kind)
  }

  /** @internal Use `startEmulator()`. */
  async listen (): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.port = (this.server.address() as AddressInfo).port
  }

  /** Pass as `rest.api` in the client options; discord.js appends `/v10/...`. */
  get restUrl (): string {
    return `http://${this.host}:${this.port}${this.basePath}`
  }

  get gatewayUrl (): string {
    return `ws://${this.host}:${this.port}`
  }

  // ---- recorded state -------------------------------------------------------------------------

  /** Every REST request in arrival order. */
  get requests (): readonly RecordedRequest[] {
    return this.requestLog.items
  }

  /** Requests to endpoints the emulator does not model (answered 404); a clean run has none. */
  get unknownRequests (): RecordedRequest[] {
    return this.requests.filter((request) => request.route === 'unknown')
  }

  get interactions (): readonly InteractionHandle[] {
    return this.interactionList
  }

  get gateway (): GatewayStats {
    const gateway = this.gatewayServer
    return {
      connected: gateway.connected,
      sessionId: gateway.sessionId,
      sequence: gateway.sequence,
      connections: gateway.count('connect'),
      openConnections: gateway.openConnections,
      identifies: gateway.count('identify'),
      resumes: gateway.count('resumed'),
      heartbeats: gateway.count('heartbeat'),
    }
  }

  get gatewayEvents (): readonly GatewayEvent[] {
    return this.gatewayServer.events.items
  }

  /** Whether any session was successfully resumed. */
  get resumed (): boolean {
    return this.gatewayServer.count('resumed') > 0
  }

  // ---- waiting --------------------------------------------------------------------------------

  /** Resolves with the first REST request (already received or future) matching the predicate. */
  waitFor (predicate: (request: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.requestLog.waitFor(firstMatch(predicate), timeoutMs, () => {
      const seen = this.requests.slice(-10).map((request) => `${request.method} ${request.path} -> ${request.status}`)
      return `a matching REST request. Last requests: ${seen.join(', ') || 'none'}`
    })
  }

  /** Resolves once no REST request or interaction has happened for `quietMs`; useful to assert "nothing else was sent". */
  async waitForQuiet (quietMs = 100, timeoutMs = 5000): Promise<void> {
    const deadline = now() + timeoutMs
    for (;;) {
      const idle = now() - this.lastActivity
      if (idle >= quietMs) return
      if (now() + (quietMs - idle) > deadline) {
        throw new Error(`emulator: REST traffic did not go quiet for ${quietMs}ms within ${timeoutMs}ms`)
      }
      await new Promise((resolve) => setTimeout(resolve, quietMs - idle))
    }
  }

  /** Resolves at the next gateway event of this kind that happens after this call. */
  waitForGatewayEvent (kind: GatewayEventKind, timeoutMs = 5000): Promise<GatewayEvent> {
    return this.gatewayServer.waitFor(kind, this.gatewayEvents.length - 1, timeoutMs)
  }

  /** Resolves when a session is resumed after the most recent `dropConnection()` (or at all, if none). */
  waitForResume (timeoutMs = 5000): Promise<GatewayEvent> {
    return this.gatewayServer.waitFor('resumed', this.gatewayServer.lastDrop, timeoutMs)
  }

  // ---- gateway control ------------------------------------------------------------------------

  /** Forcibly ends the live gateway socket (close code 4000 by default); discord.js should RESUME. */
  dropConnection (options: DropOptions = {}): Promise<void> {
    return this.gatewayServer.drop(options)
  }

  /** Sends op 7 RECONNECT. */
  requestReconnect (): void {
    this.gatewayServer.requestReconnect()
  }

  /**
   * Sends op 9 INVALID_SESSION; with `resumable: false` the client must IDENTIFY again, which
   * discord.js's identify throttle delays by about 5 s — keep that out of fast specs.
   */
  invalidateSession (resumable: boolean): void {
    this.gatewayServer.invalidateSession(resumable)
  }

  /** Sends any dispatch event; returns its sequence number. Buffered and replayed on RESUME if the socket is down. */
  dispatch (t: string, d: unknown): number {
    this.lastActivity = now()
    return this.gatewayServer.dispatch(t, d)
  }

  // ---- interactions ---------------------------------------------------------------------------

  /** A user runs `/name` with the given options. */
  sendChatInput (name: string, options?: OptionsInput, init: ChatInputInit = {}): InteractionHandle {
    this.assertOffered(name, init.dm === true)
    const data: JsonObject = {
      id: init.commandId ?? this.commandIdFor(name),
      name,
      type: 1,
      options: toOptions(options),
    }
    if (init.resolved) data['resolved'] = init.resolved
    return this.sendInteraction(InteractionType.ApplicationCommand, data, init)
  }

  /** A user is typing into an autocomplete option; the focused option carries `focused: true`. */
  sendAutocomplete (name: string, options: OptionsInput, init: AutocompleteInit = {}): InteractionHandle {
    this.assertOffered(name, init.dm === true)
    let list = toOptions(options)
    if (!Array.isArray(options)) {
      const focused = init.focused ?? Object.keys(options).at(-1)
      list = list.map((option) => (option['name'] === focused ? { ...option, focused: true } : option))
      // Discord sends the partially typed value as a string even for numeric options.
      list = list.map((option) => (option['focused'] ? { ...option, value: String(option['value']) } : option))
    }
    const data: JsonObject = { id: init.commandId ?? this.commandIdFor(name), name, type: 1, options: list }
    if (init.resolved) data['resolved'] = init.resolved
    return this.sendInteraction(InteractionType.ApplicationCommandAutocomplete, data, init)
  }

  /** A user clicks the button with `customId` on `init.message`. */
  sendButton (customId: string, init: ComponentInit = {}): InteractionHandle {
    const message = this.componentMessage(customId, init, { type: 2, style: 1, label: customId, custom_id: customId })
    return this.sendInteraction(InteractionType.MessageComponent, { custom_id: customId, component_type: 2 }, this.inMessageChannel(init, message), message)
  }

  /** A user picks `values` in the string select menu with `customId`. */
  sendSelect (customId: string, values: string[], init: ComponentInit = {}): InteractionHandle {
    const message = this.componentMessage(customId, init, {
      type: 3,
      custom_id: customId,
      options: values.map((value) => ({ label: value, value })),
    })
    return this.sendInteraction(
      InteractionType.MessageComponent,
      { custom_id: customId, component_type: 3, values },
      this.inMessageChannel(init, message),
      message
    )
  }

  /**
   * Builds and dispatches any interaction type. The envelope includes the fields discord.js
   * requires (`entitlements`, `authorizing_integration_owners`), without which it drops the event.
   */
  sendInteraction (type: number, data: JsonObject, init: InteractionInit = {}, message?: EmulatedMessage): InteractionHandle {
    const user = init.user === undefined ? this.defaultUser : makeUser(init.user)
    this.users.set(user.id, user)
    const id = snowflake()
    const token = randomToken(`interaction-${id}`)
    const payload: JsonObject = {
      id,
      application_id: this.applicationId,
      type,
      data,
      ...(init.dm === true ? this.dmPlace(user) : this.guildPlace(user, init)),
      token,
      version: 1,
      locale: init.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    }
    // A snapshot: later edits must not leak into a dispatch that is replayed on RESUME.
    if (message) payload['message'] = structuredClone(message)

    const handle = new InteractionHandle(id, token, type, payload, user, message?.id ?? null, this.interactionContext)
    handle.editFault = init.failEdits ?? null
    this.interactionList.push(handle)
    this.interactionsById.set(id, handle)
    this.interactionsByToken.set(token, handle)
    this.lastActivity = now()
    handle.sequence = this.gatewayServer.dispatch('INTERACTION_CREATE', payload, () => {
      handle.dispatchedAt ??= now()
    })
    return handle
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Terminates every socket and the listener; pending waiters reject. Call after `client.destroy()`. */
  close (): Promise<void> {
    this.closing ??= (async () => {
      this.gatewayServer.close()
      this.requestLog.close('emulator closed')
      for (const handle of this.interactionList) handle.close('emulator closed')
      // Keep-alive sockets from undici would otherwise hold server.close() open.
      this.server.closeAllConnections()
      await new Promise<void>((resolve) => this.server.close(() => resolve()))
    })()
    return this.closing
  }

  private resolveUser (id: string): EmulatedUser {
    return this.users.get(id) ?? makeUser({ id })
  }

  /** Where a guild interaction happens: the guild, its channel, the member and their permissions. */
  private guildPlace (user: EmulatedUser, init: InteractionInit): JsonObject {
    const permissions = permissionString(init.permissions, this.defaultPermissions)
    const channel = this.guildChannel()
    return {
      guild_id: this.guildId,
      guild: { id: this.guildId, locale: init.guildLocale ?? 'en-US', features: [] },
      channel: { ...channel, permissions },
      channel_id: channel['id'],
      member: { ...makeMember(user, { roles: init.roles ?? [] }), permissions },
      app_permissions: permissionString(init.appPermissions, this.appPermissions),
      guild_locale: init.guildLocale ?? 'en-US',
      authorizing_integration_owners: { 0: this.guildId },
      context: CONTEXT.Guild,
    }
  }

  /** Where a DM interaction happens: the user's DM channel with the bot; a `user`, no guild or member. */
  private dmPlace (user: EmulatedUser): JsonObject {
    const channel = this.dmChannelOf(user)
    return {
      channel,
      channel_id: channel['id'],
      user,
      app_permissions: DM_APP_PERMISSIONS,
      // A guild-installed app used in its bot's DM: Discord's documented "0".
      authorizing_integration_owners: { 0: '0' },
      context: CONTEXT.BotDM,
    }
  }

  private dmChannelOf (user: EmulatedUser): JsonObject {
    let channel = this.dmChannels.get(user.id)
    if (channel === undefined) {
      channel = makeDmChannel(stableSnowflake(`dm:${user.id}`), user)
      this.dmChannels.set(user.id, channel)
    }
    return channel
  }

  /** A component on a message in a DM is pressed in that DM. */
  private inMessageChannel (init: ComponentInit, message: EmulatedMessage): ComponentInit {
    const inDm = [...this.dmChannels.values()].some((channel) => channel['id'] === message.channel_id)
    return inDm ? { ...init, dm: true } : init
  }

  /**
   * Discord only offers a command where it is registered for: a guild command never in DMs, a
   * global one in the contexts it lists (all of them when it lists none). Commands never deployed
   * are let through, so the emulator also serves bots that do not register commands.
   */
  private assertOffered (name: string, dm: boolean): void {
    const global = this.globalCommands.find((command) => command.name === name && command.type === 1)
    const inGuild = this.guildCommands.get(this.guildId)?.find((command) => command.name === name && command.type === 1)
    if (global === undefined && inGuild === undefined) return
    if (!dm && inGuild !== undefined) return
    const where = dm ? 'in DMs with the bot' : 'in servers'
    if (global === undefined) throw new Error(`emulator: /${name} is registered in one server only, so Discord does not offer it ${where}`)
    const contexts = Array.isArray(global['contexts']) ? (global['contexts'] as number[]) : null
    if (contexts !== null && !contexts.includes(dm ? CONTEXT.BotDM : CONTEXT.Guild)) {
      throw new Error(`emulator: /${name} is registered for contexts ${JSON.stringify(contexts)}, so Discord does not offer it ${where}`)
    }
  }

  private guildChannel (): JsonObject {
    const channels = this.guild['channels'] as JsonObject[]
    return channels.find((channel) => channel['id'] === this.channelId) ?? makeTextChannel(this.channelId, this.guildId, 'general')
  }

  private commandIdFor (name: string): string {
    const registered = [...this.globalCommands, ...(this.guildCommands.get(this.guildId) ?? [])].find(
      (command) => command.name === name && command.type === 1
    )
    return registered?.id ?? stableSnowflake(`command:${name}`)
  }

  private componentMessage (customId: string, init: ComponentInit, component: JsonObject): EmulatedMessage {
    const source = init.message
    if (source === undefined) {
      const message = makeMessage({
        channelId: init.dm === true ? String(this.dmChannelOf(init.user === undefined ? this.defaultUser : makeUser(init.user))['id']) : this.channelId,
        author: this.botUser,
        applicationId: this.applicationId,
        components: [{ type: 1, components: [component] }],
      })
      this.messages.set(message.id, { message, deleted: false })
      return message
    }
    let message: EmulatedMessage | undefined
    if (source instanceof InteractionHandle) {
      message = source.original?.raw
      if (!message) throw new Error(`emulator: ${source.label} has no visible response to click a component on`)
    } else if (typeof source === 'string') {
      message = this.messages.get(source)?.message
      if (!message) throw new Error(`emulator: no message with id ${source}`)
    } else {
      message = source
      if (!this.messages.has(message.id)) this.messages.set(message.id, { message, deleted: false })
    }
    // A user can only use components that are actually on the message, so fail fast on typos.
    const found = findComponent(message.components, customId)
    if (!found) throw new Error(`emulator: message ${message.id} has no component with custom_id "${customId}"`)
    if (found['disabled'] === true) throw new Error(`emulator: component "${customId}" is disabled and cannot be used`)
    return message
  }
}

/** Starts an emulator on 127.0.0.1 with a random port. */
export async function startEmulator (options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new Emulator(options)
  await emulator.listen()
  return emulator
}
