import { ActionRowBuilder, ApplicationIntegrationType, ButtonBuilder, ButtonStyle, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js'
import { DISCORD_LIMITS, truncate } from './render.js'
import { formatHumanDate, parseIsoDate } from '../core/dates.js'
import type { BotContext } from './command.js'

/** Nothing in a Dateline reply may ping anyone, whatever the quoted text says. */
export const NO_MENTIONS = { parse: [] as [] }

/** A short, private message: refusals, cooldowns, errors. */
export function privateNotice (content: string) {
  return { content: truncate(content, DISCORD_LIMITS.content), flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS }
}

export function buttonRow (...buttons: ButtonBuilder[]): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons)
}

export function button (customId: string, label: string, style: ButtonStyle = ButtonStyle.Secondary, disabled = false): ButtonBuilder {
  return new ButtonBuilder().setCustomId(customId).setLabel(label).setStyle(style).setDisabled(disabled)
}

/** Source choices for autocomplete: at most 25, names within 100 characters, ids as values. */
export async function respondWithSources (interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused())
  const choices = (await context.dateline.findSources(typed, DISCORD_LIMITS.choices * 2))
    .filter(source => source.id.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.choices)
    .map(source => {
      // The title gives way, so the date always shows.
      const when = ` · ${source.date === null ? 'undated' : formatHumanDate(source.date)}`
      return { name: `${truncate(source.title, DISCORD_LIMITS.choiceName - when.length)}${when}`, value: source.id }
    })
  await interaction.respond(choices)
}

/** The `since` and `until` options as YYYY-MM-DD dates, or the refusal to show a member who typed them wrong. */
export function readDateRange (interaction: ChatInputCommandInteraction): { since?: string, until?: string } | string {
  const range: { since?: string, until?: string } = {}
  for (const name of ['since', 'until'] as const) {
    const value = interaction.options.getString(name)?.trim()
    if (value === undefined || value === '') continue
    if (parseIsoDate(value) === null) return `\`${name}\` must be a date written as YYYY-MM-DD, for example 2024-01-08.`
    range[name] = value
  }
  if (range.since !== undefined && range.until !== undefined && range.since > range.until) return '`since` must not be later than `until`.'
  return range
}

/**
 * A moderators' command: offered by default to members with Manage Server,
 * in servers only (a DM has no Manage Server permission to check), for
 * server installs.
 */
export function moderatorCommand (name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
}

/**
 * Whether the member may run a moderators' command here; if not, they are
 * told so privately. Checked when run, because a server's settings can
 * override who is offered the command.
 */
export async function allowedModerator (interaction: ChatInputCommandInteraction, refusal: string): Promise<boolean> {
  if (interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true
  await interaction.reply(privateNotice(refusal))
  return false
}
