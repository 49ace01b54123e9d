// The emulated REST API: routing, auth, body parsing and recording.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { storeCommand, validateCommand, validateCommands, nestErrors, type StoredCommand } from './commands.js'
import { makeMessage, type EmulatedMessage, type EmulatedUser } from './fixtures.js'
import { unknownWebhook, type HandlerResult, type InteractionHandle } from './interaction.js'
import { refuseMessage } from './limits.js'
import { applyMessageBody, type StoredMessage } from './messages.js'
import type { RecordedBody, RecordedFile, RecordedRequest, RouteKind } from './recording.js'
import { now, type JsonObject } from './util.js'

export interface RestContext {
  basePath: string;
  token: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  botUser: EmulatedUser;
  owner: EmulatedUser;
  gatewayUrl: () => string;
  interactionsById: Map<string, InteractionHandle>;
  interactionsByToken: Map<string, InteractionHandle>;
  globalCommands: StoredCommand[];
  guildCommands: Map<string, StoredCommand[]>;
  messages: Map<string, StoredMessage>;
  channelMessages: EmulatedMessage[];
  resolveUser(id: string): EmulatedUser;
  record(request: RecordedRequest, handle: InteractionHandle | null): void;
  nextIndex(): number;
  /** Milliseconds to hold a route's response after the request took effect (Discord under load). */
  responseDelayMs(kind: RouteKind): number;
}

interface RouteSpec {
  method: string;
  pattern: string[];
  route: RouteKind;
  /** Interaction callback and webhook routes are authenticated by the token in the URL, not a header. */
  auth: boolean;
}

const route = (method: string, pattern: string, kind: RouteKind, auth: boolean): RouteSpec => ({
  method,
  pattern: pattern.split('/'),
  route: kind,
  auth,
})

// Order matters: literal `@original` must win over the `:message` parameter.
const ROUTES: RouteSpec[] = [
  route('GET', 'gateway', 'gateway', false),
  route('GET', 'gateway/bot', 'gatewayBot', true),
  route('GET', 'users/@me', 'currentUser', true),
  route('GET', 'applications/@me', 'currentApplication', true),
  route('GET', 'applications/:app/commands', 'getGlobalCommands', true),
  route('PUT', 'applications/:app/commands', 'putGlobalCommands', true),
  route('POST', 'applications/:app/commands', 'postGlobalCommand', true),
  route('GET', 'applications/:app/guilds/:guild/commands', 'getGuildCommands', true),
  route('PUT', 'applications/:app/guilds/:guild/commands', 'putGuildCommands', true),
  route('POST', 'applications/:app/guilds/:guild/commands', 'postGuildCommand', true),
  route('POST', 'interactions/:interaction/:token/callback', 'interactionCallback', false),
  route('POST', 'webhooks/:app/:token', 'followUp', false),
  route('GET', 'webhooks/:app/:token/messages/@original', 'getOriginal', false),
  route('PATCH', 'webhooks/:app/:token/messages/@original', 'editOriginal', false),
  route('DELETE', 'webhooks/:app/:token/messages/@original', 'deleteOriginal', false),
  route('GET', 'webhooks/:app/:token/messages/:message', 'getFollowUp', false),
  route('PATCH', 'webhooks/:app/:token/messages/:message', 'editFollowUp', false),
  route('DELETE', 'webhooks/:app/:token/messages/:message', 'deleteFollowUp', false),
  route('POST', 'channels/:channel/messages', 'createChannelMessage', true),
]

const WEBHOOK_ROUTES = new Set<RouteKind>([
  'followUp',
  'getOriginal',
  'editOriginal',
  'deleteOriginal',
  'getFollowUp',
  'editFollowUp',
  'deleteFollowUp',
])

function matchRoute (method: string, segments: string[]): { spec: RouteSpec; params: Record<string, string> } | null {
  for (const spec of ROUTES) {
    if (spec.method !== method || spec.pattern.length !== segments.length) continue
    const params: Record<string, string> = {}
    const ok = spec.pattern.every((part, index) => {
      const segment = segments[index] ?? ''
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment
        return segment.length > 0
      }
      return part === segment
    })
    if (ok) return { spec, params }
  }
  return null
}

