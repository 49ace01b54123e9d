import { REST, Routes } from 'discord.js'
import type { Command } from './command.js'

export interface DeployTarget {
  token: string
  applicationId: string
  /** Register in one server (instant, for testing) rather than globally. */
  guildId: string | null
  apiUrl: string | null
}

/** Replaces the application's commands with these, in one bulk overwrite. */
export async function deployCommands (commands: readonly Command[], target: DeployTarget): Promise<{ scope: string, names: string[] }> {
  const rest = new REST(target.apiUrl !== null ? { api: target.apiUrl } : {}).setToken(target.token)
  const route = target.guildId !== null
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId)
  const registered = await rest.put(route, { body: commands.map(command => command.data) }) as Array<{ name: string }>
  return { scope: target.guildId !== null ? `server ${target.guildId}` : 'all servers (global)', names: registered.map(c => c.name) }
}
