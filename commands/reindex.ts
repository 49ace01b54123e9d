import { MessageFlags } from 'discord.js'
import type { ChangeCounts } from '../src/core/diff.js'
import { DISCORD_LIMITS, fitEmbed, quoteSafely, truncate } from '../src/discord/render.js'
import type { ReindexReport } from '../src/dateline.js'
import type { LoadProgress } from '../src/engine/load.js'
import { describeProgress } from '../src/progress.js'
import type { Command } from '../src/discord/command.js'
import { allowedModerator, moderatorCommand, NO_MENTIONS } from '../src/discord/replies.js'

function counts ({ added, removed, changed }: ChangeCounts): string {
  return `${added} added, ${removed} removed, ${changed} changed`
}

/** The reindex report as a moderator reads it: what changed, what broke, how long it took. */
export function reportEmbed (report: ReindexReport) {
  const fields = []
  if (report.diff !== null) {
    fields.push({ name: 'Articles', value: counts(report.diff.articles), inline: true })
    fields.push({ name: 'Passages', value: counts(report.diff.passages), inline: true })
  }
  if (report.problems.length > 0) {
    const kept = report.keptPrevious.length > 0 ? `\nKept the last good version of: ${report.keptPrevious.map(id => `\`${id}\``).join(', ')}` : ''
    fields.push({
      name: `Files with problems (${report.problems.length})`,
      value: truncate(`${report.problems.map(p => `• ${quoteSafely(p)}`).join('\n')}${kept}`, DISCORD_LIMITS.fieldValue),
    })
  }
  const seconds = (report.durationMs / 1000).toFixed(report.durationMs < 10_000 ? 2 : 0)
  return fitEmbed({
    title: report.swapped ? 'Reindex complete' : 'Reindex failed: still answering from the previous index',
    description: `${report.articles} articles, ${report.passages} passages indexed in ${seconds} s.`,
    color: report.problems.length === 0 ? 0x2f855a : 0xc05621,
    fields,
  })
}

export const reindex = {
  data: moderatorCommand('reindex', 'Rebuild the index from the coverage folder (moderators)')
    .toJSON(),

  async execute (interaction, context) {
    if (!await allowedModerator(interaction, 'Only members with the Manage Server permission can reindex.')) return
    context.metrics.commands.inc({ command: 'reindex' })
    await interaction.deferReply({ flags: MessageFlags.Ephemeral })
    // Progress edits at most every `progressEveryMs`, one at a time, so the final report is always the last edit.
    let lastEdit = performance.now()
    let editing: Promise<unknown> = Promise.resolve()
    const onProgress = (progress: LoadProgress): void => {
      const now = performance.now()
      if (now - lastEdit < context.progressEveryMs) return
      lastEdit = now
      editing = editing.then(async () => await interaction.editReply({ content: `Reindexing: ${describeProgress(progress)}…`, allowedMentions: NO_MENTIONS }))
        .catch((error: unknown) => context.logger.warn({ err: error, interactionId: interaction.id }, 'reindex progress edit failed'))
    }
    const outcome = await context.dateline.reindex(interaction.user.id, onProgress)
    await editing
    if (outcome.status === 'busy') {
      const by = outcome.startedBy === null ? '' : ` by <@${outcome.startedBy}>`
      await interaction.editReply({ content: `A reindex is already running (started <t:${Math.floor(outcome.startedAt / 1000)}:R>${by}). Questions are answered from the current index meanwhile.`, allowedMentions: NO_MENTIONS })
      return
    }
    const { report } = outcome
    context.logger.info({ interactionId: interaction.id, userId: interaction.user.id, swapped: report.swapped, articles: report.articles, passages: report.passages, problems: report.problems.length, durationMs: report.durationMs }, 'reindex finished')
    for (const problem of report.problems) context.logger.warn({ interactionId: interaction.id, problem }, 'reindex: coverage problem')
    await interaction.editReply({ content: '', embeds: [reportEmbed(report)], allowedMentions: NO_MENTIONS })
  },
} satisfies Command
