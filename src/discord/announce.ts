import type { Client } from 'discord.js'
import type { AddedArticle, IngestVia } from '../ingester.js'
import type { Logger } from '../log.js'
import { announcementEmbed } from './coverage.js'
import { NO_MENTIONS } from './replies.js'

/**
 * Announces new coverage in one channel (ANNOUNCE_CHANNEL_ID): one message
 * per ingest that added articles. A channel the bot cannot post in is
 * logged, never retried and never in the way of the ingest.
 */
export function createAnnouncer (client: Client, channelId: string, logger: Logger): (added: readonly AddedArticle[], via: IngestVia) => void {
  return (added, via) => {
    void (async () => {
      const channel = await client.channels.fetch(channelId)
      if (channel === null || !channel.isSendable()) throw new Error(`channel ${channelId} is not a text channel the bot can post in`)
      await channel.send({ embeds: [announcementEmbed(added, via)], allowedMentions: NO_MENTIONS })
    })().catch((error: unknown) => logger.warn({ err: error, channelId, articles: added.map(a => a.id) }, 'new coverage could not be announced'))
  }
}
