import { hasForm, mentionsIn, type AnswerForm, type AnswerType, type Mention, type MentionKind } from './nlp.js'
import type { Question } from './question.js'
import { analyze, sentenceSpans, termSpans, type WordSpan } from './text.js'

/**
 * Choosing the sentence that answers, and cutting the excerpt around it.
 * A sentence is judged by how much of the question it covers, whether it
 * holds the kind of answer asked for (a name, a place, a number, a date) that
 * the question does not already state, and how close together the question's
 * words stand in it.
 */

/** How a question's words are recognised in text: index term → question term slot and share. */
export type TermSlots = ReadonlyMap<string, { slot: number, share: number }>

export interface SentenceWeights {
  answerTypeWeight: number
  proximityWeight: number
}

export interface SentenceScore {
  start: number
  end: number
  /** Share of the question's weight the sentence matches, with its article title's words once it matches one of its own. */
  coverage: number
  /** 1 when the sentence holds an answer of the asked kind, 0.5 for a near kind, else 0. */
  answerType: number
  /** Share of the question's adjacent word pairs that stand close in the sentence. */
  proximity: number
  score: number
  /**
   * Whether `answerType` was worked out. Sentences that share no word with the
   * question hold no answer worth reading for; when only the best sentence is
   * asked for, those that could not beat it are not read either.
   */
  analysed: boolean
}

/**
 * Kinds of mention that answer each kind of question fully. A proper name of
 * another kind answers a question for a person, organisation or place half.
 * A question for a name of no stated kind ("what position", "which movie",
 * "what did Tesla call…") is answered by any proper name only half, too:
 * nearly every sentence of news or reference names someone, so a name alone
 * tells little, and its answer is often no name at all ("receivers").
 */
const ANSWERING_KINDS: Readonly<Record<AnswerType, readonly MentionKind[]>> = {
  person: ['person'],
  organisation: ['organisation'],
  place: ['place'],
  number: ['number'],
  date: ['date'],
  name: [],
  any: [],
}
const PROPER_KINDS: readonly MentionKind[] = ['person', 'organisation', 'place', 'proper']
/** What a near answer counts for: a near kind, another form than the one asked for, or any name for a name of no stated kind. */
const NEAR_ANSWER = 0.5
/** Question kinds a proper name of any kind answers as a near answer. */
const HALF_ANSWERED_BY_NAMES: readonly AnswerType[] = ['person', 'organisation', 'place', 'name']

/**
 * How well a sentence's mentions answer the kind of question asked, counting
 * only what the question does not state: 1 for a mention of the kind (and of
 * the form asked for, when one is: a year for "what year"), 0.5 for a near
 * kind, another form, or any proper name when the question asks for a name of
 * no stated kind.
 */
export function answerTypeMatch (type: AnswerType, mentions: readonly Mention[], questionTerms: ReadonlySet<string>, form: AnswerForm | null = null): number {
  if (type === 'any') return 0
  let best = 0
  for (const mention of mentions) {
    const terms = analyze(mention.text)
    // "Putin" does not answer "what did Putin say?": an answer is something the question does not name.
    if (terms.length === 0 || terms.every(t => questionTerms.has(t))) continue
    // A year wink-nlp read as a plain number ("in 1985") still answers "what year"; a country's name, "which country".
    if (form !== null && (mention.kind === 'number' || mention.kind === 'date' || mention.kind === 'place') && hasForm(mention, form)) return 1
    // wink-nlp reads some years as plain numbers ("In 1066 the Normans…"): a year still answers "when".
    if (type === 'date' && form === null && mention.kind === 'number' && hasForm(mention, 'year')) return 1
    if (ANSWERING_KINDS[type].includes(mention.kind)) {
      if (form === null) return 1
      best = NEAR_ANSWER
    }
    if (PROPER_KINDS.includes(mention.kind) && HALF_ANSWERED_BY_NAMES.includes(type)) best = NEAR_ANSWER
  }
  return best
}

/**
 * The most `answerTypeMatch` can give a sentence for a question of this kind
 * and form: a half for a name of no stated kind, which no kind answers fully.
 * Sentences that could not beat the best even so are not read.
 */
function bestAnswerTypeMatch (type: AnswerType, form: AnswerForm | null): number {
  if (type === 'any') return 0
  return ANSWERING_KINDS[type].length === 0 && form === null ? NEAR_ANSWER : 1
}

