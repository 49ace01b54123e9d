import { describe, expect, it } from 'vitest'
import { analyze, normalizeLine, splitSentences, termSpans, tokenize } from '../../src/core/text.js'
import { splitIntoPassages } from '../../src/core/passages.js'
import { article } from '../helpers.js'

describe('tokenize', () => {
  it('reads straight and curly possessives alike', () => {
    expect(tokenize('India’s ties')).toEqual(['india', 'ties'])
    expect(tokenize("India's ties")).toEqual(['india', 'ties'])
  })

  it('folds case, diacritics and invisible characters', () => {
    expect(tokenize('Zelenskyy\u200B met Müller in Kraków')).toEqual(['zelenskyy', 'met', 'muller', 'in', 'krakow'])
  })

  it('keeps a name joined by an ampersand whole, where its halves would be stop words or single letters', () => {
    expect(tokenize("AT&T's outage hit R&B fans, S&P 500 and Texas A&M")).toEqual(['at&t', 'outage', 'hit', 'r&b', 'fans', 's&p', '500', 'and', 'texas', 'a&m'])
    expect(tokenize('salt & pepper')).toEqual(['salt', 'pepper'])
  })

  it('reads initials written with full stops as the same word written without', () => {
    expect(tokenize('O.J. Simpson in Washington, D.C., and the U.K.')).toEqual(['oj', 'simpson', 'in', 'washington', 'dc', 'and', 'the', 'uk'])
    expect(tokenize('OJ Simpson in Washington, DC, and the UK')).toEqual(['oj', 'simpson', 'in', 'washington', 'dc', 'and', 'the', 'uk'])
    expect(tokenize('John F. Kennedy, No. 1, 3.5 m.')).toEqual(['john', 'f', 'kennedy', 'no', '1', '3', '5', 'm'])
    // Spaced initials are letters apart, as before: "C. J. Anderson" is not "CJ".
    expect(tokenize('C. J. Anderson, Ph.D.')).toEqual(['c', 'j', 'anderson', 'ph', 'd'])
  })
})

describe('analyze', () => {
  it('drops question words and stems the rest', () => {
    expect(analyze('Who chairs the Valdai club?')).toEqual(['chair', 'valdai', 'club'])
    expect(analyze('What did they discuss in the discussions?')).toEqual(['discuss', 'discuss'])
  })

  it('lets British and American spellings meet', () => {
    expect(analyze('defence programme organisation')).toEqual(analyze('defense program organization'))
    expect(analyze('anaemia haemoglobin leukaemia paediatric anaesthesia oestrogen oesophagus foetal diarrhoea caesarean')).toEqual(analyze('anemia hemoglobin leukemia pediatric anesthesia estrogen esophagus fetal diarrhea cesarean'))
  })

  it('reads every form of a verb in "-ise" alike, folding British "-ise" to "-ize" only where every form folds', () => {
    expect(analyze('organised organising organises')).toEqual(analyze('organized organizing organizes'))
    // "raise" and "rise" are not British spellings of anything: "How much did the committee raise?" meets "raised".
    expect(new Set(analyze('raise raised raises raising'))).toEqual(new Set(['rais']))
    expect(new Set(analyze('rise rises rising'))).toEqual(new Set(['rise']))
    expect(new Set(analyze('arise arising'))).toEqual(new Set(['aris']))
  })

  it('reads every form of a British "-yse" verb as the American "-yze"', () => {
    expect(analyze('analyse analysed analysing paralysed catalysed')).toEqual(analyze('analyze analyzed analyzing paralyzed catalyzed'))
  })

  it('stems an irregular verb form as its base form, so the tense asked in meets the tense written in', () => {
    expect(analyze('won bought took met')).toEqual(analyze('win buy take meet'))
    expect(analyze('Who won Super Bowl 50?')).toEqual(['win', 'super', 'bowl', '50'])
    // Regular forms are Porter's as before.
    expect(analyze('discussed discussing')).toEqual(['discuss', 'discuss'])
  })

  it('keeps numbers as they are', () => {
    expect(analyze('S-400 systems and $44 billion')).toEqual(['400', 'system', '44', 'billion'])
  })
})

describe('normalizeLine', () => {
  it('turns non-breaking spaces and curly quotes into plain ones', () => {
    expect(normalizeLine('\u201CWe stand\u201D\u00A0 he said.\u00A0')).toBe('"We stand" he said.')
  })
})

describe('splitSentences', () => {
  it('does not break after initials and abbreviations', () => {
    expect(splitSentences('Minister S. Jaishankar met Mr. Lavrov. They talked about the U.S. sanctions. Then left.')).toEqual([
      'Minister S. Jaishankar met Mr. Lavrov.',
      'They talked about the U.S. sanctions.',
      'Then left.',
    ])
  })
})

describe('termSpans', () => {
  it('locates each index term in the text as written', () => {
    const text = 'Russia’s ambassador said'
    expect(termSpans(text).map(s => [text.slice(s.start, s.end), s.term])).toEqual([['Russia’s', 'russia'], ['ambassador', 'ambassador']])
  })

  it('locates a name joined by an ampersand as one term, so it is emphasised whole', () => {
    const text = 'AT&T said'
    expect(termSpans(text).map(s => [text.slice(s.start, s.end), s.term])).toEqual([['AT&T', 'at&t']])
  })

  it('locates initials with full stops as one term, the one tokenize reads', () => {
    const text = 'O.J. Simpson’s trial in L.A.'
    expect(termSpans(text).map(s => [text.slice(s.start, s.end), s.term])).toEqual([['O.J.', 'oj'], ['Simpson’s', 'simpson'], ['trial', 'trial'], ['L.A.', 'la']])
  })
})

describe('splitIntoPassages', () => {
  it('keeps short paragraphs whole and splits long ones between sentences', () => {
    const sentence = 'The delegations discussed trade, energy and defence cooperation at length in Moscow.'
    const long = Array.from({ length: 20 }, () => sentence).join(' ')
    const passages = splitIntoPassages(article('a', ['Short one.', long]), 10)
    expect(passages[0]).toEqual({ id: 10, articleId: 'a', ordinal: 0, heading: null, text: 'Short one.' })
    expect(passages.length).toBeGreaterThan(3)
    expect(passages.map(p => p.id)).toEqual(passages.map((_, i) => 10 + i))
    for (const passage of passages.slice(1)) {
      expect(passage.text.length).toBeLessThanOrEqual(450)
      expect(passage.text.endsWith('Moscow.')).toBe(true)
    }
    expect(passages.slice(1).map(p => p.text).join(' ')).toBe(long)
  })
})

describe('splitIntoPassages with short paragraphs', () => {
  it('joins short paragraphs under the same heading, keeping the line break, up to the passage size', () => {
    const short = article('a', ['Ministers met in Moscow.', 'They discussed trade.', 'Then they left.'])
    short.paragraphs[2] = { text: 'Then they left.', heading: 'Aftermath' }
    expect(splitIntoPassages(short, 0, { maxChars: 700, targetChars: 450, minChars: 400 }).map(p => [p.heading, p.text])).toEqual([
      [null, 'Ministers met in Moscow.\nThey discussed trade.'],
      ['Aftermath', 'Then they left.'],
    ])
  })
})
