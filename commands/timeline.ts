import { ApplicationIntegrationType, AttachmentBuilder, ButtonStyle, InteractionContextType, MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js'
import { normalizeLine } from '../src/core/text.js'
import type { Timeline, TimelineRequest } from '../src/core/timeline/index.js'
import type { BotContext, Command, TimelineSession } from '../src/discord/command.js'
import { DISCORD_LIMITS, fitEmbed, truncate } from '../src/discord/render.js'
import { button, buttonRow, NO_MENTIONS, privateNotice, readDateRange } from '../src/discord/replies.js'
import { paginateTimeline, type TimelinePage } from '../src/discord/timeline.js'

/** Longest topic a member may type. */
const MAX_TOPIC_LENGTH = 200
/** The chart's file name, as the message shows it. */
export const CHART_FILE = 'timeline.png'
/** Room for a page in the embed's description, leaving the rest of the 6000 characters to title and footer. */
const PAGE_CHARS = DISCORD_LIMITS.embedDescription

function pageEmbed (page: TimelinePage) {
  return fitEmbed({ title: page.title, description: page.body, footer: { text: page.footer }, color: 0x2b6cb0 })
}

/** One page of the timeline, with Previous and Next when there are more; pages count from 0. */
function pageMessage (timeline: Timeline, pageIndex: number, sessionKey: string) {
  const pages = paginateTimeline(timeline, { pageChars: PAGE_CHARS })
  const current = Math.min(Math.max(0, pageIndex), pages.length - 1)
  const page = pages[current] ?? pages[0]
  if (page === undefined) throw new Error('Dateline /timeline: a timeline always has a page')
  return {
    embeds: [pageEmbed(page)],
    components: pages.length > 1
      ? [buttonRow(
          button(`timeline:page:${sessionKey}:${current - 1}`, 'Previous', ButtonStyle.Secondary, current === 0),
          button(`timeline:page:${sessionKey}:${current + 1}`, 'Next', ButtonStyle.Primary, current >= pages.length - 1)
        )]
      : [],
    allowedMentions: NO_MENTIONS,
  }
}

/** The date filters and source, or a refusal to show the member. */
function readRequest (interaction: ChatInputCommandInteraction): Partial<TimelineRequest> | string {
  const range = readDateRange(interaction)
  if (typeof range === 'string') return range
  const request: Partial<TimelineRequest> = { ...range }
  const source = interaction.options.getString('source')?.trim()
  if (source !== undefined && source !== '') request.source = source
  return request
}

export const timeline = {
  data: new SlashCommandBuilder()
    .setName('timeline')
    .setDescription('How the coverage of a topic unfolded: dated excerpts in order, and a chart')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption(option => option.setName('topic').setDescription('A person, place, event or subject').setRequired(true).setMaxLength(MAX_TOPIC_LENGTH))
    .addStringOption(option => option.setName('since').setDescription('Only coverage published on or after this date (YYYY-MM-DD)').setMaxLength(10))
    .addStringOption(option => option.setName('until').setDescription('Only coverage published on or before this date (YYYY-MM-DD)').setMaxLength(10))
    .addStringOption(option => option.setName('source').setDescription('Only this outlet (or article)').setAutocomplete(true))
    .addBooleanOption(option => option.setName('public').setDescription('Post it in the channel (default: only you see it)'))
    .toJSON(),

  async execute (interaction, context) {
    const started = performance.now()
    context.metrics.commands.inc({ command: 'timeline' })
    const topic = normalizeLine(interaction.options.getString('topic', true).replace(/\s+/g, ' '))
    if (topic.length === 0) {
      await interaction.reply(privateNotice('Give a topic, for example: `/timeline topic: Valdai club`'))
      return
    }
    const request = readRequest(interaction)
    if (typeof request === 'string') {
      await interaction.reply(privateNotice(request))
      return
    }
    const isPublic = interaction.options.getBoolean('public') ?? false
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral })
    const found = await context.dateline.timeline(topic, request)
    const chart = found.entries.length > 0 ? await context.dateline.timelineChart(found) : null
    const sessionKey = context.timelineSessions.put({ topic, request, ownerId: interaction.user.id })
    await interaction.editReply({
      ...pageMessage(found, 0, sessionKey),
      files: chart === null ? [] : [new AttachmentBuilder(Buffer.from(chart.png), { name: CHART_FILE, description: truncate(`Articles on “${topic}” per ${found.granularity ?? 'day'}`, 1000) })],
    })
    context.metrics.answerSeconds.observe({ command: 'timeline' }, (performance.now() - started) / 1000)
  },

  async autocomplete (interaction, context) {
    // Outlets first (a timeline is usually about who reported), then matching articles by title.
    const typed = String(interaction.options.getFocused()).trim().toLowerCase()
    const sources = context.dateline.sources()
    const outlets = [...new Set(sources.flatMap(s => s.outlet ?? []))].filter(outlet => outlet.toLowerCase().includes(typed)).sort()
    const articles = sources.filter(s => s.title.toLowerCase().includes(typed) && s.id.length <= DISCORD_LIMITS.choiceValue)
    const choices = [
      ...outlets.filter(outlet => outlet.length <= DISCORD_LIMITS.choiceValue).map(outlet => ({ name: truncate(`${outlet} (outlet)`, DISCORD_LIMITS.choiceName), value: outlet })),
      ...articles.map(s => ({ name: truncate(s.title, DISCORD_LIMITS.choiceName), value: s.id })),
    ].slice(0, DISCORD_LIMITS.choices)
    await interaction.respond(choices)
  },

  async button (interaction: ButtonInteraction, context: BotContext, [, key = '', pageText = '0']: string[]) {
    const session: TimelineSession | undefined = context.timelineSessions.get(key)
    if (session === undefined) {
      await interaction.reply(privateNotice('This timeline has expired. Ask again with `/timeline`.'))
      return
    }
    const found = await context.dateline.timeline(session.topic, session.request)
    const message = pageMessage(found, Number.parseInt(pageText, 10) || 0, key)
    // Turning pages rewrites the owner's message, the chart kept; anyone else gets their own private copy.
    if (interaction.user.id === session.ownerId) await interaction.update(message)
    else await interaction.reply({ ...pageMessage(found, Number.parseInt(pageText, 10) || 0, context.timelineSessions.put({ ...session, ownerId: interaction.user.id })), flags: MessageFlags.Ephemeral })
  },
} satisfies Command
