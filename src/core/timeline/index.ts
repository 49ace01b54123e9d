/**
 * /timeline: how the coverage of a topic unfolded. Matching (match.ts) finds
 * every article on the topic with its best sentence; the model (model.ts)
 * puts them in date order with buckets and the first report; src/discord/timeline.ts
 * and src/chart.ts show it.
 */
import type { Library } from '../library.js'
import { matchTopic } from './match.js'
import { buildTimeline, type Timeline } from './model.js'
import type { TimelineOptions, TimelineRequest } from './options.js'

export * from './options.js'
export * from './match.js'
export * from './model.js'
export * from './json.js'

/** The timeline of a topic in the library: every matching article, dated ones in order, undated ones apart. */
export function timelineOf (library: Library, topic: string, request: Partial<TimelineRequest> = {}, options: Partial<TimelineOptions> = {}): Timeline {
  return buildTimeline(library.articles, matchTopic(library, topic, request, options))
}
