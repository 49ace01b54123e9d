import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder, type ButtonInteraction } from 'discord.js'
import { renderSourceDetail, renderSourceList } from '../src/discord/render.js'
import type { BotContext, Command } from '../src/discord/command.js'
import { button, buttonRow, NO_MENTIONS, privateNotice, respondWithSources } from '../src/discord/replies.js'

/** Articles per page of the list; ten keeps each page well inside one embed. */
const PAGE_SIZE = 10

function listMessage (context: BotContext, page: number) {
  const sources = context.dateline.sources()
  const pages = Math.max(1, Math.ceil(sources.length / PAGE_SIZE))
  const current = Math.min(Math.max(0, page), pages - 1)
  return {
    embeds: [renderSourceList(sources, current, PAGE_SIZE, { timestamps: true })],
    components: pages > 1
      ? [buttonRow(
          button(`sources:page:${current - 1}`, 'Previous', undefined, current === 0),
          button(`sources:page:${current + 1}`, 'Next', undefined, current >= pages - 1)
        )]
      : [],
    allowedMentions: NO_MENTIONS,
  }
}

export const sources = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the indexed articles, or show one')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption(option => option.setName('source').setDescription('The article to show').setAutocomplete(true))
    .toJSON(),

  async execute (interaction, context) {
    context.metrics.commands.inc({ command: 'sources' })
    const id = interaction.options.getString('source')?.trim()
    if (id === undefined || id === '') {
      await interaction.reply({ ...listMessage(context, 0), flags: MessageFlags.Ephemeral })
      return
    }
    const { catalog } = context.dateline
    const summary = catalog.byId.get(id)
    if (summary === undefined) {
      await interaction.reply(privateNotice('That source is not in the index. Pick one from the suggestions, or run `/sources` for the list.'))
      return
    }
    const embed = renderSourceDetail(summary, catalog.openings.get(id) ?? null, { timestamps: true })
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
  },

  async autocomplete (interaction, context) {
    await respondWithSources(interaction, context)
  },

  async button (interaction: ButtonInteraction, context: BotContext, [, pageText = '0']: string[]) {
    await interaction.update(listMessage(context, Number.parseInt(pageText, 10) || 0))
  },
} satisfies Command
