import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js'
import type { Command } from '../src/discord/command.js'
import { fitEmbed } from '../src/discord/render.js'
import { NO_MENTIONS } from '../src/discord/replies.js'

/** What each command does, as a member reads it. */
export function helpEmbed () {
  return fitEmbed({
    title: 'Dateline: answers from the news coverage, quoted and dated',
    description: 'Every answer is a verbatim excerpt of an indexed article, with its outlet and publication date. Nothing is generated, so nothing is invented; when the coverage has nothing, Dateline says so.',
    color: 0x2b6cb0,
    fields: [
      { name: '/ask question', value: 'Cited excerpts that answer it, privately (`public: true` posts in the channel). Narrow with `since` and `until` (YYYY-MM-DD) or one `source`. Buttons: *More sources*, *Show sources* (full citations), and 👍 / 👎 to tell the moderators whether the answer was right.' },
      { name: '/sources [source]', value: 'The indexed articles with outlet, date and how the date was found, or one article\'s details.' },
      { name: '/timeline topic', value: 'How the coverage of a topic unfolded: every article on it in date order with its best sentence, undated ones apart, who reported first, and a chart of articles per day, week or month. Narrow with `since`, `until` or one outlet as `source`.' },
      { name: '/help', value: 'This message.' },
      { name: 'For moderators (Manage Server)', value: '`/ingest url:` or `/ingest file:` adds an article (a web page, or an .html, .txt, .md or .jsonl file), searchable at once. `/feeds add url:` follows an RSS or Atom feed, whose new articles are added as they appear; `/feeds list` and `/feeds remove` manage them. `/reindex` rebuilds the index after the coverage folder changes by hand, showing its progress. `/stats` shows questions per day, the no-coverage rate, the most asked unanswered questions and readers\' feedback.' },
      { name: 'Dates', value: 'Dates come from the article\'s metadata or byline; "from dateline" means the day came from a wire dateline and the year from the text; "undated" means the article states no date. Dateline never guesses a date.' },
    ],
  })
}

export const help = {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What Dateline does and how to ask it')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .toJSON(),

  async execute (interaction, context) {
    context.metrics.commands.inc({ command: 'help' })
    await interaction.reply({ embeds: [helpEmbed()], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
  },
} satisfies Command
