import type { Command } from '../src/discord/command.js'
import { ask } from './ask.js'
import { reindex } from './reindex.js'
import { sources } from './sources.js'

/** Every slash command, as deployed and as dispatched. */
export const commands: readonly Command[] = [ask, sources, reindex]