/**
 * Pairs of the question's terms that stand together in it: each term with the
 * next two in text order ("Valdai Discussion Club" pairs valdai with club too,
 * so "Valdai Club" counts). A word the coverage never uses stands for its
 * variants' slot.
 */
export function questionPairs (question: Question, slots: TermSlots): Array<[number, number]> {
  const own = new Map(question.terms.map((t, slot) => [t.term, slot]))
  const order = question.sequence.map(term => own.get(term) ?? slots.get(term)?.slot).filter((slot): slot is number => slot !== undefined)
  const pairs: Array<[number, number]> = []
  const seen = new Set<number>()
  for (let i = 0; i < order.length; i += 1) {
    for (let j = i + 1; j <= Math.min(order.length - 1, i + 2); j += 1) {
      const a = order[i] ?? 0
      const b = order[j] ?? 0
      const key = Math.min(a, b) * 64 + Math.max(a, b)
      if (a !== b && !seen.has(key)) { seen.add(key); pairs.push([a, b]) }
    }
  }
  return pairs
}

/** Share of the pairs whose words stand within two words of each other. */
function proximity (spans: readonly WordSpan[], slots: TermSlots, pairs: ReadonlyArray<[number, number]>): number {
  if (pairs.length === 0) return 0
  const at = new Map<number, number[]>()
  spans.forEach((span, i) => {
    const slot = slots.get(span.term)?.slot
    if (slot !== undefined) at.set(slot, [...(at.get(slot) ?? []), i])
  })
  let close = 0
  for (const [a, b] of pairs) {
    const left = at.get(a)
    const right = at.get(b)
    if (left !== undefined && right !== undefined && left.some(i => right.some(j => Math.abs(i - j) <= 2))) close += 1
  }
  return close / pairs.length
}

export interface SentenceReading {
  /**
   * Whether every sentence is read for the kind of answer it holds (wink-nlp),
   * most of the cost; when false, only those that could still be the best are
   * read, most promising first: the best sentence and its score are the same
   * either way. Default true.
   */
  all?: boolean
  /**
   * The question's slots that the passage's article title matches (bits as in
   * a ranking's masks). A sentence that matches some question word itself is
   * credited with these too: the headline says what its "the game" or "it"
   * is about ("Super Bowl 50": "The Broncos practiced at Stanford University"
   * answers where the Broncos practised for it). Default none.
   */
  titleMask?: number
}

/** Scores each sentence of a passage against the question. */
export function scoreSentences (text: string, question: Question, slots: TermSlots, pairs: ReadonlyArray<[number, number]>, weights: SentenceWeights, reading: SentenceReading = {}): SentenceScore[] {
  const { all = true, titleMask = 0 } = reading
  const located = sentenceSpans(text)
  const sentences = located.length > 0 ? located : [{ start: 0, end: text.length }]
  const total = Math.max(question.totalWeight, Number.MIN_VALUE)
  const scores = sentences.map(({ start, end }): SentenceScore => {
    const spans = termSpans(text.slice(start, end))
    const found = new Map<number, number>()
    for (const span of spans) {
      const hit = slots.get(span.term)
      if (hit !== undefined) found.set(hit.slot, Math.max(found.get(hit.slot) ?? 0, hit.share))
    }
    let covered = 0
    for (const [slot, share] of found) covered += (question.terms[slot]?.weight ?? 0) * share
    // Only a sentence with a word of its own: the title makes no sentence relevant, and one that
    // shares no word with the question must stay out of the excerpt beyond its first few hundred characters.
    if (found.size > 0 && titleMask !== 0) {
      question.terms.forEach((t, slot) => { if ((titleMask & (1 << slot)) !== 0 && !found.has(slot)) covered += t.weight })
    }
    const coverage = covered / total
    const close = coverage > 0 ? proximity(spans, slots, pairs) : 0
    // Linguistic analysis only where it can matter: a sentence that shares words with the question.
    const analysed = coverage === 0 || question.answerType === 'any'
    return { start, end, coverage, answerType: 0, proximity: close, score: coverage + weights.answerTypeWeight * 0 + weights.proximityWeight * close, analysed }
  })
  const questionTerms = new Set(question.sequence)
  const analyse = (sentence: SentenceScore): void => {
    sentence.answerType = answerTypeMatch(question.answerType, mentionsIn(text.slice(sentence.start, sentence.end)), questionTerms, question.answerForm)
    sentence.score = sentence.coverage + weights.answerTypeWeight * sentence.answerType + weights.proximityWeight * sentence.proximity
    sentence.analysed = true
  }
  const waiting = scores.filter(s => !s.analysed)
  if (all) {
    for (const sentence of waiting) analyse(sentence)
    return scores
  }
  // What the best answer type could add, with a margin for rounding.
  const lift = Math.max(0, weights.answerTypeWeight) * bestAnswerTypeMatch(question.answerType, question.answerForm) + 1e-9
  waiting.sort((a, b) => b.score - a.score || a.start - b.start)
  for (const sentence of waiting) {
    if (sentence.score + lift < (scores[bestSentence(scores)]?.score ?? 0)) break
    analyse(sentence)
  }
  return scores
}

