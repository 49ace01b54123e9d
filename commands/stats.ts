import { MessageFlags } from 'discord.js'
import { formatHumanDate } from '../src/core/dates.js'
import { summarizeUsage, type UsageSummary } from '../src/core/usage.js'
import type { Command } from '../src/discord/command.js'
import { fitEmbed, quoteSafely, truncate } from '../src/discord/render.js'
import { allowedModerator, moderatorCommand, NO_MENTIONS } from '../src/discord/replies.js'

/** Days of history /stats shows. */
const DAYS = 14

function percent (rate: number | null): string {
  return rate === null ? 'n/a' : `${Math.round(rate * 100)}%`
}

/** The summary as moderators read it: one embed, figures first. */
export function statsEmbed (summary: UsageSummary) {
  const perDay = summary.perDay.map(({ day, questions }) => `\`${formatHumanDate(day).padStart(11)}\` ${'▮'.repeat(Math.min(questions, 30))} ${questions}`).join('\n')
  const unanswered = summary.topUnanswered.length === 0
    ? 'None: every question found coverage.'
    : summary.topUnanswered.map(({ question, count }) => `• “${quoteSafely(truncate(question, 150))}” × ${count}`).join('\n')
  const { up, down } = summary.votes
  return fitEmbed({
    title: `Dateline in this server: the last ${DAYS} days`,
    description: `**${summary.questions}** questions, **${summary.unanswered}** without coverage (${percent(summary.noCoverageRate)}).`,
    color: 0x2b6cb0,
    fields: [
      { name: 'Questions per day (UTC)', value: perDay },
      { name: 'Most asked without an answer', value: unanswered },
      { name: 'Readers\' feedback', value: up + down === 0 ? 'No votes yet.' : `👍 ${up} · 👎 ${down} · ${percent(summary.helpfulRate)} helpful` },
    ],
    footer: { text: 'Members are counted by a keyed hash; their ids are never stored.' },
  })
}

export const stats = {
  data: moderatorCommand('stats', 'What members asked, what went unanswered, and their feedback (moderators)')
    .toJSON(),

  async execute (interaction, context) {
    context.metrics.commands.inc({ command: 'stats' })
    if (!await allowedModerator(interaction, 'Only members with the Manage Server permission can see the stats.')) return
    const today = context.now().toISOString().slice(0, 10)
    const summary = summarizeUsage(context.records.questions, context.records.votes, { guildId: interaction.guildId, days: DAYS, today })
    await interaction.reply({ embeds: [statsEmbed(summary)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
  },
} satisfies Command
