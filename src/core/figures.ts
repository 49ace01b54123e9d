import type { Library } from './library.js'
import { QUANTITY_QUESTION, type Question } from './question.js'
import { splitSentences, termSpans } from './text.js'

/** A figure a source gives for what the question asks about, shown side by side when sources differ. */
export interface Figure {
  value: string
  /** The sentence that states it, verbatim. */
  sentence: string
  /** Citation number of the source. */
  n: number
}

const FIGURE = /(?:[$€£₹]\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:trillion|billion|million|crore|lakh|bn|mn|tn)\b)?|\b\d[\d,]*(?:\.\d+)?\s*(?:trillion|billion|million|crore|lakh|per ?cent\b|%|tonnes|barrels))/gi

/** Terms that say what a figure is about: found in under a third of passages ("india" in coverage of India is not). */
export function focusTerms (library: Library, question: Question): Set<string> {
  const limit = library.passages.length / 3
  return new Set(question.terms.filter(t => t.ids.every(({ id }) => (library.passageFrequency[id] ?? 0) < limit)).map(t => t.term))
}

/** The first sentence of a passage stating a figure about one of the focus terms. */
export function figureSentence (text: string, focus: ReadonlySet<string>): { value: string, sentence: string } | null {
  if (focus.size === 0 || text.search(FIGURE) < 0) return null
  for (const sentence of splitSentences(text)) {
    const values = sentence.match(FIGURE)
    if (values == null) continue
    if (termSpans(sentence).some(span => focus.has(span.term))) return { value: values[0].trim(), sentence }
  }
  return null
}

/** What differingFigures reads of each cited passage. */
export interface CitedText { n: number, articleId: string, passageText: string, excerpt: string }

/**
 * Figures that the cited sources state about the question's subject.
 * Returned only when at least two sources give different values, so the
 * reader sees each value beside its source and date.
 */
export function differingFigures (question: string, cited: readonly CitedText[], focus: ReadonlySet<string>): Figure[] {
  const figures: Array<Figure & { articleId: string }> = []
  for (const c of cited) {
    const found = figureSentence(c.passageText, focus)
    if (found !== null) figures.push({ ...found, n: c.n, articleId: c.articleId })
  }
  const distinctValues = new Set(figures.map(f => f.value.toLowerCase().replace(/\s+/g, ' ')))
  const distinctSources = new Set(figures.map(f => f.articleId))
  if (distinctValues.size < 2 || distinctSources.size < 2) return []
  // Unasked-for figures are listed only when the excerpts themselves quote them.
  const quoted = figures.filter(f => cited.some(c => c.n === f.n && c.excerpt.includes(f.value))).length
  if (!QUANTITY_QUESTION.test(question) && quoted < 2) return []
  return figures.map(({ articleId: _articleId, ...figure }) => figure)
}
