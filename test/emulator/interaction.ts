// One emulated interaction: what was dispatched, what the bot answered, and what the user now sees.

import { makeMessage, type EmulatedMessage, type EmulatedUser } from './fixtures.js'
import { refuseCallback, refuseMessage } from './limits.js'
import { applyMessageBody, MessageFlag, toVisible, type StoredMessage, type VisibleMessage } from './messages.js'
import type { RecordedBody, RecordedFile, RecordedRequest, RouteKind } from './recording.js'
import { firstMatch, now, nthMatch, WaitableLog, type JsonObject } from './util.js'

export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const

export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
  LaunchActivity: 12,
} as const

/** Which callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 12],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
}

export interface InteractionContext {
  applicationId: string;
  ackDeadlineMs: number | null;
  messages: Map<string, StoredMessage>;
  resolveUser(id: string): EmulatedUser;
  botUser: EmulatedUser;
}

export interface HandlerResult {
  status: number;
  body?: RecordedBody;
}

export interface WaitOptions {
  /** Wait for the n-th matching request (1-based); earlier ones already received count. */
  count?: number;
  timeoutMs?: number;
}

const DEFAULT_WAIT_MS = 5000

function discordError (status: number, code: number, message: string, errors?: JsonObject): HandlerResult {
  return { status, body: errors ? { message, code, errors } : { message, code } }
}

export const unknownWebhook = (): HandlerResult => discordError(404, 10015, 'Unknown Webhook')
const unknownMessage = (): HandlerResult => discordError(404, 10008, 'Unknown Message')

/**
 * Ways an edit of `@original` can fail that no payload check provokes: Discord refusing
 * something the emulator does not model, or an outage (discord.js retries a 500 three times,
 * so every attempt fails).
 */
export type EditFault = 'invalid-form-body' | 'server-error'

const EDIT_FAULTS: Record<EditFault, () => HandlerResult> = {
  'invalid-form-body': () => discordError(400, 50035, 'Invalid Form Body', {
    embeds: { 0: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } },
  }),
  'server-error': () => discordError(500, 0, '500: Internal Server Error'),
}

export class InteractionHandle {
  /** When the helper was called; `dispatchedAt` is when the bot could first see it. */
  readonly createdAt = now()
  dispatchedAt: number | null = null
  /** Gateway sequence number the interaction was dispatched with. */
  sequence: number | null = null

  private readonly log = new WaitableLog<RecordedRequest>()
  private ackedWith: number | null = null
  private originalId: string | null = null
  private readonly followUpIds: string[] = []
  private autocompleteChoices: JsonObject[] | null = null
  /** Set by `InteractionInit.failEdits`: every edit of `@original` fails this way. */
  editFault: EditFault | null = null
  private modalData: JsonObject | null = null

  constructor (
    readonly id: string,
    readonly token: string,
    readonly type: number,
    /** The exact INTERACTION_CREATE `d` object sent to the bot. */
    readonly payload: JsonObject,
    readonly user: EmulatedUser,
    /** For component interactions: the message whose button or menu was used. */
    private readonly sourceMessageId: string | null,
    private readonly context: InteractionContext
  ) {}

  /** A short human label used in timeout errors. */
  get label (): string {
    const data = this.payload['data'] as JsonObject | undefined
    const name = data?.['name'] ?? data?.['custom_id'] ?? '?'
    return `${this.type === InteractionType.MessageComponent ? 'component' : '/'}${String(name)} (interaction ${this.id})`
  }

  /** Every REST request made with this interaction's token, in arrival order. */
  get requests (): readonly RecordedRequest[] {
    return this.log.items
  }

  /** Requests to `POST /interactions/{id}/{token}/callback`, including rejected ones. */
  get callbacks (): RecordedRequest[] {
    return this.requests.filter((request) => request.route === 'interactionCallback')
  }

  /** Requests editing `@original`. */
  get edits (): RecordedRequest[] {
    return this.requests.filter((request) => request.route === 'editOriginal')
  }

  /** Requests creating follow-up messages. */
  get followUps (): RecordedRequest[] {
    return this.requests.filter((request) => request.route === 'followUp')
  }

  /** Milliseconds from dispatch to the first callback attempt; Discord requires this under 3000. */
  get ackLatencyMs (): number | null {
    const first = this.callbacks[0]
    return first ? first.receivedAt - this.startedAt : null
  }

  get acknowledged (): boolean {
    return this.ackedWith !== null
  }

  /** The callback type Discord accepted (4 reply, 5 defer, 6 defer update, 7 update, 8 autocomplete, 9 modal). */
  get responseType (): number | null {
    return this.ackedWith
  }

  /** The message `@original` currently resolves to, after edits; null if none exists or it was deleted. */
  get original (): VisibleMessage | null {
    return this.visible(this.originalId)
  }

