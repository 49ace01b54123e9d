import type {
  AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js'
import type { AskRequest } from '../core/options.js'
import type { Dateline } from '../dateline.js'
import type { Cooldowns } from './cooldowns.js'
import type { Logger } from '../log.js'
import type { SessionStore } from './sessions.js'

/** What a question's buttons need to show another page of the same answer. */
export interface AskSession {
  question: string
  /** The page size and filters the member asked with; the offset comes with each button. */
  request: Partial<AskRequest>
  askerId: string
}

/** Everything a command may use; built once when the bot starts. */
export interface BotContext {
  dateline: Dateline
  logger: Logger
  askCooldowns: Cooldowns
  askSessions: SessionStore<AskSession>
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
