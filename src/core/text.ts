import { stemmer } from 'stemmer'
import irregularVerbs from 'wink-eng-lite-web-model/dist/wn-verb-exceptions.js'

/**
 * Text analysis shared by indexing and querying. Both sides must agree on
 * every step (normalisation, tokenisation, stop words, stemming), so they
 * live in one place and the index never sees raw text.
 */

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g
const HORIZONTAL_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t]/g
const BULLET_PREFIX = /^\s*(?:[\u2022\u2023\u25E6\u2043\u2219\u25AA\u25CF\u00B7*-]|\d{1,2}[.)])\s+/

/** Typographic punctuation folded to ASCII so "India’s" and "India's" read alike. */
const TYPOGRAPHIC: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2012': '–',
  '\u2013': '–',
  '\u2014': '—',
  '\u2015': '—',
  '\u2026': '...',
}
const TYPOGRAPHIC_CHARACTER = /[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u2012-\u2015\u2026]/g
const NON_ASCII = /[\u0080-\uFFFF]/

/** Normalises one line of article text: invisible characters, odd spaces, curly quotes. */
export function normalizeLine (line: string): string {
  let out = line
  // Most lines of English news are plain ASCII, and large archives have millions of lines.
  if (NON_ASCII.test(out)) {
    out = out.normalize('NFC').replace(ZERO_WIDTH, '').replace(HORIZONTAL_SPACE, ' ')
      .replace(TYPOGRAPHIC_CHARACTER, character => TYPOGRAPHIC[character] ?? character)
  } else if (out.includes('\t')) {
    out = out.replace(/\t/g, ' ')
  }
  return out.replace(/ {2,}/g, ' ').trim()
}

/** Removes a list bullet ("•", "-", "1.") so list items read as sentences. */
export function stripBullet (line: string): { text: string, bullet: boolean } {
  const match = BULLET_PREFIX.exec(line)
  if (match == null) return { text: line, bullet: false }
  // "**Heading**" starts with "*" but is emphasis, not a bullet.
  if (line.startsWith('**')) return { text: line, bullet: false }
  return { text: line.slice(match[0].length).trim(), bullet: true }
}

/** Removes markdown emphasis that some feeds leave around headings. */
export function stripEmphasis (line: string): string {
  return line.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1')
}

// Words that carry no topic. Questions are full of them ("Who is the ...
// this week?"), and left in they make every passage a weak match.
const STOP_WORD_LIST = `a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves s t d ll m o re ve y
said says say according new one two like get got may might must shall us upon via per
week weeks year years month months day days today yesterday recently last first whose much many`

export const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORD_LIST.split(/\s+/).filter(Boolean))

