import { describe, expect, it } from 'vitest'
import { answerQuestion } from '../../src/core/answer.js'
import { answerFormOf, answerTypeOf, mentionsIn } from '../../src/core/nlp.js'
import { analyseQuestion, capitalisedTerms } from '../../src/core/question.js'
import { questionPairs } from '../../src/core/sentences.js'
import { shippedLibrary } from '../helpers.js'

describe('answerTypeOf', () => {
  it('expects a person for "who", a date for "when", a place for "where" and a number for "how many"', () => {
    expect(answerTypeOf('Who chairs the Valdai Discussion Club?')).toBe('person')
    expect(answerTypeOf('When did Jaishankar hold talks with Sergey Lavrov?')).toBe('date')
    expect(answerTypeOf('Where did Jaishankar meet President Putin?')).toBe('place')
    expect(answerTypeOf('How many units of the S-400 Triumph air defense systems remain to be delivered to India?')).toBe('number')
    expect(answerTypeOf('In what year did India gain independence from the British Empire?')).toBe('date')
  })

  it('reads the noun after "which" or "what" for the kind of answer', () => {
    expect(answerTypeOf('Which Indian think tank partnered with the Valdai Club?')).toBe('organisation')
    expect(answerTypeOf('Which Indian Foreign Secretary held talks with Andrey Rudenko?')).toBe('person')
    expect(answerTypeOf('Which nuclear power project saw two crucial amendments signed?')).toBe('name')
    expect(answerTypeOf('Which country is mourning the loss of its president?')).toBe('place')
  })

  it('tells the form a number or date answer takes when the wording asks for one', () => {
    expect(answerFormOf('In what year did India gain independence from the British Empire?')).toBe('year')
    expect(answerFormOf('What percentage of US adults have received the latest Covid-19 vaccine?')).toBe('percent')
    expect(answerFormOf('Insulin manufacturers are making their products available at what price?')).toBe('money')
    expect(answerFormOf('How many units remain to be delivered?')).toBeNull()
  })

  it('asks for a country\'s name for "which country" or "nation", and a US state\'s for "which state"', () => {
    expect(answerFormOf('Which country did Jaishankar visit from December 25 to 29?')).toBe('country')
    expect(answerFormOf('Which sub-Saharan African nation was declared malaria-free this week?')).toBe('country')
    expect(answerFormOf('What two countries signed the Kudankulam amendments?')).toBe('country')
    expect(answerFormOf('Which US state passed the law?')).toBe('state')
    expect(answerFormOf('Which state now has the highest minimum wage?')).toBe('state')
    // The nation here is the subject, not the answer: its capital is a city.
    expect(answerFormOf("What is the nation's capital?")).toBeNull()
  })

  it('reads a plural noun as its singular, and "what kind of" by the noun after it', () => {
    expect(answerTypeOf('Which two multilateral groups do India and Russia both belong to?')).toBe('organisation')
    expect(answerTypeOf('Which cities hosted the talks?')).toBe('place')
    expect(answerTypeOf('What kind of relationship in defence have India and Russia moved on from?')).toBe('any')
    expect(answerTypeOf('What type of company makes the S-400?')).toBe('organisation')
  })

  it('expects a number for a measure asked for: a speed, a cost, a value or how wide', () => {
    expect(answerTypeOf('At what speed did the turbine operate?')).toBe('number')
    expect(answerTypeOf('What is the estimated cost of the Restore the Corridor project?')).toBe('number')
    expect(answerTypeOf('What was the value of the S-400 deal?')).toBe('number')
    expect(answerTypeOf('How wide is the Moskva river in the city centre?')).toBe('number')
  })

  it('reads past "is the" to the noun asked for, but not past a verb to the subject named', () => {
    expect(answerTypeOf('What is the capital of Russia?')).toBe('place')
    expect(answerTypeOf('What was the population of Moscow in 2023?')).toBe('number')
    expect(answerTypeOf('What is European Union law?')).toBe('name')
    expect(answerTypeOf('What does the Islamic State lack from the international community?')).toBe('name')
  })

  it('reads past a possessor after "what is" to the noun asked for, but asks for the possessor straight after "which"', () => {
    expect(answerTypeOf("What is Russia's share of India's arms imports?")).toBe('number')
    expect(answerTypeOf("What is the club's annual budget?")).toBe('number')
    expect(answerTypeOf("What was Putin's salary in 2023?")).toBe('number')
    expect(answerTypeOf("Which country's foreign minister met Jaishankar?")).toBe('place')
  })

  it('asks with the question word that comes first, not one opening a clause inside the question', () => {
    expect(answerTypeOf('Which Indian think tank did Bystritskiy praise when he spoke in Moscow?')).toBe('organisation')
    expect(answerTypeOf('Who chaired the Valdai Club when India gained independence?')).toBe('person')
    expect(answerTypeOf('Where did Jaishankar stay when he met President Putin?')).toBe('place')
    expect(answerTypeOf('What was the value of the deal that the officials who met in Moscow signed?')).toBe('number')
  })

  it('reads "the name of" by the noun after it, whose capitalised words are part of the name', () => {
    expect(answerTypeOf('What is the name of the minister who met Putin?')).toBe('person')
    expect(answerTypeOf('What is the name of the Indian think tank that partnered with the Valdai Club?')).toBe('organisation')
    expect(answerTypeOf('What was the name of the Media Day event?')).toBe('name')
    expect(answerTypeOf('The S-400 system is known as what?')).toBe('name')
  })

  it('expects nothing in particular of a statement', () => {
    expect(answerTypeOf('India Russia defence cooperation')).toBe('any')
    expect(answerTypeOf('0-dimensional biomaterials lack inductive properties.')).toBe('any')
  })
})

