import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder, type ButtonInteraction } from 'discord.js'
import { renderSourceDetail, renderSourceList } from '../src/discord/render.js'
import type { BotContext, Command } from '../src/discord/command.js'
import { button, buttonRow, NO_MENTIONS, privateNotice, respondWithSources } from '../src/discord/replies.js'

/** Articles per page of the list; ten keeps each page well inside one embed. */
const PAGE_SIZE = 10

/**
 * How long the detail waits for the article's opening from the search
 * worker (a few milliseconds, unless the worker is being replaced after a
 * crash): past it, the detail is shown without it rather than miss
 * Discord's 3-second window for a first response.
 */
const OPENING_WAIT_MS = 1_500

async function openingOf (context: BotContext, id: string): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<null>(resolve => { timer = setTimeout(() => resolve(null), OPENING_WAIT_MS) })
  try {
    return await Promise.race([context.dateline.opening(id).catch(() => null), late])
  } finally {
    clearTimeout(timer)
  }
}

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
    const summary = context.dateline.catalog.byId.get(id)
    if (summary === undefined) {
      await interaction.reply(privateNotice('That source is not in the index. Pick one from the suggestions, or run `/sources` for the list.'))
      return
    }
    const embed = renderSourceDetail(summary, await openingOf(context, id), { timestamps: true })
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
  },

  async autocomplete (interaction, context) {
    await respondWithSources(interaction, context)
  },

  async button (interaction: ButtonInteraction, context: BotContext, [, pageText = '0']: string[]) {
    await interaction.update(listMessage(context, Number.parseInt(pageText, 10) || 0))
  },
} satisfies Command
