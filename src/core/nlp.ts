import winkNLP, { type ItemEntity, type ItemToken, type WinkMethods } from 'wink-nlp'
import model from 'wink-eng-lite-web-model'
import { isPlaceName } from './places.js'

/**
 * Linguistic analysis with wink-nlp and its light English model: part of
 * speech and entities (dates, amounts, counts) of a question and of the few
 * sentences that might answer it. It is never run over the whole coverage:
 * a sentence takes about a tenth of a millisecond, a question's candidates a
 * few milliseconds.
 */

/**
 * Loaded with the module (about 60 ms), not on the first question, so no
 * asker waits for it. Sentence boundaries are Dateline's own (text.ts);
 * sentiment and negation are not needed.
 */
const wink: WinkMethods = winkNLP(model, ['pos', 'ner'])
const nlp = (): WinkMethods => wink
// The model builds parts of itself on its first document: read one now.
wink.readDoc('Who met Andrey Bystritskiy in New Delhi on Monday, 8 Jan 2024, about $44 billion?').entities().out()

/** What a question asks for, as far as its wording tells. */
export type AnswerType = 'person' | 'organisation' | 'place' | 'number' | 'date' | 'name' | 'any'

/**
 * A narrower form of an answer: "what year" wants a year, "what percentage" a
 * percentage, "which country" a country's name and "which state" a US state's.
 */
export type AnswerForm = 'year' | 'month' | 'percent' | 'money' | 'country' | 'state'

const ANSWER_FORMS: ReadonlyArray<[RegExp, AnswerForm]> = [
  [/\b(?:what|which) year\b/i, 'year'],
  [/\b(?:what|which) month\b/i, 'month'],
  [/\bwhat (?:percentage|percent|proportion|share)\b/i, 'percent'],
  [/\b(?:what|at what) (?:price|cost)\b|\bhow much (?:money|did .{1,60} cost|does .{1,60} cost|will .{1,60} cost)\b/i, 'money'],
  // "Which sub-Saharan African nation": up to three words may describe it, none a verb ("What is the nation's capital?" asks for a city).
  [/\b(?:what|which) (?:(?!(?:is|was|are|were|do|does|did|has|have|had)\b)[\p{L}-]+ ){0,3}?(?:country|countries|nation|nations)\b/iu, 'country'],
  [/\b(?:what|which) (?:u\.s\. |us |american )?(?:state|states)\b/i, 'state'],
]

/** The narrower form a question's answer takes, when its wording asks for one. */
export function answerFormOf (question: string): AnswerForm | null {
  for (const [pattern, form] of ANSWER_FORMS) if (pattern.test(question)) return form
  return null
}

const FORM_OF_MENTION: Readonly<Record<Exclude<AnswerForm, 'country' | 'state'>, RegExp>> = {
  year: /\b(?:1\d{3}|20\d{2})s?\b/,
  month: /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i,
  percent: /%|\bper ?cent\b/i,
  money: /[$€£₹¥]|\b(?:dollars?|euros?|pounds?|rupees?|yuan|yen|cents?)\b/i,
}

/** Whether a mention has the form asked for ("1985" for "what year", "$35" for "what price", "Ecuador" for "which country"). */
export function hasForm (mention: Mention, form: AnswerForm): boolean {
  if (form === 'country' || form === 'state') return isPlaceName(mention.text, form)
  return FORM_OF_MENTION[form].test(mention.text)
}

export type MentionKind = 'person' | 'organisation' | 'place' | 'proper' | 'number' | 'date'

/** A stretch of text that could be an answer: a proper name, a number or amount, a date. */
export interface Mention {
  kind: MentionKind
  start: number
  end: number
  text: string
}

interface Token { value: string, pos: string, start: number, end: number }

interface Reading { tokens: Token[], entities: Array<{ type: string, first: number, last: number }> }

