/**
 * What shapes a timeline, in two halves like an answer's: the request a
 * member makes (a topic's filters) and the matching options, fixed per
 * deployment. Defaults are documented on each field and merged here.
 */

import { withDefaults } from '../options.js'

/** What one timeline asks for, besides its topic. */
export interface TimelineRequest {
  /** Only coverage published on or after this date (YYYY-MM-DD). Undated coverage is left out (and counted). */
  since: string | null
  /** Only coverage published on or before this date (YYYY-MM-DD). Undated coverage is left out (and counted). */
  until: string | null
  /**
   * Only this source: an article id (as /ask's `source` takes it), or an
   * outlet's name, compared case-insensitively ("rt india"). Default: all.
   */
  source: string | null
}

export const defaultTimelineRequest: TimelineRequest = { since: null, until: null, source: null }

/**
 * How articles are matched to a topic. A timeline wants every article on
 * the topic, not the best few an answer cites, so these are recall rules
 * with a floor that keeps passing mentions and coincidences out.
 */
export interface TimelineOptions {
  /**
   * Share of the topic's weight (rarity-weighted words, names weighing more)
   * that one passage, read together with its article's title, must contain.
   * The words of "Jaishankar Putin meeting" must meet in one place, not be
   * scattered across an article about something else. Default 0.6.
   */
  minCoverage: number
  /**
   * A match in the title or in the first `leadPassages` passages counts at
   * once: news names its subject early. Default 3.
   */
  leadPassages: number
  /**
   * A match only further down must recur in at least this many passages;
   * a single passing mention deep in an article on something else is left
   * out. Default 2.
   */
  minLaterPassages: number
  /** Most distinct topic words searched; the rarest are kept. Default 12, at most 30. */
  maxTopicTerms: number
  /** Longest excerpt quoted per article, in characters: one sentence, cut around the match beyond this. Default 280. */
  maxExcerptChars: number
}

export const defaultTimelineOptions: TimelineOptions = {
  minCoverage: 0.75,
  leadPassages: 3,
  minLaterPassages: 2,
  maxTopicTerms: 12,
  maxExcerptChars: 280,
}

export function mergeTimelineRequest (request: Partial<TimelineRequest> = {}): TimelineRequest {
  return withDefaults(defaultTimelineRequest, request)
}

export function mergeTimelineOptions (options: Partial<TimelineOptions> = {}): TimelineOptions {
  return withDefaults(defaultTimelineOptions, options)
}
