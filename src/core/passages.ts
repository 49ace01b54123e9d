import { splitSentences } from './text.js'
import type { Article, Passage } from './types.js'

export interface PassageOptions {
  /** A paragraph longer than this is split at sentence boundaries. Default 700 characters. */
  maxChars: number
  /** Sentences are grouped up to about this length when a paragraph is split. Default 450. */
  targetChars: number
}

export const defaultPassageOptions: PassageOptions = { maxChars: 700, targetChars: 450 }

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
  for (const paragraph of article.paragraphs) {
    const pieces = paragraph.text.length > options.maxChars
      ? groupSentences(splitSentences(paragraph.text), options.targetChars)
      : [paragraph.text]
    for (const text of pieces) {
      passages.push({ id: firstId + passages.length, articleId: article.id, ordinal: passages.length, heading: paragraph.heading, text })
    }
  }
  return passages
}