describe('mentionsIn', () => {
  it('finds the people, organisations, amounts and dates a seed sentence names, where they stand', () => {
    const sentence = 'According to Valdai Club Chairman Andrey Bystritskiy, since India gained independence from the British Empire in 1947, Moscow has emerged as a reliable and predictable partner.'
    const mentions = mentionsIn(sentence)
    expect(mentions.find(m => m.text === 'Andrey Bystritskiy')).toMatchObject({ kind: 'person' })
    expect(mentions.find(m => m.text === '1947')).toMatchObject({ kind: 'date' })
    for (const m of mentions) expect(sentence.slice(m.start, m.end)).toBe(m.text)
    const trade = mentionsIn('According to data from the Indian Ministry of Commerce and Industry, total trade between the two countries in the first eight months of the year reached nearly $44 billion.')
    expect(trade.filter(m => m.kind === 'number').map(m => m.text)).toContain('$44 billion')
  })

  it('reads a country or a US state as a place wherever it stands in the sentence', () => {
    const mentions = mentionsIn('India and Russia have long shared a strong diplomatic relationship, as have the UK and Georgia.')
    expect(mentions.filter(m => m.kind === 'place').map(m => m.text)).toEqual(['India', 'Russia', 'UK', 'Georgia'])
    expect(mentionsIn('Texas sued the Biden administration.').find(m => m.text === 'Texas')).toMatchObject({ kind: 'place' })
  })

  it('reads a name after "at the" or "in the" as a place', () => {
    const kremlin = 'New Delhi, Dec 28: India’s Foreign Minister, S Jaishankar, engaged in a pivotal meeting with Russian President Vladimir Putin at the Kremlin on Wednesday.'
    expect(mentionsIn(kremlin).find(m => m.text === 'Kremlin')).toMatchObject({ kind: 'place' })
    // Only after a preposition of place: "the" alone says nothing of where.
    expect(mentionsIn('The Kremlin said nothing.').find(m => m.text === 'Kremlin')?.kind).not.toBe('place')
  })

  it('reads a sentence the same whatever was read before it', () => {
    const sentence = "It is not too soon to start the speculation about Donald Trump's pick as running mate."
    const first = mentionsIn(sentence)
    // wink-nlp learns "Trump's" as one word from a sentence ending in it, and would then tag it anew.
    mentionsIn("The Republican plan was similar to Trump's.")
    expect(mentionsIn(sentence)).toEqual(first)
    expect(first.find(m => m.text === 'Donald Trump')).toMatchObject({ kind: 'person' })
  })
})

