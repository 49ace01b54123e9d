import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js'
import type { BotContext, Command } from './command.js'
import { NO_MENTIONS } from './replies.js'

export const FAILURE_MESSAGE = 'Something went wrong while answering. The moderators can find the details in the bot log.'

export interface BotOptions {
  /** REST base URL (a proxy, or the test emulator); discord.js's default when null. */
  apiUrl: string | null
}

/**
 * Tells the member something failed, however far their interaction got, and
 * privately. A public "thinking…" placeholder is taken down first: it would
 * otherwise stay in the channel, and the first follow-up after a deferral
 * fills the placeholder (publicly) instead of sending the private notice.
 */
async function reportFailure (interaction: RepliableInteraction, context: BotContext): Promise<void> {
  const notice = { content: FAILURE_MESSAGE, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral as const }
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(notice)
    return
  }
  if (interaction.deferred && !interaction.replied && interaction.ephemeral === false) {
    await interaction.deleteReply().catch((error: unknown) => context.logger.error({ err: error, interactionId: interaction.id }, 'could not take down the public placeholder'))
  }
  await interaction.followUp(notice)
}

/** What a log line says about an interaction: enough to find it, nothing a member typed. */
function describeInteraction (interaction: Interaction): Record<string, string | number | null | undefined> {
  const what = interaction.isChatInputCommand() || interaction.isAutocomplete()
    ? { command: interaction.commandName }
    : interaction.isButton() ? { button: interaction.customId } : { interactionType: interaction.type }
  return { interactionId: interaction.id, ...what, userId: interaction.user.id, guildId: interaction.guildId }
}

/** Routes each interaction to its command; a failure never escapes to crash the bot. */
export async function dispatch (interaction: Interaction, commands: ReadonlyMap<string, Command>, context: BotContext): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName)
      if (command === undefined) throw new Error(`Dateline bot: no handler for /${interaction.commandName}`)
      await command.execute(interaction, context)
    } else if (interaction.isAutocomplete()) {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, context)
    } else if (interaction.isButton()) {
      const [name = '', ...args] = interaction.customId.split(':')
      const handler = commands.get(name)?.button
      if (handler === undefined) throw new Error(`Dateline bot: no handler for button "${interaction.customId}"`)
      await handler(interaction, context, args)
    }
  } catch (error) {
    context.logger.error({ err: error, ...describeInteraction(interaction) }, 'interaction failed')
    if (interaction.isRepliable()) {
      await reportFailure(interaction, context).catch((reportError: unknown) => context.logger.error({ err: reportError, interactionId: interaction.id }, 'could not tell the member about the failure'))
    }
  }
}

export const RESTARTING_MESSAGE = 'Dateline is restarting. Ask again in a minute.'

/** The client, and the interactions it is still answering, so a shutdown can let them finish. */
export interface BotHandle {
  client: Client
  /** Interactions being answered now. */
  readonly inFlight: number
  /** From now on, new interactions are told the bot is restarting instead of being answered. */
  stopAccepting: () => void
  /** Resolves once every interaction in flight is answered, or after `timeoutMs`; gives how many were left. */
  drain: (timeoutMs: number) => Promise<number>
}

/** A discord.js client wired to the commands. It needs only the Guilds intent: no message content. */
export function createBot (commands: readonly Command[], context: BotContext, options: BotOptions): BotHandle {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    ...(options.apiUrl !== null ? { rest: { api: options.apiUrl } } : {}),
  })
  const byName = new Map(commands.map(command => [command.data.name, command]))
  const running = new Set<Promise<void>>()
  let accepting = true
  client.on(Events.InteractionCreate, interaction => {
    if (!accepting) {
      if (interaction.isRepliable()) void interaction.reply({ content: RESTARTING_MESSAGE, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }).catch(() => {})
      return
    }
    const handling = dispatch(interaction, byName, context).finally(() => running.delete(handling))
    running.add(handling)
  })
  client.once(Events.ClientReady, ready => context.logger.info({ user: ready.user.tag, articles: context.dateline.catalog.sources.length }, `logged in as ${ready.user.tag}`))
  client.on(Events.ShardResume, () => context.logger.info('gateway session resumed'))
  client.on(Events.Error, error => context.logger.error({ err: error }, 'client error'))
  return {
    client,
    get inFlight () { return running.size },
    stopAccepting: () => { accepting = false },
    drain: async timeoutMs => {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs) })
      while (running.size > 0) {
        const settled = await Promise.race([Promise.allSettled([...running]).then(() => true), timeout.then(() => false)])
        if (!settled) break
      }
      clearTimeout(timer)
      return running.size
    },
  }
}