function safeDecode (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const error = (status: number, code: number, message: string): HandlerResult => ({ status, body: { message, code } })

interface ParsedBody {
  body: RecordedBody;
  files: RecordedFile[];
  invalid: boolean;
}

/** discord.js sends JSON, or multipart with a `payload_json` part whenever files are attached. */
async function readBody (request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  if (raw.length === 0) return { body: null, files: [], invalid: false }
  const contentType = request.headers['content-type'] ?? ''
  try {
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData()
      let body: RecordedBody = null
      const files: RecordedFile[] = []
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value)
          else (body ??= {})[field] = value
        } else {
          files.push({
            field,
            name: value.name,
            size: value.size,
            contentType: value.type,
            data: Buffer.from(await value.arrayBuffer()),
          })
        }
      }
      return { body, files, invalid: false }
    }
    if (contentType.startsWith('application/json')) return { body: JSON.parse(raw.toString('utf8')), files: [], invalid: false }
    return { body: raw.toString('utf8'), files: [], invalid: false }
  } catch {
    return { body: raw.toString('utf8'), files: [], invalid: true }
  }
}

export function createRestHandler (context: RestContext): (request: IncomingMessage, response: ServerResponse) => void {
  const versionRoot = `${context.basePath}/v10`

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator.invalid')
    const method = (request.method ?? 'GET').toUpperCase()
    const parsed = await readBody(request)
    const receivedAt = now()
    const query = Object.fromEntries(url.searchParams.entries())
    const authorization = request.headers.authorization ?? null

    const inRoot = url.pathname.startsWith(`${versionRoot}/`)
    const rawPath = inRoot ? url.pathname.slice(versionRoot.length) : url.pathname
    const segments = inRoot ? rawPath.split('/').slice(1).map(safeDecode) : []
    // Decoded so specs can match `/messages/@original` rather than `%40original`.
    const path = inRoot ? `/${segments.join('/')}` : safeDecode(rawPath)
    const matched = inRoot ? matchRoute(method, segments) : null
    const kind: RouteKind = matched?.spec.route ?? 'unknown'

    let handle: InteractionHandle | null = null
    let result: HandlerResult
    try {
      if (!matched) {
        result = error(404, 0, '404: Not Found')
      } else if (matched.spec.auth && authorization !== `Bot ${context.token}`) {
        result = error(401, 0, '401: Unauthorized')
      } else if (parsed.invalid) {
        result = error(400, 50109, 'The request body contains invalid JSON.')
      } else {
        const outcome = route(kind, matched.params, parsed, query, receivedAt)
        handle = outcome.handle
        result = outcome.result
      }
    } catch (thrown) {
      result = { status: 500, body: { message: `emulator bug: ${(thrown as Error).message}`, code: 0 } }
    }

    const recorded: RecordedRequest = {
      index: context.nextIndex(),
      method,
      path,
      url: request.url ?? '',
      query,
      route: kind,
      body: parsed.body,
      files: parsed.files,
      authorization,
      receivedAt,
      status: result.status,
      response: result.body ?? null,
      interactionId: handle?.id ?? null,
      sinceDispatchMs: handle ? handle.sinceDispatch(receivedAt) : null,
    }
    context.record(recorded, handle)

    const delay = context.responseDelayMs(kind)
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    if (response.destroyed) return
    if (result.status === 204 || result.body === undefined) {
      response.writeHead(result.status).end()
    } else {
      const payload = JSON.stringify(result.body)
      response
        .writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) })
        .end(payload)
    }
  }

  function route (
    kind: RouteKind,
    params: Record<string, string>,
    parsed: ParsedBody,
    query: Record<string, string>,
    receivedAt: number
  ): { result: HandlerResult; handle: InteractionHandle | null } {
    const plain = (result: HandlerResult) => ({ result, handle: null })
    const { body, files } = parsed

    if (params['app'] !== undefined && params['app'] !== context.applicationId) {
      // A webhook id that is not ours is simply an unknown webhook; command routes are an auth failure.
      return WEBHOOK_ROUTES.has(kind)
        ? plain(unknownWebhook())
        : plain(error(403, 20012, 'You are not authorized to perform this action on this application'))
    }
    if (params['guild'] !== undefined && params['guild'] !== context.guildId) {
      return plain(error(403, 50001, 'Missing Access'))
    }

    switch (kind) {
      case 'gateway':
        return plain({ status: 200, body: { url: context.gatewayUrl() } })
      case 'gatewayBot':
        return plain({
          status: 200,
          body: {
            url: context.gatewayUrl(),
            shards: 1,
            session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
          },
        })
      case 'currentUser':
        return plain({ status: 200, body: { ...context.botUser, verified: true, mfa_enabled: false, locale: 'en-US', email: null } })
      case 'currentApplication':
        return plain({
          status: 200,
          body: {
            id: context.applicationId,
            name: context.botUser.username,
            icon: null,
            description: '',
            summary: '',
            bot_public: true,
            bot_require_code_grant: false,
            verify_key: '0'.repeat(64),
            flags: 0,
            team: null,
            owner: context.owner,
            bot: context.botUser,
            approximate_guild_count: 1,
          },
        })
      case 'getGlobalCommands':
        return plain({ status: 200, body: context.globalCommands })
      case 'getGuildCommands':
        return plain({ status: 200, body: context.guildCommands.get(context.guildId) ?? [] })
      case 'putGlobalCommands':
      case 'putGuildCommands': {
        const errors = validateCommands(body)
        if (errors) return plain({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } })
        const guildId = kind === 'putGuildCommands' ? context.guildId : null
        const existing = guildId ? (context.guildCommands.get(guildId) ?? []) : context.globalCommands
        const next = (body as JsonObject[]).map((command) => storeCommand(command, context.applicationId, guildId, existing))
        if (guildId) context.guildCommands.set(guildId, next)
        else context.globalCommands.splice(0, context.globalCommands.length, ...next)
        return plain({ status: 200, body: next })
      }
      case 'postGlobalCommand':
      case 'postGuildCommand': {
        const fieldErrors = validateCommand(body, [])
        if (fieldErrors.length) {
          return plain({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: nestErrors(fieldErrors) } })
        }
        const guildId = kind === 'postGuildCommand' ? context.guildId : null
        const list = guildId ? (context.guildCommands.get(guildId) ?? []) : context.globalCommands
        const stored = storeCommand(body as JsonObject, context.applicationId, guildId, list)
        const index = list.findIndex((command) => command.id === stored.id)
        if (index >= 0) list[index] = stored
        else list.push(stored)
        if (guildId) context.guildCommands.set(guildId, list)
        return plain({ status: index >= 0 ? 200 : 201, body: stored })
      }
      case 'interactionCallback': {
        const handle = context.interactionsById.get(params['interaction'] ?? '')
        if (!handle || handle.token !== params['token']) return plain(error(404, 10062, 'Unknown interaction'))
        return { result: handle.handleCallback(body, files, query, receivedAt), handle }
      }
      case 'followUp':
      case 'getOriginal':
      case 'editOriginal':
      case 'deleteOriginal':
      case 'getFollowUp':
      case 'editFollowUp':
      case 'deleteFollowUp': {
        const handle = context.interactionsByToken.get(params['token'] ?? '')
        if (!handle) return plain(unknownWebhook())
        const messageId = kind.endsWith('Original') ? '@original' : (params['message'] ?? null)
        return { result: handle.handleWebhook(kind, messageId, body, files), handle }
      }
      case 'createChannelMessage': {
        if (params['channel'] !== context.channelId) return plain(error(404, 10003, 'Unknown Channel'))
        const refusal = refuseMessage(body)
        if (refusal !== null) return plain(refusal)
        const message = makeMessage({ channelId: context.channelId, author: context.botUser })
        applyMessageBody(message, body as JsonObject, { creating: true, files, resolveUser: (id) => context.resolveUser(id) })
        // Ephemeral is meaningless outside interactions.
        message.flags &= ~64
        context.messages.set(message.id, { message, deleted: false })
        context.channelMessages.push(message)
        return plain({ status: 200, body: message })
      }
      default:
        return plain(error(404, 0, '404: Not Found'))
    }
  }

  return (request, response) => {
    handle(request, response).catch((thrown: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(thrown))
    })
  }
}