/** A possessive ending ("Trump's"), read apart from its word. */
const POSSESSIVE = /(?<=[\p{L}\p{N}])(['’]s)\b/gu

/** Whether a token is a possessive ending, as `read` sets it apart. */
const isPossessive = (token: Token | undefined): boolean => token?.value === "'s" || token?.value === '’s'

/**
 * Reads a text into tokens (each with where it stands in the text) and
 * entities. wink-nlp splits a possessive ("Trump's") from a word it has not
 * met before but, once its cache holds the whole form, reads it as one word
 * and tags it anew, so the same sentence would be read differently depending
 * on what was read before it. A space before every possessive makes the
 * reading the same every time; tokens are then found in the text as written.
 */
function read (text: string): Reading {
  const its = nlp().its
  const doc = nlp().readDoc(text.replace(POSSESSIVE, ' $1'))
  const tokens: Token[] = []
  let cursor = 0
  doc.tokens().each((token: ItemToken) => {
    const value = String(token.out(its.value))
    const found = text.indexOf(value, cursor)
    const start = found < 0 ? cursor : found
    cursor = start + (found < 0 ? 0 : value.length)
    tokens.push({ value, pos: String(token.out(its.pos)), start, end: cursor })
  })
  const entities: Reading['entities'] = []
  doc.entities().each((entity: ItemEntity) => {
    const [first = 0, last = 0] = entity.out(its.span) as unknown as number[]
    entities.push({ type: String(entity.out(its.type)), first, last })
  })
  return { tokens, entities }
}

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean))

/** Last words that make a name an organisation's ("Valdai Discussion Club", "Observer Research Foundation"). */
const ORGANISATION_WORDS = words(`club foundation ministry department party company corporation corp inc ltd plc llc group
  university college school institute institution council committee commission agency authority bank fund association
  federation union league organization organisation office court parliament assembly congress senate army navy force
  forces police service services times post news network channel airlines airways motors industries technologies labs
  studios records holdings partners trust society alliance coalition movement front board bureau centre center team fc
  united city hospital church`)
/** Words in a name that make it a place's ("Levi's Stadium", "San Francisco Bay Area"). */
const PLACE_WORDS = words(`street road avenue square city town village county province state region island islands
  river lake sea ocean bay gulf mountain mountains valley park stadium arena airport station bridge palace district
  area coast desert peninsula strait canal border`)
/** Titles that precede a person's name. */
const PERSON_TITLES = words(`mr mrs ms dr prof sir dame lord lady president minister chairman chairwoman chair
  secretary ambassador governor senator rep representative mayor king queen prince princess pope general gen col
  captain judge justice chancellor premier spokesperson spokesman spokeswoman ceo chief director founder coach
  actor actress singer star player striker head leader commander officer deputy`)
const PLACE_PREPOSITIONS = words('in at from to near across into inside outside throughout')

