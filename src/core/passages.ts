import { splitSentences } from './text.js'
import type { Article, Passage } from './types.js'

export interface PassageOptions {
  /** A paragraph longer than this is split at sentence boundaries. Default 700 characters. */
  maxChars: number
  /** Sentences are grouped up to about this length when a paragraph is split. Default 450. */
  targetChars: number
  /**
   * A paragraph shorter than this is joined with the next one under the same
   * heading: one-sentence news paragraphs often name the subject in one and
   * state the fact in the next. Default 400.
   */
  minChars: number
}

export const defaultPassageOptions: PassageOptions = { maxChars: 700, targetChars: 450, minChars: 400 }

/** Groups sentences into runs of about `targetChars`, never splitting a sentence. */
function groupSentences (sentences: string[], targetChars: number): string[] {
  const groups: string[] = []
  let current = ''
  for (const sentence of sentences) {
    if (current.length > 0 && current.length + 1 + sentence.length > targetChars) {
      groups.push(current)
      current = sentence
    } else {
      current = current.length > 0 ? `${current} ${sentence}` : sentence
    }
  }
  if (current.length > 0) groups.push(current)
  return groups
}

/**
 * Cuts an article into passages: one per paragraph, long paragraphs split
 * between sentences, so a citation points at a few sentences rather than a
 * page. Passage ids are assigned from `firstId` on.
 */
export function splitIntoPassages (article: Article, firstId: number, options: PassageOptions = defaultPassageOptions): Passage[] {
  const passages: Passage[] = []
  const push = (text: string, heading: string | null): void => {
    passages.push({ id: firstId + passages.length, articleId: article.id, ordinal: passages.length, heading, text })
  }
  let pending: { text: string, heading: string | null } | null = null
  for (const paragraph of article.paragraphs) {
    if (pending !== null && pending.heading === paragraph.heading && pending.text.length + paragraph.text.length < options.maxChars) {
      pending = { text: `${pending.text}\n${paragraph.text}`, heading: pending.heading }
    } else {
      if (pending !== null) push(pending.text, pending.heading)
      pending = { text: paragraph.text, heading: paragraph.heading }
    }
    if (pending.text.length < options.minChars) continue
    const pieces = pending.text.length > options.maxChars
      ? groupSentences(splitSentences(pending.text), options.targetChars)
      : [pending.text]
    for (const text of pieces) push(text, pending.heading)
    pending = null
  }
  if (pending !== null) push(pending.text, pending.heading)
  return passages
}
