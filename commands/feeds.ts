import { MessageFlags } from 'discord.js'
import { matchFeeds } from '../src/core/feeds.js'
import type { Command } from '../src/discord/command.js'
import { feedAddedEmbed, feedListEmbed } from '../src/discord/coverage.js'
import { DISCORD_LIMITS, truncate } from '../src/discord/render.js'
import { allowedModerator, moderatorCommand, NO_MENTIONS, privateNotice } from '../src/discord/replies.js'

export const feeds = {
  data: moderatorCommand('feeds', 'Follow RSS and Atom feeds: their new articles join the coverage (moderators)')
    .addSubcommand(sub => sub.setName('add').setDescription('Follow a feed and add the articles it lists')
      .addStringOption(option => option.setName('url').setDescription('The feed\'s address (RSS or Atom)').setRequired(true).setMaxLength(2000)))
    .addSubcommand(sub => sub.setName('list').setDescription('The feeds followed, with articles ingested and their last error'))
    .addSubcommand(sub => sub.setName('remove').setDescription('Stop following a feed (its articles stay)')
      .addStringOption(option => option.setName('url').setDescription('The feed to stop following').setRequired(true).setAutocomplete(true)))
    .toJSON(),

  async execute (interaction, context) {
    if (!await allowedModerator(interaction, 'Only members with the Manage Server permission can manage feeds.')) return
    context.metrics.commands.inc({ command: 'feeds' })
    const poller = context.feeds
    if (poller === null) {
      await interaction.reply(privateNotice(context.ingestUnavailable))
      return
    }
    const subcommand = interaction.options.getSubcommand()
    if (subcommand === 'list') {
      const state = await poller.list().catch((error: unknown) => error as Error)
      if (state instanceof Error) {
        await interaction.reply(privateNotice(`The saved feed state cannot be read, so no feed is polled: ${state.message}`))
        return
      }
      await interaction.reply({ embeds: [feedListEmbed(state, context.feedPollMinutes)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
      return
    }
    const url = interaction.options.getString('url', true).trim()
    if (subcommand === 'remove') {
      const removed = await poller.remove(url)
      const notice = removed === null
        ? 'That feed is not followed. See `/feeds list`.'
        : `Stopped following ${removed.title ?? removed.url}. The ${removed.itemCount} article${removed.itemCount === 1 ? '' : 's'} it brought stay in the coverage.`
      await interaction.reply(privateNotice(notice))
      return
    }
    // Adding polls the feed and ingests its items, which can take a while.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral })
    const outcome = await poller.add(url, interaction.user.id)
    await interaction.editReply({ embeds: [feedAddedEmbed(outcome, url, context.feedPollMinutes)], allowedMentions: NO_MENTIONS })
  },

  async autocomplete (interaction, context) {
    const state = await context.feeds?.list().catch(() => null)
    const typed = String(interaction.options.getFocused())
    const choices = matchFeeds(state?.feeds ?? [], typed)
      .filter(feed => feed.url.length <= DISCORD_LIMITS.choiceValue)
      .slice(0, DISCORD_LIMITS.choices)
      .map(feed => ({ name: truncate(feed.title === null ? feed.url : `${feed.title} · ${feed.url}`, DISCORD_LIMITS.choiceName), value: feed.url }))
    await interaction.respond(choices)
  },
} satisfies Command