function properKind (tokens: readonly Token[], first: number, last: number): MentionKind {
  const inName = tokens.slice(first, last + 1).map(t => t.value.toLowerCase())
  const lastWord = inName[inName.length - 1] ?? ''
  // Before the tests below: "UK" is not an organisation's initials, nor "Georgia" a person's name.
  if (isPlaceName(inName.join(' '))) return 'place'
  if (ORGANISATION_WORDS.has(lastWord) || (inName.length === 1 && /^[A-Z]{2,6}$/.test(tokens[first]?.value ?? ''))) return 'organisation'
  if (inName.some(w => PLACE_WORDS.has(w))) return 'place'
  const before = tokens[first - 1]?.value.toLowerCase() ?? ''
  if (PERSON_TITLES.has(before) || PERSON_TITLES.has(inName[0] ?? '')) return 'person'
  // "at the Kremlin", "in the Bronx": the article between does not make the name any less a place.
  const beforeArticle = tokens[first - 2]?.value.toLowerCase() ?? ''
  if (PLACE_PREPOSITIONS.has(before) || (before === 'the' && PLACE_PREPOSITIONS.has(beforeArticle))) return 'place'
  if (inName.length >= 2 && inName.length <= 4 && inName.every(w => /^[a-z][a-z'.-]*$/.test(w))) return 'person'
  return 'proper'
}

const NUMBER_ENTITIES = new Set(['CARDINAL', 'MONEY', 'PERCENT', 'QUANTITY', 'ORDINAL'])
const DATE_ENTITIES = new Set(['DATE', 'TIME'])

/** The names, numbers, amounts and dates a text mentions, with where they stand in it. */
export function mentionsIn (text: string): Mention[] {
  const { tokens, entities } = read(text)
  const mentions: Mention[] = []
  const covered = new Uint8Array(tokens.length)
  const push = (kind: MentionKind, first: number, last: number): void => {
    const start = tokens[first]?.start ?? 0
    const end = tokens[last]?.end ?? start
    mentions.push({ kind, start, end, text: text.slice(start, end) })
    covered.fill(1, first, last + 1)
  }
  for (const { type, first, last } of entities) {
    if (DATE_ENTITIES.has(type)) push('date', first, last)
    else if (NUMBER_ENTITIES.has(type)) push('number', first, last)
  }
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]
    if (token === undefined || covered[i] === 1) continue
    if (token.pos === 'NUM') { push('number', i, i); continue }
    if (token.pos !== 'PROPN') continue
    let last = i
    // "Bank of England", "Levi's Stadium": a name may run across "of" and a possessive.
    while (true) {
      const next = tokens[last + 1]
      if (next?.pos === 'PROPN' && covered[last + 1] !== 1) { last += 1; continue }
      if ((next?.value === 'of' || isPossessive(next)) && tokens[last + 2]?.pos === 'PROPN') { last += 2; continue }
      break
    }
    // "Valdai Club Chairman Andrey Bystritskiy": a title inside a name starts a person's name.
    let from = i
    for (let k = i + 1; k < last; k += 1) {
      if (!PERSON_TITLES.has(tokens[k]?.value.toLowerCase() ?? '')) continue
      if (k > from) push(properKind(tokens, from, k - 1), from, k - 1)
      from = k + 1
    }
    if (from > i) push('person', from, last)
    else push(properKind(tokens, i, last), i, last)
    i = last
  }
  return mentions.sort((a, b) => a.start - b.start)
}

/** Nouns that, after "which" or "what", ask for a person, an organisation, a place, a number or a date. */
const TYPED_NOUNS: ReadonlyArray<[AnswerType, ReadonlySet<string>]> = [
  ['person', words(`person people man woman men women leader leaders president minister ministers king queen prince
    princess actor actress singer rapper musician player players star athlete coach manager ceo executive founder
    chairman chairwoman director author writer artist official officials politician politicians senator governor mayor
    candidate judge lawyer journalist scientist economist winner champion speaker spokesperson spokesman ambassador
    diplomat secretary commander pope billionaire entrepreneur comedian host presenter golfer footballer cricketer
    boxer driver astronaut chef designer director filmmaker investor owner head chief successor predecessor
    counterpart rival opponent father mother son daughter wife husband member members celebrity character characters
    sidekick sidekicks`)],
  ['place', words(`country countries nation nations city cities town village state states province region island
    continent capital place location venue stadium airport port river mountain lake sea ocean street county district
    territory border site destination area`)],
  ['organisation', words(`company companies firm firms organisation organization party team teams club group band
    bank university college school agency airline brand network channel newspaper magazine startup retailer
    manufacturer automaker carmaker maker studio label charity union alliance institution ministry court tank
    federation league association council committee broadcaster outlet platform app website publisher airline
    government`)],
  ['number', words(`number amount percentage percent share price cost figure total sum rate age population score
    speed velocity temperature distance length height width depth weight mass size volume capacity frequency
    duration pressure voltage density altitude elevation radius diameter salary wage fee budget revenue income
    value worth fine ransom margin count tally rank`)],
  ['date', words('year month day date time decade century season week')],
]

const QUESTION_OPENINGS: ReadonlyArray<[RegExp, AnswerType]> = [
  [/\b(?:how (?:many|much|old|long|far|big|large|tall|high|fast|often|wide|deep|heavy|hot|cold|thick)|what (?:percentage|percent|proportion|share|number|amount|fraction))\b/, 'number'],
  [/\b(?:when|(?:what|which) (?:year|month|day|date|decade|century)|since when)\b/, 'date'],
  [/\bwhere\b/, 'place'],
  [/\bwho(?:m|se)?\b/, 'person'],
]

/** Asks for a name without a question word ("The cookie is called what?"). */
const NAME_ASKED = /\b(?:named|called|known as)\b/

/** Nouns that ask for a name of the kind the noun after "of" says. */
const NAME_NOUNS = words('name names title titles')

/**
 * The kind of answer a question expects: "who" a person, "when" a date, "how
 * many" a number, "which company" an organisation. For "which" and "what"
 * the noun that follows decides; other questions and statements expect 'any'.
 */
export function answerTypeOf (question: string): AnswerType {
  const lower = question.toLowerCase()
  // The question word that comes first asks; a later one opens a clause inside the question
  // ("Which NBA team did he play for when he won…" asks for a team, not a date).
  let opening: { at: number, type: AnswerType } | null = null
  for (const [pattern, type] of QUESTION_OPENINGS) {
    const at = lower.search(pattern)
    if (at >= 0 && (opening === null || at < opening.at)) opening = { at, type }
  }
  const whichAt = lower.search(/\b(?:which|what)\b/)
  if (opening !== null && (whichAt < 0 || opening.at <= whichAt)) return opening.type
  const { tokens } = read(question)
  const at = tokens.findIndex(t => /^(?:which|what)$/i.test(t.value))
  if (at < 0) return NAME_ASKED.test(lower) ? 'name' : 'any'
  // "Which Indian think tank …": past determiners, adjectives and names to the first noun.
  let generic = false
  let named = false
  let copula = false
  for (let i = at + 1; i < Math.min(tokens.length, at + 9); i += 1) {
    const token = tokens[i]
    if (token === undefined) break
    const word = token.value.toLowerCase()
    // After "the name of", a capitalised word is part of the name ("the Media Day event"), not its kind.
    if (named && /^\p{Lu}/u.test(token.value)) continue
    // After "what is", a possessor is not what is asked ("What was Putin's salary?");
    // straight after "which" it is ("Which university's president…" asks for a university).
    if (copula && isPossessive(tokens[i + 1])) { i += 1; continue }
    // "Which Indian Foreign Secretary": a capitalised title is tagged as a name, but it names the kind.
    if (token.pos === 'PROPN') { const typed = typedNoun(word); if (typed !== null) return typed }
    if (token.pos === 'NOUN' || (token.pos === 'VERB' && tokens[i + 1]?.pos === 'NOUN')) {
      const noun = token.pos === 'VERB' ? (tokens[i + 1]?.value.toLowerCase() ?? word) : word
      const typed = typedNoun(noun)
      if (typed !== null) return typed
      // "What kind of relationship": the noun after "of" says what is asked.
      if (KIND_NOUNS.has(noun) && tokens[i + 1]?.value.toLowerCase() === 'of') { generic = true; i += 1; continue }
      // "What is the name of the player": a name of the kind the noun after "of" says.
      if (NAME_NOUNS.has(noun) && tokens[i + 1]?.value.toLowerCase() === 'of') { named = true; i += 1; continue }
      // A kind of something unnamed ("what type of cheese", "what kind of relationship") is not a proper name.
      return generic ? 'any' : 'name'
    }
    // "What is the population of …", "What is Apple's market value": "is the" or "is" and a possessor join the
    // noun asked for ("What is European Union law?" names none).
    if (i === at + 1 && /^(?:is|was|are|were)$/.test(word) && (tokens[i + 1]?.pos === 'DET' || possessorFollows(tokens, i + 1))) { copula = true; continue }
    if (!['DET', 'ADJ', 'PROPN', 'ADP', 'NUM', 'PART'].includes(token.pos)) break
  }
  return generic ? 'any' : 'name'
}

/** Whether a capitalised name with a possessive ending starts at `from` ("Putin's"; wink-nlp may tag such a name a verb). */
function possessorFollows (tokens: readonly Token[], from: number): boolean {
  let i = from
  while (/^\p{Lu}/u.test(tokens[i]?.value ?? '')) i += 1
  return i > from && isPossessive(tokens[i])
}

/** Nouns that only say "a kind of": the noun after "of" is the one that tells. */
const KIND_NOUNS = words('kind kinds type types sort sorts form forms variety')

/** The kind of answer a noun asks for, in the singular or the plural ("groups", "companies", "cities"). */
function typedNoun (noun: string): AnswerType | null {
  const singular = noun.endsWith('ies') ? `${noun.slice(0, -3)}y` : noun.endsWith('s') && !noun.endsWith('ss') ? noun.slice(0, -1) : noun
  for (const [type, nouns] of TYPED_NOUNS) if (nouns.has(noun) || nouns.has(singular)) return type
  return null
}