describe('analyseQuestion', () => {
  it('weighs a name the asker capitalised above a plain word', async () => {
    const library = await shippedLibrary()
    const terms = analyseQuestion(library, 'What did Jaishankar deliver to Putin?', 16).terms
    const putin = terms.find(t => t.term === 'putin')
    expect(putin).toMatchObject({ name: true, stress: 1.5 })
    expect(terms.find(t => t.term === 'deliv')).toMatchObject({ name: false, stress: 1 })
  })

  it('does not take every word of a headline-style question for a name', () => {
    expect(capitalisedTerms('Is Caffeinated Tea Really Dehydrating?')).toEqual(new Set())
    expect(capitalisedTerms('What did Jaishankar discuss with Putin?')).toEqual(new Set(['jaishankar', 'putin']))
  })

  it('takes a name after initials for a name, not for the start of a sentence', () => {
    expect(capitalisedTerms('In which sport did O.J. Simpson play before the trial?')).toEqual(new Set(['oj', 'simpson']))
  })

  it('stands a near spelling the coverage uses for a word it never uses', async () => {
    const library = await shippedLibrary()
    const misspelled = analyseQuestion(library, 'Jaishenkar', 16).terms[0]
    expect(misspelled?.known).toBe(false)
    expect(misspelled?.ids.map(({ id }) => library.termList[id])).toContain('jaishankar')
  })

  it('reads two words run together apart when the coverage uses each but not the whole', async () => {
    const library = await shippedLibrary()
    const terms = (question: string): string[] => analyseQuestion(library, question, 16).terms.map(t => t.term).sort()
    expect(terms('Who chairs the Valdai DiscussionClub?')).toEqual(terms('Who chairs the Valdai Discussion Club?'))
    const cited = (question: string): string[] => answerQuestion(library, question).citations.map(c => c.excerpt)
    expect(cited('Who chairs the Valdai DiscussionClub?')).toEqual(cited('Who chairs the Valdai Discussion Club?'))
    expect(terms('Which think tank haspartnered with the Valdai Club?')).toEqual(terms('Which think tank has partnered with the Valdai Club?'))
    // An English word is one word, however rare in the coverage: "worldwide" is not world + wide.
    expect(terms('Which worldwide forums does India belong to?')).toContain('worldwid')
    // A near spelling the coverage uses comes first: "Jaishenkar" is not read as two words.
    expect(terms('Jaishenkarputin')).toEqual(['jaishenkarputin'])
  })

  it('keeps the words it reads apart in their place, so they pair with their neighbours', async () => {
    const library = await shippedLibrary()
    const read = (question: string): { sequence: string[], pairs: string[] } => {
      const analysed = analyseQuestion(library, question, 16)
      const slots = new Map(analysed.terms.flatMap((t, slot) => t.ids.map(({ id, share }) => [library.termList[id] ?? '', { slot, share }] as const)))
      const term = (slot: number): string => analysed.terms[slot]?.term ?? ''
      return { sequence: analysed.sequence, pairs: questionPairs(analysed, slots).map(([a, b]) => `${term(a)} ${term(b)}`).sort() }
    }
    const apart = read('Who chairs the Valdai Discussion Club?')
    expect(apart.sequence).toEqual(['chair', 'valdai', 'discuss', 'club'])
    expect(apart.pairs).toEqual(['chair discuss', 'chair valdai', 'discuss club', 'valdai club', 'valdai discuss'])
    // "DiscussionClub" pairs as "Discussion Club" does: valdai with discussion and club, discussion with club.
    expect(read('Who chairs the Valdai DiscussionClub?')).toEqual(apart)
  })
})
