import { ApplicationIntegrationType, ButtonStyle, InteractionContextType, MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js'
import type { Answer } from '../src/core/answer.js'
import type { AskRequest } from '../src/core/options.js'
import { renderAnswerEmbed, renderCitationsEmbed } from '../src/discord/render.js'
import { normalizeLine } from '../src/core/text.js'
import type { Vote } from '../src/core/usage.js'
import type { AskSession, BotContext, Command } from '../src/discord/command.js'
import { stripDiscordMarkup } from '../src/discord/input.js'
import { button, buttonRow, NO_MENTIONS, privateNotice, readDateRange, respondWithSources } from '../src/discord/replies.js'

/** Citations per page of an answer. */
const PAGE_SIZE = 3
/** Longest question Discord will let a member type; longer input is refused before searching. */
const MAX_QUESTION_LENGTH = 500

function answerMessage (answer: Answer, sessionKey: string) {
  const next = answer.offset + answer.citations.length
  const previous = Math.max(0, answer.offset - PAGE_SIZE)
  const buttons = []
  if (answer.offset > 0) buttons.push(button(`ask:page:${sessionKey}:${previous}`, 'Previous'))
  if (answer.answered) {
    buttons.push(button(`ask:page:${sessionKey}:${next}`, 'More sources', ButtonStyle.Primary, next >= answer.total))
    buttons.push(button(`ask:show:${sessionKey}:${answer.offset}`, 'Show sources'))
  }
  // Every answer, "No coverage found" included, can be marked right or wrong by its readers.
  const feedback = buttonRow(
    button(`ask:vote:${sessionKey}:up`, 'Helpful').setEmoji('👍'),
    button(`ask:vote:${sessionKey}:down`, 'Wrong').setEmoji('👎')
  )
  return {
    embeds: [renderAnswerEmbed(answer, { timestamps: true })],
    components: buttons.length > 0 ? [buttonRow(...buttons), feedback] : [feedback],
    allowedMentions: NO_MENTIONS,
  }
}

const VOTE_NOTE: Record<Vote, string> = {
  up: 'Thanks: you marked this answer 👍 helpful. Press 👎 instead to change your vote.',
  down: 'Thanks: you marked this answer 👎 wrong. The moderators see this in `/stats`. Press 👍 instead to change your vote.',
}

/** Records a reader's vote on an answer; a second press by the same member replaces the first. */
async function vote (interaction: ButtonInteraction, context: BotContext, session: AskSession, answerId: string, choice: string): Promise<void> {
  if (choice !== 'up' && choice !== 'down') throw new Error(`Dateline /ask: unknown vote "${choice}"`)
  await context.records.recordVote({
    at: context.now().toISOString(),
    guildId: interaction.guildId,
    answerId,
    question: session.question,
    citedIds: session.citedIds,
    member: context.records.memberHash(interaction.user.id),
    vote: choice,
  })
  context.metrics.feedback.inc({ vote: choice })
  await interaction.reply(privateNotice(VOTE_NOTE[choice]))
}

/** Reads and checks the filters, returning a refusal to show the member when one is wrong. */
function readFilters (interaction: ChatInputCommandInteraction, context: BotContext): Partial<AskRequest> | string {
  const range = readDateRange(interaction)
  if (typeof range === 'string') return range
  const filters: Partial<AskRequest> = { limit: PAGE_SIZE, ...range }
  const source = interaction.options.getString('source')?.trim()
  if (source !== undefined && source !== '') {
    // Autocomplete only suggests; a member can still type anything.
    if (!context.dateline.catalog.byId.has(source)) return 'That source is not in the index. Pick one from the suggestions, or see `/sources`.'
    filters.source = source
  }
  return filters
}

export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask the news coverage; get verbatim, dated, cited excerpts')
    // In servers and in a member's DMs with the bot; nothing in it needs a server.
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption(option => option.setName('question').setDescription('What do you want to know?').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
    .addBooleanOption(option => option.setName('public').setDescription('Post the answer in the channel (default: only you see it)'))
    .addStringOption(option => option.setName('since').setDescription('Only coverage published on or after this date (YYYY-MM-DD)').setMaxLength(10))
    .addStringOption(option => option.setName('until').setDescription('Only coverage published on or before this date (YYYY-MM-DD)').setMaxLength(10))
    .addStringOption(option => option.setName('source').setDescription('Only this article').setAutocomplete(true))
    .toJSON(),

  async execute (interaction, context) {
    const started = performance.now()
    context.metrics.commands.inc({ command: 'ask' })
    const refuse = async (notice: string): Promise<void> => {
      context.metrics.answers.inc({ outcome: 'refused' })
      await interaction.reply(privateNotice(notice))
    }
    const wait = context.askCooldowns.remaining(interaction.user.id)
    if (wait > 0) {
      const until = Math.ceil((Date.now() + wait) / 1000)
      await refuse(`You're asking quickly: you can ask again <t:${until}:R>.`)
      return
    }
    const raw = interaction.options.getString('question', true)
    // Mentions, emoji and timestamps are markup, not words: the answer's title shows the question searched.
    const question = normalizeLine(stripDiscordMarkup(raw).replace(/\s+/g, ' '))
    if (question.length === 0) {
      await refuse('Type a question, for example: `/ask question: who chairs the Valdai club?`')
      return
    }
    if (question.length > MAX_QUESTION_LENGTH) {
      await refuse(`Questions can be up to ${MAX_QUESTION_LENGTH} characters; yours has ${question.length}. Try the key names and words.`)
      return
    }
    const filters = readFilters(interaction, context)
    if (typeof filters === 'string') {
      await refuse(filters)
      return
    }
    // Only a question that will be searched starts the cooldown: a refused one costs the member nothing.
    context.askCooldowns.start(interaction.user.id)
    const isPublic = interaction.options.getBoolean('public') ?? false
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral })
    const answer = await context.dateline.ask(question, filters)
    const citedIds = [...new Set(answer.citations.map(c => c.articleId))]
    const session: AskSession = { question, request: filters, askerId: interaction.user.id, guildId: interaction.guildId, citedIds }
    // Written while the answer is posted; a failure still surfaces below, after the member has the answer.
    const recorded = context.records.recordQuestion({ at: context.now().toISOString(), guildId: interaction.guildId, question, answered: answer.answered, citedIds })
    recorded.catch(() => {})
    await interaction.editReply(answerMessage(answer, context.askSessions.put(session)))
    context.metrics.answers.inc({ outcome: answer.answered ? 'answered' : 'no-coverage' })
    context.metrics.answerSeconds.observe({ command: 'ask' }, (performance.now() - started) / 1000)
    await recorded
  },

  async autocomplete (interaction, context) {
    await respondWithSources(interaction, context)
  },

  async button (interaction: ButtonInteraction, context: BotContext, [action, key = '', offsetText = '0']: string[]) {
    const session = context.askSessions.get(key)
    if (session === undefined) {
      await interaction.reply(privateNotice('This answer has expired. Ask again with `/ask`.'))
      return
    }
    if (action === 'vote') {
      await vote(interaction, context, session, key, offsetText)
      return
    }
    const offset = Math.max(0, Number.parseInt(offsetText, 10) || 0)
    const answer = await context.dateline.ask(session.question, { ...session.request, offset })
    if (action === 'show') {
      await interaction.reply({ embeds: [renderCitationsEmbed(answer.citations, { timestamps: true })], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
      return
    }
    // Paging rewrites the asker's message. Anyone else gets a private copy whose
    // buttons are theirs, so paging the copy rewrites the copy.
    if (interaction.user.id === session.askerId) {
      await interaction.update(answerMessage(answer, key))
      return
    }
    const own = context.askSessions.put({ ...session, askerId: interaction.user.id })
    await interaction.reply({ ...answerMessage(answer, own), flags: MessageFlags.Ephemeral })
  },
} satisfies Command
