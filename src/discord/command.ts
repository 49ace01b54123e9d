import type {
  AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js'
import type { AskRequest } from '../core/options.js'
import type { TimelineRequest } from '../core/timeline/index.js'
import type { Dateline } from '../dateline.js'
import type { FeedService, Ingester } from '../ingester.js'
import type { Cooldowns } from './cooldowns.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { RecordLog } from '../records.js'
import type { SessionStore } from './sessions.js'

/** What a question's buttons need to show another page of the same answer. */
export interface AskSession {
  question: string
  /** The page size and filters the member asked with; the offset comes with each button. */
  request: Partial<AskRequest>
  askerId: string
  guildId: string | null
  /** Articles the first page cited, kept with readers' votes on the answer. */
  citedIds: string[]
}

/** What a timeline's buttons need to show another page of it. */
export interface TimelineSession {
  topic: string
  request: Partial<TimelineRequest>
  /** Whose message the buttons turn; anyone else gets a private copy of their own. */
  ownerId: string
}

/** Everything a command may use; built once when the bot starts. */
export interface BotContext {
  dateline: Dateline
  logger: Logger
  metrics: Metrics
  /** Questions asked and readers' votes, kept on disk for /stats. */
  records: RecordLog
  askCooldowns: Cooldowns
  askSessions: SessionStore<AskSession>
  timelineSessions: SessionStore<TimelineSession>
  /** Least time between two progress edits of a /reindex reply, in ms. */
  progressEveryMs: number
  /** Adds coverage (/ingest); null when there is no coverage folder to add to (see ingestUnavailable). */
  ingester: Ingester | null
  /** Follows feeds (/feeds); null when ingester is. */
  feeds: FeedService | null
  /** Why ingesting is not possible, told to a moderator who tries. */
  ingestUnavailable: string
  /** FEED_POLL_MINUTES, for replies. */
  feedPollMinutes: number
  now: () => Date
}

/**
 * One slash command. Buttons belong to the command whose name prefixes their
 * custom id ("ask:more:…"), so each command module owns its whole flow.
 */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody
  execute: (interaction: ChatInputCommandInteraction, context: BotContext) => Promise<void>
  autocomplete?: (interaction: AutocompleteInteraction, context: BotContext) => Promise<void>
  button?: (interaction: ButtonInteraction, context: BotContext, args: string[]) => Promise<void>
}