  /** Follow-ups as currently visible; a follow-up that filled a deferred placeholder shows up as `original` instead. */
  get followUpMessages (): VisibleMessage[] {
    return this.followUpIds
      .filter((id) => id !== this.originalId)
      .map((id) => this.visible(id))
      .filter((message): message is VisibleMessage => message !== null)
  }

  /** Everything this interaction made appear in the channel, in order: the original response then follow-ups. */
  get messages (): VisibleMessage[] {
    const original = this.original
    return original ? [original, ...this.followUpMessages] : this.followUpMessages
  }

  /** For component interactions: the clicked message as it looks now. */
  get sourceMessage (): VisibleMessage | null {
    return this.visible(this.sourceMessageId)
  }

  /** Autocomplete choices the bot offered, or null if it has not responded. */
  get choices (): JsonObject[] | null {
    return this.autocompleteChoices
  }

  /** The modal the bot opened, if it answered with one. */
  get modal (): JsonObject | null {
    return this.modalData
  }

  waitForResponse (timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    return this.waitForRequest((request) => request.route === 'interactionCallback', timeoutMs, 'the first interaction callback')
  }

  waitForEdit (options: WaitOptions = {}): Promise<RecordedRequest> {
    return this.waitForNth('editOriginal', 'edit of @original', options)
  }

  waitForFollowUp (options: WaitOptions = {}): Promise<RecordedRequest> {
    return this.waitForNth('followUp', 'follow-up', options)
  }

  /** Resolves with the first request (already received or future) that matches. */
  waitForRequest (
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    description = 'a matching request'
  ): Promise<RecordedRequest> {
    return this.log.waitFor(firstMatch(predicate), timeoutMs, () => this.describeWait(description))
  }

  private waitForNth (route: RouteKind, what: string, options: WaitOptions): Promise<RecordedRequest> {
    const count = options.count ?? 1
    return this.log.waitFor(
      nthMatch((request: RecordedRequest) => request.route === route, count),
      options.timeoutMs ?? DEFAULT_WAIT_MS,
      () => this.describeWait(count === 1 ? what : `${what} #${count}`)
    )
  }

  private describeWait (what: string): string {
    const seen = this.requests.map((request) => `${request.method} ${request.route} -> ${request.status}`)
    const dispatched = this.dispatchedAt === null ? ' It was never delivered to the bot (no gateway session?).' : ''
    return `${what} for ${this.label}.${dispatched} Requests seen for it: ${seen.length ? seen.join(', ') : 'none'}`
  }

  private get startedAt (): number {
    return this.dispatchedAt ?? this.createdAt
  }

  /** @internal Called by the REST layer once a request has been answered. */
  record (request: RecordedRequest): void {
    this.log.push(request)
  }

  /** @internal */
  sinceDispatch (at: number): number {
    return at - this.startedAt
  }

  /** @internal */
  close (reason: string): void {
    this.log.close(reason)
  }

  private visible (id: string | null): VisibleMessage | null {
    if (id === null) return null
    const stored = this.context.messages.get(id)
    return stored && !stored.deleted ? toVisible(stored.message) : null
  }

  private createMessage (flags: number, extraMetadata: JsonObject = {}): EmulatedMessage {
    const message = makeMessage({
      channelId: String((this.payload['channel'] as JsonObject | undefined)?.['id'] ?? this.payload['channel_id']),
      author: this.context.botUser,
      applicationId: this.context.applicationId,
      flags,
      interactionMetadata: {
        id: this.id,
        type: this.type,
        user: this.user,
        authorizing_integration_owners: this.payload['authorizing_integration_owners'],
        ...extraMetadata,
      },
    })
    this.context.messages.set(message.id, { message, deleted: false })
    return message
  }

  private stored (id: string | null): StoredMessage | null {
    if (id === null) return null
    const stored = this.context.messages.get(id)
    return stored && !stored.deleted ? stored : null
  }

