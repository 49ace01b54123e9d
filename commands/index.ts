import type { Command } from '../src/discord/command.js'
import { ask } from './ask.js'
import { feeds } from './feeds.js'
import { help } from './help.js'
import { ingest } from './ingest.js'
import { reindex } from './reindex.js'
import { sources } from './sources.js'
import { stats } from './stats.js'
import { timeline } from './timeline.js'

/** Every slash command, as deployed and as dispatched. */
export const commands: readonly Command[] = [ask, sources, timeline, help, reindex, ingest, feeds, stats]
