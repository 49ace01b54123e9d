/** How an article's publication date was established, strongest first. */
export type DateSource = 'metadata' | 'byline' | 'inferred' | 'unknown'

export interface Article {
  /** Stable id: the seed's file name without extension, or the corpus record's id. */
  id: string
  title: string
  /** Publication date as YYYY-MM-DD, or null when no source states one. */
  date: string | null
  /** Time of day (HH:MM) when the byline gives one. */
  time: string | null
  dateSource: DateSource
  outlet: string | null
  url: string | null
  /** Citable paragraphs, boilerplate removed. A paragraph may carry the heading it sits under. */
  paragraphs: Paragraph[]
  /**
   * When the page says it was last modified (YYYY-MM-DD), for pages that state
   * it (HTML metadata). Recorded for the record only: never shown or used as
   * the publication date.
   */
  modified?: string | null
}

export interface Paragraph {
  text: string
  /** The section heading or list lead-in the paragraph belongs to, if any. */
  heading: string | null
}

/** What a citation or a source listing tells about where a passage comes from. */
export type SourceFields = Pick<Article, 'title' | 'outlet' | 'date' | 'time' | 'dateSource' | 'url'>

/** An indexed article as /sources and autocomplete list it. */
export interface SourceSummary extends SourceFields {
  id: string
  passages: number
}

/**
 * Optional per-article metadata (a sidecar `<id>.meta.json`). The first four
 * override what parsing found; the others record where an ingested article
 * came from.
 */
export interface ArticleMetadata {
  title?: string | undefined
  date?: string | undefined
  outlet?: string | undefined
  url?: string | undefined
  /** The address the stored file was fetched from, after redirects. */
  sourceUrl?: string | undefined
  /** When it was fetched, as an ISO date-time. */
  fetchedAt?: string | undefined
  /** The charset the server declared for a stored page (Content-Type), which the page itself may not state. */
  charset?: string | undefined
  /** The feed that listed the article. */
  feedUrl?: string | undefined
  /** The original name of an uploaded file. */
  attachment?: string | undefined
}

export interface Passage {
  /** Dense index into the library's passage array. */
  id: number
  articleId: string
  /** Position of the passage within its article, from 0. */
  ordinal: number
  heading: string | null
  text: string
}
