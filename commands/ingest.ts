import { MessageFlags } from 'discord.js'
import { UPLOAD_EXTENSIONS } from '../src/core/ingest.js'
import type { Command } from '../src/discord/command.js'
import { ingestEmbed } from '../src/discord/coverage.js'
import { allowedModerator, moderatorCommand, NO_MENTIONS, privateNotice } from '../src/discord/replies.js'

export const ingest = {
  data: moderatorCommand('ingest', 'Add an article to the coverage from a link or a file (moderators)')
    .addStringOption(option => option.setName('url').setDescription('The article\'s address (http or https)').setMaxLength(2000))
    .addAttachmentOption(option => option.setName('file').setDescription(`An article file: ${UPLOAD_EXTENSIONS.join(', ')} (.jsonl: one article a line)`))
    .toJSON(),

  async execute (interaction, context) {
    if (!await allowedModerator(interaction, 'Only members with the Manage Server permission can add coverage.')) return
    context.metrics.commands.inc({ command: 'ingest' })
    const { ingester } = context
    if (ingester === null) {
      await interaction.reply(privateNotice(context.ingestUnavailable))
      return
    }
    const url = interaction.options.getString('url')?.trim() ?? ''
    const file = interaction.options.getAttachment('file')
    if ((url === '') === (file === null)) {
      await interaction.reply(privateNotice(url === '' ? 'Give the article\'s `url`, or attach its `file`.' : 'Give either a `url` or a `file`, one at a time.'))
      return
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral })
    const outcome = file !== null
      ? await ingester.ingest({ via: 'attachment', name: file.name, url: file.url, size: file.size })
      : await ingester.ingest({ via: 'url', url })
    await interaction.editReply({ embeds: [ingestEmbed(outcome)], allowedMentions: NO_MENTIONS })
  },
} satisfies Command
