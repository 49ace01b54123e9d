// How message bodies sent by the bot turn into what a user would see in the Discord client.

import type { EmulatedAttachment, EmulatedMessage, EmulatedUser } from './fixtures.js'
import type { RecordedFile } from './recording.js'
import { isoNow, snowflake, type JsonObject } from './util.js'

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const

/** Flags a bot may set when creating a message; anything else Discord silently ignores. */
const CREATE_FLAGS =
  MessageFlag.SuppressEmbeds | MessageFlag.Ephemeral | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2
/** Ephemerality is fixed at creation, so edits may only toggle these. */
const EDIT_FLAGS = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2

export interface StoredMessage {
  message: EmulatedMessage;
  deleted: boolean;
}

/** Who would actually be pinged, derived the way Discord does from content plus `allowed_mentions`. */
export interface Pings {
  everyone: boolean;
  users: string[];
  roles: string[];
}

/** The user-visible state of one message. */
export interface VisibleMessage {
  id: string;
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  attachments: EmulatedAttachment[];
  flags: number;
  /** Only the invoking user can see it ("Only you can see this"). */
  ephemeral: boolean;
  /** A deferred reply still showing "<bot> is thinking…". */
  loading: boolean;
  edited: boolean;
  pings: Pings;
  /** The exact object GET would return. */
  raw: EmulatedMessage;
}

export function toVisible (message: EmulatedMessage): VisibleMessage {
  return {
    id: message.id,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.attachments,
    flags: message.flags,
    ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
    loading: (message.flags & MessageFlag.Loading) !== 0,
    edited: message.edited_timestamp !== null,
    pings: {
      everyone: message.mention_everyone,
      users: message.mentions.map((user) => user.id),
      roles: message.mention_roles,
    },
    raw: message,
  }
}

function fileIndex (field: string): string | null {
  const match = /^files\[(\d+)\]$/.exec(field)
  return match?.[1] ?? null
}

function toAttachment (file: RecordedFile, channelId: string, description: unknown): EmulatedAttachment {
  const id = snowflake()
  const url = `https://cdn.discordapp.invalid/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`
  const attachment: EmulatedAttachment = {
    id,
    filename: file.name,
    size: file.size,
    url,
    proxy_url: url,
    content_type: file.contentType,
  }
  if (typeof description === 'string') attachment.description = description
  return attachment
}

/**
 * Mirrors Discord's rule: an `attachments` array lists what survives (existing ids) and
 * names new uploads by their `files[n]` index; without it, uploads are appended.
 */
function resolveAttachments (
  existing: EmulatedAttachment[],
  bodyAttachments: unknown,
  files: RecordedFile[],
  channelId: string
): EmulatedAttachment[] | undefined {
  const uploads = new Map<string, RecordedFile>()
  for (const file of files) {
    const index = fileIndex(file.field)
    if (index !== null) uploads.set(index, file)
  }
  if (Array.isArray(bodyAttachments)) {
    const result: EmulatedAttachment[] = []
    for (const entry of bodyAttachments as JsonObject[]) {
      const id = String(entry['id'])
      const kept = existing.find((attachment) => attachment.id === id)
      if (kept) {
        result.push(kept)
        continue
      }
      const upload = uploads.get(id)
      if (upload) result.push(toAttachment(upload, channelId, entry['description']))
    }
    return result
  }
  if (files.length > 0) return [...existing, ...files.map((file) => toAttachment(file, channelId, undefined))]
  return undefined
}

interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
}

function computePings (
  content: string,
  allowed: AllowedMentions | undefined,
  ephemeral: boolean,
  resolveUser: (id: string) => EmulatedUser
): Pick<EmulatedMessage, 'mention_everyone' | 'mentions' | 'mention_roles'> {
  if (ephemeral) return { mention_everyone: false, mentions: [], mention_roles: [] }
  // Without allowed_mentions Discord parses everything the content mentions.
  const parse = new Set(allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'])
  const allowedUsers = new Set(allowed?.users ?? [])
  const allowedRoles = new Set(allowed?.roles ?? [])
  const userIds = [...content.matchAll(/<@!?(\d{5,20})>/g)].map((match) => match[1] ?? '')
  const roleIds = [...content.matchAll(/<@&(\d{5,20})>/g)].map((match) => match[1] ?? '')
  const users = [...new Set(userIds)].filter((id) => parse.has('users') || allowedUsers.has(id))
  const roles = [...new Set(roleIds)].filter((id) => parse.has('roles') || allowedRoles.has(id))
  return {
    mention_everyone: parse.has('everyone') && /@(everyone|here)\b/.test(content),
    mentions: users.map(resolveUser),
    mention_roles: roles,
  }
}

export interface ApplyOptions {
  /** Creating a message may set ephemeral; editing may not change it. */
  creating: boolean;
  files: RecordedFile[];
  resolveUser: (id: string) => EmulatedUser;
}

/** Applies a create/edit body the way Discord does: present keys replace, absent keys stay. */
export function applyMessageBody (message: EmulatedMessage, body: JsonObject | null | undefined, options: ApplyOptions): void {
  const data = body ?? {}
  if (typeof data['content'] === 'string') message.content = data['content']
  else if (data['content'] === null) message.content = ''
  if (Array.isArray(data['embeds'])) message.embeds = data['embeds'] as JsonObject[]
  else if (data['embeds'] === null) message.embeds = []
  if (Array.isArray(data['components'])) message.components = data['components'] as JsonObject[]
  else if (data['components'] === null) message.components = []
  if (typeof data['tts'] === 'boolean' && options.creating) message.tts = data['tts']

  const attachments = resolveAttachments(message.attachments, data['attachments'], options.files, message.channel_id)
  if (attachments) message.attachments = attachments

  const requested = typeof data['flags'] === 'number' ? data['flags'] : undefined
  const wasLoading = (message.flags & MessageFlag.Loading) !== 0
  if (options.creating) {
    message.flags = (requested ?? 0) & CREATE_FLAGS
  } else {
    const preserved = message.flags & ~EDIT_FLAGS & ~MessageFlag.Loading
    const editable = requested === undefined ? message.flags & EDIT_FLAGS : requested & EDIT_FLAGS
    message.flags = preserved | editable
    // Filling a "thinking…" placeholder is not shown as an edit in the Discord client.
    if (!wasLoading) message.edited_timestamp = isoNow()
  }

  const allowed = data['allowed_mentions'] as AllowedMentions | undefined
  const ephemeral = (message.flags & MessageFlag.Ephemeral) !== 0
  Object.assign(message, computePings(message.content, allowed, ephemeral, options.resolveUser))
}
