import type { Timeline, TimelineEntry } from './model.js'

function entryJson (entry: TimelineEntry): object {
  const { n, date, dateSource, articleId, title, outlet, excerpt } = entry
  return { n, date, dateSource, articleId, title, outlet, excerpt }
}

/** The machine-readable timeline: what `npm run ask -- --timeline "topic" --json` prints. */
export function timelineToJson (timeline: Timeline): object {
  return {
    topic: timeline.topic,
    ...(timeline.reason !== null ? { reason: timeline.reason } : {}),
    granularity: timeline.granularity,
    firstReported: timeline.firstReported,
    buckets: timeline.buckets.map(({ start, count, outlets }) => ({ start, count, outlets })),
    entries: timeline.entries.map(entryJson),
    undated: timeline.undated.map(entryJson),
    ...(timeline.undatedLeftOut > 0 ? { undatedLeftOut: timeline.undatedLeftOut } : {}),
  }
}