const WORD = /[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*(?:'[\p{L}]+)*/gu
// The same for plain ASCII text, several times faster than the Unicode classes.
const ASCII_WORD = /[a-z0-9]+(?:&[a-z0-9]+)*(?:'[a-z]+)*/g
const DIACRITICS = /[\u0300-\u036f]/g
const FULL_STOP = 46

/**
 * Whether a one-character word followed by a full stop is an initial: a
 * letter, straight after another initial or not inside a longer word or
 * number. The same rule as DOTTED_INITIALS and the span patterns below: the
 * index, the question and the sentences weighed must read initials alike.
 */
function isInitial (letter: string, text: string, at: number, afterInitial: boolean): boolean {
  if (!/\p{L}/u.test(letter)) return false
  return afterInitial || at === 0 || !/[\p{L}\p{N}.]/u.test(text[at - 1] ?? '')
}

/** Initials written with full stops ("O.J.", "D.C.", "U.K."), not inside a longer word or number, as tokenize reads them. */
const DOTTED_INITIALS = /(?<![\p{L}\p{N}.])(?:\p{L}\.){2,}/gu

/** "O.J." written "OJ", as tokenize reads it: for reading a text's words other than to index them. */
export function joinInitials (text: string): string {
  return text.replace(DOTTED_INITIALS, initials => initials.replaceAll('.', ''))
}

/** Splits text into lower-cased words, folding diacritics and possessives ("India's" → "india"). */
export function tokenize (text: string): string[] {
  let folded = text.toLowerCase()
  if (NON_ASCII.test(folded)) {
    folded = folded.replace(ZERO_WIDTH, '').replace(/[\u2018\u2019\u201B\u2032]/g, "'").normalize('NFKD').replace(DIACRITICS, '')
  }
  const words: string[] = []
  // Initials with full stops ("o.j.") are joined as the words are read, where a search of every text for them would cost more.
  let initials = ''
  let initialsEnd = -1
  for (const match of folded.matchAll(NON_ASCII.test(folded) ? WORD : ASCII_WORD)) {
    let word = match[0]
    // A run of initials ends at any word that does not follow it straight on.
    if (initials !== '' && match.index !== initialsEnd) { words.push(initials); initials = '' }
    if (word.length === 1 && folded.charCodeAt(match.index + 1) === FULL_STOP && isInitial(word, folded, match.index, initials !== '')) {
      initials += word
      initialsEnd = match.index + 2
      continue
    }
    if (initials !== '') { words.push(initials); initials = '' }
    if (word.includes("'")) word = word.replace(/'s$/, '').replace(/'/g, '')
    if (word.length > 0) words.push(word)
  }
  if (initials !== '') words.push(initials)
  return words
}

// British and American spellings ("defence"/"defense") must meet in the
// index: outlets differ, and a reader types whichever they learned.
const SPELLING_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['defence', 'defense'], ['offence', 'offense'], ['licence', 'license'], ['pretence', 'pretense'],
  ['centre', 'center'], ['centres', 'centers'], ['theatre', 'theater'], ['metre', 'meter'], ['metres', 'meters'],
  ['litre', 'liter'], ['litres', 'liters'], ['fibre', 'fiber'], ['programme', 'program'], ['programmes', 'programs'],
  ['labour', 'labor'], ['favour', 'favor'], ['honour', 'honor'], ['colour', 'color'], ['neighbour', 'neighbor'],
  ['neighbours', 'neighbors'], ['behaviour', 'behavior'], ['harbour', 'harbor'], ['rumour', 'rumor'], ['vapour', 'vapor'],
  ['catalogue', 'catalog'], ['dialogue', 'dialog'], ['tyre', 'tire'],
  ['grey', 'gray'], ['cheque', 'check'], ['aluminium', 'aluminum'], ['jewellery', 'jewelry'], ['travelling', 'traveling'],
  ['travelled', 'traveled'], ['cancelled', 'canceled'], ['modelling', 'modeling'], ['fuelled', 'fueled'],
])

// Greek and Latin digraphs that British medical and scientific writing keeps:
// "anaemia", "haemoglobin", "paediatric", "anaesthesia", "oestrogen", "foetus", "diarrhoea", "caesarean".
const DIGRAPHS: ReadonlyArray<[RegExp, string]> = [
  [/aem/g, 'em'],
  [/paed/g, 'ped'],
  [/anaes/g, 'anes'],
  [/caes/g, 'ces'],
  [/foet/g, 'fet'],
  [/oeb/g, 'eb'],
  [/^aet/, 'et'],
  [/^oe(?=[sd])/, 'e'],
  [/oea$/, 'ea'],
]

/** Folds British spellings to American ones, including "-isation", "-ise" and "-yse" forms ("organised" → "organized", "analysed" → "analyzed") and "ae"/"oe" ("anaemia" → "anemia"). */
export function americanSpelling (word: string): string {
  const listed = SPELLING_VARIANTS.get(word)
  if (listed !== undefined) return listed
  if (word.includes('ae') || word.includes('oe')) {
    let folded = word
    for (const [pattern, replacement] of DIGRAPHS) folded = folded.replace(pattern, replacement)
    if (folded !== word) return americanSpelling(folded)
  }
  if (word.length > 7 && /isations?$/.test(word)) return word.replace(/isation(s?)$/, 'ization$1')
  // "hospitalised" → "hospitalized", "analysed" → "analyzed" (English has no other words in "-yse").
  // Folding a word that was never British ("advised") is harmless, since index and question are
  // folded alike, so long as every form of a word folds or none does: three letters before "-ise",
  // so "raise" and "raised", "rise" and "rising" are all left alone.
  return word.replace(/^(\p{L}{3,}[iy])s(e|es|ed|ing)$/u, '$1z$2')
}

/**
 * Porter stem of a lower-cased word; numbers and very short words are kept as
 * they are. An irregular verb form is stemmed from its base form (WordNet's
 * exception list, as wink-nlp's English model ships it): Porter's suffix rules
 * leave "won" apart from "win" and "bought" apart from "buy", and a question
 * seldom uses the tense its answer was written in ("Who won…?", "…defeated…
 * to win"). Measured on SQuAD dev: answer@1 29 questions better, 13 worse.
 */
export function stem (word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word
  return stemmer(irregularVerbs[word] ?? americanSpelling(word))
}

// Word → index term ('' for a stop word). News reuses a small vocabulary, so on
// a large archive almost every word is a hit and analysis is one lookup a word.
const termCache = new Map<string, string>()
const TERM_CACHE_LIMIT = 1_000_000

function termOf (word: string): string {
  let term = termCache.get(word)
  if (term === undefined) {
    term = STOP_WORDS.has(word) ? '' : stem(word)
    if (termCache.size < TERM_CACHE_LIMIT) termCache.set(word, term)
  }
  return term
}

/** Index terms of a text: tokenised, stop words dropped, stemmed. */
export function analyze (text: string): string[] {
  const terms: string[] = []
  for (const word of tokenize(text)) {
    const term = termOf(word)
    if (term !== '') terms.push(term)
  }
  return terms
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })
// Intl.Segmenter breaks after any full stop followed by a capital; these
// endings are abbreviations or initials ("S. Jaishankar", "U.S. officials").
const NON_TERMINAL_ENDING = /(?:^|[\s(])(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Hon|No|Vol|vs|etc|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$/

/** Where each sentence of a text starts and ends; the text between sentences is only space. */
export function sentenceSpans (text: string): Array<{ start: number, end: number }> {
  const spans: Array<{ start: number, end: number }> = []
  for (const { segment, index } of segmenter.segment(text)) {
    const leading = segment.length - segment.trimStart().length
    const sentence = segment.trim()
    if (sentence.length === 0) continue
    const start = index + leading
    const end = start + sentence.length
    const previous = spans[spans.length - 1]
    if (previous !== undefined && (NON_TERMINAL_ENDING.test(text.slice(previous.start, previous.end)) || /^[a-z]/.test(sentence))) {
      previous.end = end
    } else {
      spans.push({ start, end })
    }
  }
  return spans
}

/** Splits a paragraph into sentences, keeping each sentence's exact text. */
export function splitSentences (paragraph: string): string[] {
  return sentenceSpans(paragraph).map(({ start, end }) => paragraph.slice(start, end))
}

export interface WordSpan { start: number, end: number, term: string }

// Dotted initials first (the pattern joinInitials reads), so "O.J." is one span, as tokenize reads it.
const SPAN_WORD = new RegExp(`${DOTTED_INITIALS.source}|[\\p{L}\\p{N}]+(?:&[\\p{L}\\p{N}]+)*(?:['’][\\p{L}]+)*`, 'gu')
const ASCII_SPAN_WORD = /(?<![A-Za-z0-9.])(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:&[A-Za-z0-9]+)*(?:'[A-Za-z]+)*/g
const PLAIN_ASCII_WORD = /^[A-Za-z0-9]+$/

/**
 * Positions of the index terms in a text as written, so an excerpt can
 * emphasise exactly the words that matched without altering them.
 */
export function termSpans (text: string): WordSpan[] {
  const spans: WordSpan[] = []
  // Sentences are weighed a few hundred a question: plain words skip the tokenizer.
  for (const match of text.matchAll(NON_ASCII.test(text) ? SPAN_WORD : ASCII_SPAN_WORD)) {
    const raw = match[0]
    const word = PLAIN_ASCII_WORD.test(raw) ? raw.toLowerCase() : tokenize(raw)[0]
    const term = word === undefined ? '' : termOf(word)
    if (term !== '') spans.push({ start: match.index, end: match.index + raw.length, term })
  }
  return spans
}
