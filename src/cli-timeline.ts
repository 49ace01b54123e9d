/**
 * `npm run ask -- --timeline "topic"`: the timeline in a terminal, as
 * Discord would show it (or JSON), and its chart written with --chart.
 */
import { timelineOf, timelineToJson } from './core/timeline/index.js'
import { renderTimelineText } from './discord/timeline.js'
import { loadLibrary } from './engine/load.js'
import { writeFileAtomically } from './io.js'
import type { CliRequest, CliStreams } from './cli.js'

/** Prints the timeline of `topic`; returns the exit code. Errors are thrown to runCli, which reports them. */
export async function runTimeline (request: CliRequest, topic: string, snapshotDir: string | null, streams: CliStreams): Promise<number> {
  // As for questions: a large archive is reused from its snapshot, seeds build in milliseconds.
  const { library, problems } = await loadLibrary({
    location: request.location,
    index: {},
    snapshotDir: request.location.kind === 'corpus' ? snapshotDir : null,
    indexedIds: new Set(),
    keep: async () => [],
  })
  for (const problem of problems) streams.stderr.write(`warning: skipped ${problem.message}\n`)
  const timeline = timelineOf(library, topic, { since: request.ask.since ?? null, until: request.ask.until ?? null, source: request.ask.source ?? null })
  streams.stdout.write(request.json ? `${JSON.stringify(timelineToJson(timeline), null, 2)}\n` : `${renderTimelineText(timeline)}\n`)
  if (request.chart === null) return 0
  // Vega and resvg take a moment to load: only a chart asked for pays for them.
  const { renderTimelineChart } = await import('./chart.js')
  const chart = await renderTimelineChart(timeline)
  if (chart === null) {
    streams.stderr.write(`warning: no chart written to ${request.chart}: no matching article is dated\n`)
    return 0
  }
  await writeFileAtomically(request.chart, chart.png)
  streams.stderr.write(`chart written to ${request.chart} (${chart.width}×${chart.height} PNG)\n`)
  return 0
}