  /** @internal `POST /interactions/{id}/{token}/callback`. */
  handleCallback (body: RecordedBody, files: RecordedFile[], query: Record<string, string>, receivedAt: number): HandlerResult {
    if (this.ackedWith !== null) {
      return discordError(400, 40060, 'Interaction has already been acknowledged.')
    }
    const deadline = this.context.ackDeadlineMs
    if (deadline !== null && receivedAt - this.startedAt > deadline) {
      // Discord forgets interactions that were not acknowledged in time.
      return discordError(404, 10062, 'Unknown interaction')
    }
    const callbackType = typeof body?.type === 'number' ? (body.type as number) : -1
    if (!(ALLOWED_CALLBACKS[this.type] ?? []).includes(callbackType)) {
      return discordError(400, 50035, 'Invalid Form Body', {
        type: {
          _errors: [
            {
              code: 'INTERACTION_RESPONSE_TYPE_INVALID',
              message: `Callback type ${callbackType} is not valid for interaction type ${this.type}`,
            },
          ],
        },
      })
    }

    const data = (body?.data ?? null) as JsonObject | null
    // Refused whole: the interaction stays unacknowledged and nothing appears.
    const refusal = refuseCallback(callbackType, data)
    if (refusal !== null) return refusal
    const resolveUser = (id: string): EmulatedUser => this.context.resolveUser(id)
    let message: EmulatedMessage | null = null
    switch (callbackType) {
      case CallbackType.ChannelMessageWithSource: {
        message = this.createMessage(0)
        applyMessageBody(message, data, { creating: true, files, resolveUser })
        this.originalId = message.id
        break
      }
      case CallbackType.DeferredChannelMessageWithSource: {
        const ephemeral = typeof data?.['flags'] === 'number' ? data['flags'] & MessageFlag.Ephemeral : 0
        message = this.createMessage(ephemeral | MessageFlag.Loading)
        this.originalId = message.id
        break
      }
      case CallbackType.DeferredUpdateMessage: {
        this.originalId = this.sourceMessageId
        message = this.stored(this.sourceMessageId)?.message ?? null
        break
      }
      case CallbackType.UpdateMessage: {
        this.originalId = this.sourceMessageId
        const source = this.stored(this.sourceMessageId)
        if (!source) return unknownMessage()
        applyMessageBody(source.message, data, { creating: false, files, resolveUser })
        message = source.message
        break
      }
      case CallbackType.ApplicationCommandAutocompleteResult: {
        this.autocompleteChoices = Array.isArray(data?.['choices']) ? (data['choices'] as JsonObject[]) : []
        break
      }
      case CallbackType.Modal: {
        this.modalData = data
        break
      }
      default:
        break
    }
    this.ackedWith = callbackType

    if (query['with_response'] !== 'true') return { status: 204 }
    const interaction: JsonObject = { id: this.id, type: this.type, activity_instance_id: null }
    const resource: JsonObject = { type: callbackType }
    if (message) {
      interaction['response_message_id'] = message.id
      interaction['response_message_loading'] = (message.flags & MessageFlag.Loading) !== 0
      interaction['response_message_ephemeral'] = (message.flags & MessageFlag.Ephemeral) !== 0
      resource['message'] = message
    }
    return { status: 200, body: { interaction, resource } }
  }

  /** @internal Webhook routes addressed with this interaction's token. */
  handleWebhook (route: RouteKind, messageId: string | null, body: RecordedBody, files: RecordedFile[]): HandlerResult {
    // The interaction webhook only exists once the interaction was acknowledged with a message-ish response.
    if (this.ackedWith === null || this.ackedWith === CallbackType.ApplicationCommandAutocompleteResult) {
      return unknownWebhook()
    }
    const resolveUser = (id: string): EmulatedUser => this.context.resolveUser(id)
    const targetId = messageId === '@original' ? this.originalId : messageId
    const owned = targetId !== null && (targetId === this.originalId || this.followUpIds.includes(targetId))
    if (route === 'editOriginal' && this.editFault !== null) return EDIT_FAULTS[this.editFault]()
    if (route === 'followUp' || route === 'editOriginal' || route === 'editFollowUp') {
      const refusal = refuseMessage(body)
      if (refusal !== null) return refusal
    }

    switch (route) {
      case 'followUp': {
        const placeholder = this.stored(this.originalId)
        // Discord's documented quirk: after a deferred reply, the first follow-up fills the
        // "thinking…" placeholder (keeping its ephemerality) instead of posting a new message.
        if (
          placeholder &&
          this.ackedWith === CallbackType.DeferredChannelMessageWithSource &&
          (placeholder.message.flags & MessageFlag.Loading) !== 0
        ) {
          applyMessageBody(placeholder.message, body, { creating: false, files, resolveUser })
          this.followUpIds.push(placeholder.message.id)
          return { status: 200, body: placeholder.message }
        }
        const message = this.createMessage(0, { original_response_message_id: this.originalId })
        applyMessageBody(message, body, { creating: true, files, resolveUser })
        this.followUpIds.push(message.id)
        return { status: 200, body: message }
      }
      case 'getOriginal':
      case 'getFollowUp': {
        const stored = owned ? this.stored(targetId) : null
        return stored ? { status: 200, body: stored.message } : unknownMessage()
      }
      case 'editOriginal':
      case 'editFollowUp': {
        const stored = owned ? this.stored(targetId) : null
        if (!stored) return unknownMessage()
        applyMessageBody(stored.message, body, { creating: false, files, resolveUser })
        return { status: 200, body: stored.message }
      }
      case 'deleteOriginal':
      case 'deleteFollowUp': {
        const stored = owned ? this.stored(targetId) : null
        if (!stored) return unknownMessage()
        stored.deleted = true
        return { status: 204 }
      }
      default:
        return unknownWebhook()
    }
  }
}
