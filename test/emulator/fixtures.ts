// Builders for the raw Discord objects the emulator hands to discord.js.
// Shapes follow the v10 API closely because discord.js reads many fields unconditionally.

import { isoNow, snowflake, stableSnowflake, type JsonObject } from './util.js'

export interface EmulatedUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  public_flags?: number;
  flags?: number;
  avatar_decoration_data?: null;
}

/** Accepts a username shorthand so specs can write `user: 'alice'`. */
export type UserInput = string | (Partial<EmulatedUser> & { username?: string })

export interface EmulatedAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  description?: string;
}

/** A message as Discord would return it from REST; also what the user sees in the client. */
export interface EmulatedMessage {
  id: string;
  channel_id: string;
  author: EmulatedUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: EmulatedUser[];
  mention_roles: string[];
  attachments: EmulatedAttachment[];
  embeds: JsonObject[];
  components: JsonObject[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: JsonObject;
  [extra: string]: unknown;
}

// Bits from https://discord.com/developers/docs/topics/permissions (bigint because some exceed 2^31).
export const PermissionBits = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const

/** What an ordinary member without special roles can do: notably no Manage Guild. */
export const DEFAULT_MEMBER_PERMISSIONS = (
  PermissionBits.CreateInstantInvite |
  PermissionBits.AddReactions |
  PermissionBits.ViewChannel |
  PermissionBits.SendMessages |
  PermissionBits.EmbedLinks |
  PermissionBits.AttachFiles |
  PermissionBits.ReadMessageHistory |
  PermissionBits.UseExternalEmojis |
  PermissionBits.Connect |
  PermissionBits.Speak |
  PermissionBits.ChangeNickname |
  PermissionBits.UseApplicationCommands |
  PermissionBits.SendMessagesInThreads
).toString()

/** A typical invite-link permission set for a text-only bot. */
export const DEFAULT_APP_PERMISSIONS = (
  PermissionBits.AddReactions |
  PermissionBits.ViewChannel |
  PermissionBits.SendMessages |
  PermissionBits.EmbedLinks |
  PermissionBits.AttachFiles |
  PermissionBits.ReadMessageHistory |
  PermissionBits.UseExternalEmojis |
  PermissionBits.UseApplicationCommands |
  PermissionBits.SendMessagesInThreads
).toString()

export function permissionString (value: string | bigint | undefined, fallback: string): string {
  if (value === undefined) return fallback
  return typeof value === 'bigint' ? value.toString() : value
}

export function makeUser (input: UserInput): EmulatedUser {
  const partial = typeof input === 'string' ? { username: input } : input
  const username = partial.username ?? (partial.id ? `user-${partial.id.slice(-6)}` : 'tester')
  return {
    id: partial.id ?? stableSnowflake(`user:${username}`),
    username,
    global_name: partial.global_name ?? username,
    discriminator: partial.discriminator ?? '0',
    avatar: partial.avatar ?? null,
    bot: partial.bot ?? false,
    system: false,
    public_flags: 0,
    flags: 0,
    avatar_decoration_data: null,
  }
}

export function makeBotUser (id: string, username: string): EmulatedUser {
  return {
    id,
    username,
    global_name: null,
    discriminator: '0',
    avatar: null,
    bot: true,
    system: false,
    public_flags: 0,
    flags: 0,
    avatar_decoration_data: null,
  }
}

export function makeMember (user: EmulatedUser, opts: { roles?: string[]; permissions?: string; joinedAt?: string } = {}): JsonObject {
  const member: JsonObject = {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: opts.roles ?? [],
    joined_at: opts.joinedAt ?? '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
  }
  if (opts.permissions !== undefined) member['permissions'] = opts.permissions
  return member
}

export function makeTextChannel (id: string, guildId: string, name: string, position = 0): JsonObject {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  }
}

/** A user's DM channel with the bot, as an interaction from it carries it. */
export function makeDmChannel (id: string, recipient: EmulatedUser): JsonObject {
  return { id, type: 1, last_message_id: null, flags: 0, recipients: [recipient] }
}

export interface GuildSpec {
  guildId: string;
  guildName: string;
  channelId: string;
  channelName: string;
  botUser: EmulatedUser;
  owner: EmulatedUser;
  everyonePermissions: string;
}

/**
 * The full GUILD_CREATE body. `unavailable: false` is what lets discord.js mark the
 * shard ready immediately instead of waiting out its 15 s guild timeout.
 */
export function makeGuild (spec: GuildSpec): JsonObject {
  const members = [makeMember(spec.owner), makeMember(spec.botUser)]
  return {
    id: spec.guildId,
    name: spec.guildName,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: spec.owner.id,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: spec.channelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    preferred_locale: 'en-US',
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    application_id: null,
    incidents_data: null,
    features: [],
    roles: [
      {
        id: spec.guildId,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: spec.everyonePermissions,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    unavailable: false,
    joined_at: isoNow(),
    large: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: [makeTextChannel(spec.channelId, spec.guildId, spec.channelName)],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
  }
}

export function makeMessage (fields: {
  channelId: string;
  author: EmulatedUser;
  applicationId?: string;
  id?: string;
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
  interactionMetadata?: JsonObject;
}): EmulatedMessage {
  const message: EmulatedMessage = {
    id: fields.id ?? snowflake(),
    channel_id: fields.channelId,
    author: fields.author,
    content: fields.content ?? '',
    timestamp: isoNow(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: fields.embeds ?? [],
    components: fields.components ?? [],
    pinned: false,
    // Real replies to slash commands carry type 20; 0 keeps every message uniform and discord.js accepts both.
    type: 0,
    flags: fields.flags ?? 0,
  }
  if (fields.applicationId !== undefined) {
    message.webhook_id = fields.applicationId
    message.application_id = fields.applicationId
  }
  if (fields.interactionMetadata !== undefined) message.interaction_metadata = fields.interactionMetadata
  return message
}