/** The best-scoring sentence; the earlier on a tie. */
export function bestSentence (scores: readonly SentenceScore[]): number {
  let best = 0
  scores.forEach((s, i) => { if (s.score > (scores[best]?.score ?? 0)) best = i })
  return best
}

export interface Excerpt { text: string, highlights: Array<[number, number]> }

export function highlightsIn (text: string, matched: ReadonlySet<string>): Array<[number, number]> {
  return termSpans(text).filter(span => matched.has(span.term)).map(span => [span.start, span.end])
}

/** Cuts an over-long sentence around its first match, at word boundaries, marking the cuts. */
export function trimAroundMatch (sentence: string, matched: ReadonlySet<string>, maxChars: number): string {
  if (sentence.length <= maxChars) return sentence
  const first = termSpans(sentence).find(span => matched.has(span.term))?.start ?? 0
  let start = Math.max(0, first - Math.floor(maxChars / 3))
  if (start > 0) start = sentence.indexOf(' ', start) + 1
  let end = Math.min(sentence.length, start + maxChars - 2)
  if (end < sentence.length) end = sentence.lastIndexOf(' ', end)
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? '…' : ''}`
}

/** A sentence that opens by pointing back ("He appointed…", "It in turn evolved…") continues the one before it. */
const REFERS_BACK = /^["'“‘(]?(?:he|she|it|they|his|her|its|their|this|these|those|there)\b/i

/**
 * How long an excerpt grows with whatever neighbour scores better; past it, a
 * neighbour must bear on the question, so a longer limit quotes more of what
 * answers, not more of what surrounds it.
 */
const FREE_GROWTH_CHARS = 300

/**
 * The excerpt: the best sentence, grown with its neighbours. Up to
 * FREE_GROWTH_CHARS it takes whichever neighbour scores better (the sentence
 * naming the subject often stands just before the one with the fact); beyond that, only
 * neighbours that share words with the question or hold an answer. A sentence
 * that opens with a pronoun is kept with the one before it, either way: "He
 * made Ralph earl" says nothing without the sentence naming him. Always
 * verbatim, sliced from the passage with its own spacing and line breaks.
 */
export function cutExcerpt (text: string, scores: readonly SentenceScore[], bestAt: number, matched: ReadonlySet<string>, maxChars: number): Excerpt {
  let from = bestAt
  let to = bestAt
  const length = (a: number, b: number): number => (scores[b]?.end ?? 0) - (scores[a]?.start ?? 0)
  const refersBack = (i: number): boolean => REFERS_BACK.test(text.slice(scores[i]?.start ?? 0, scores[i]?.end ?? 0))
  while (true) {
    const before = from > 0 ? (scores[from - 1]?.score ?? 0) + (refersBack(from) ? 1 : 0) : -1
    const after = to < scores.length - 1 ? (scores[to + 1]?.score ?? 0) + (refersBack(to + 1) ? 1 : 0) : -1
    const short = length(from, to) < Math.min(FREE_GROWTH_CHARS, maxChars / 2)
    const takeAfter = after >= 0 && after >= before && (short || after > 0) && length(from, to + 1) <= maxChars
    const takeBefore = !takeAfter && before >= 0 && (short || before > 0) && length(from - 1, to) <= maxChars
    if (takeAfter) to += 1
    else if (takeBefore) from -= 1
    else break
  }
  const quoted = text.slice(scores[from]?.start ?? 0, scores[to]?.end ?? text.length)
  const cut = trimAroundMatch(quoted, matched, maxChars)
  return { text: cut, highlights: highlightsIn(cut, matched) }
}
