/**
 * Room left after the end of a growing array, so that appending an article
 * writes in place: copying millions of term ids per ingest would stall the
 * searches waiting behind it. About 1/8 more, which on a large archive is
 * room for hundreds of articles before one copy. The library's arrays and
 * the word vectors' rows for its terms grow by the same rule.
 */
export function appendHeadroom (length: number): number {
  return 1024 + Math.ceil(length / 8)
}
