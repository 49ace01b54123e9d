import { describe, expect, it } from 'vitest'
import { parseArticle, parseCorpusRecord } from '../../src/core/articles.js'
import { parseSeeds } from '../../src/core/coverage.js'
import { loadShippedArticles, SEED_IDS } from '../helpers.js'

const BOILERPLATE = [/read also/i, /also read/i, /leave a reply/i, /email address will not be published/i, /skip to content/i,
  /recent posts/i, /let's get social/i, /whatsapp/i, /orry/i, /australia clinch/i, /mianwali/i, /required fields/i]

describe('parsing the shipped seeds', () => {
  it('reads all five articles with no problems', async () => {
    const articles = await loadShippedArticles()
    expect(articles.map(a => a.id)).toEqual(Object.values(SEED_IDS))
  })

  it('takes each title from the first line, skipping "Skip to content" and a repeated headline', async () => {
    const titles = Object.fromEntries((await loadShippedArticles()).map(a => [a.id, a.title]))
    expect(titles).toEqual({
      [SEED_IDS.valdai]: 'India and Russia hold candid talks on bilateral ties',
      [SEED_IDS.kwatra]: 'Moscow and New Delhi hold bilateral talks',
      [SEED_IDS.putin]: 'India -Russia Relations | Foreign Minister fosters deeper ties with Russia amid fractured global dynamics',
      [SEED_IDS.moscowTalks]: 'India And Russia Deepen Ties In Moscow Talks',
      [SEED_IDS.undated]: 'Diplomatic Relations',
    })
  })

  it('dates each article and records how the date was found, inventing none', async () => {
    const dates = Object.fromEntries((await loadShippedArticles()).map(a => [a.id, [a.date, a.time, a.dateSource]]))
    expect(dates).toEqual({
      [SEED_IDS.valdai]: ['2024-01-08', '15:34', 'byline'],
      [SEED_IDS.kwatra]: ['2023-11-13', '13:53', 'byline'],
      // "New Delhi, Dec 28:" with the year from "December 25 to 29, 2023" in the body.
      [SEED_IDS.putin]: ['2023-12-28', null, 'inferred'],
      // Mentions December 27, 2023 as an event date, but states no publication date.
      [SEED_IDS.moscowTalks]: [null, null, 'unknown'],
      [SEED_IDS.undated]: [null, null, 'unknown'],
    })
  })

  it('names the outlet only where the article states it', async () => {
    const outlets = (await loadShippedArticles()).map(a => a.outlet)
    expect(outlets).toEqual(['RT India', null, null, null, null])
  })

  it('keeps no boilerplate in any citable paragraph', async () => {
    for (const article of await loadShippedArticles()) {
      for (const { text, heading } of article.paragraphs) {
        for (const pattern of BOILERPLATE) {
          expect(text, `${article.id}: ${text}`).not.toMatch(pattern)
          expect(heading ?? '').not.toMatch(pattern)
        }
      }
    }
  })

  it('removes the byline from the body and keeps the standfirst', async () => {
    const [valdai] = await loadShippedArticles()
    expect(valdai?.paragraphs[0]?.text).toBe("Foreign policy experts from the two countries met in New Delhi following S. Jaishankar's visit to Moscow")
    expect(valdai?.paragraphs.some(p => p.text.includes('Updated 11 months ago'))).toBe(false)
  })

  it('normalises curly quotes, non-breaking spaces and bullets', async () => {
    const text = (await loadShippedArticles()).flatMap(a => a.paragraphs.map(p => p.text)).join('\n')
    expect(text).not.toMatch(/[\u2018\u2019\u201C\u201D\u00A0\u2022]/)
    expect(text).toContain('"a large reserve of trust"')
  })

  it('reads list items as paragraphs under their lead-in, and sections under their heading', async () => {
    const talks = (await loadShippedArticles()).find(a => a.id === SEED_IDS.moscowTalks)
    expect(talks?.paragraphs[2]).toEqual({
      text: 'Trade and investment: India and Russia are aiming to boost bilateral trade to $30 billion by 2025. The talks are expected to focus on removing trade barriers and promoting investment in key sectors such as energy, infrastructure, and technology.',
      heading: 'The talks are expected to cover a wide range of issues, including:',
    })
    const undated = (await loadShippedArticles()).find(a => a.id === SEED_IDS.undated)
    expect(undated?.paragraphs[1]?.heading).toBe('Political and Strategic Relations')
  })
})

describe('parseArticle', () => {
  it('reads bylines in the formats outlets use', () => {
    const dated = (byline: string) => parseArticle('x', `Headline\n\n${byline}\n\nBody text of the article.`)
    expect(dated('Published: January 8, 2024 3:34 PM')).toMatchObject({ date: '2024-01-08', time: '3:34', dateSource: 'byline' })
    expect(dated('Updated on 2024-02-29T10:00:00Z')).toMatchObject({ date: '2024-02-29', time: '10:00', dateSource: 'byline' })
    expect(dated('Monday, 12th February 2024')).toMatchObject({ date: '2024-02-12', dateSource: 'byline' })
  })

  it('does not take a date from prose that starts with one', () => {
    const article = parseArticle('x', 'Headline\n\nJanuary 8, 2024 was the day the talks began in Moscow after a long delay.')
    expect(article).toMatchObject({ date: null, dateSource: 'unknown' })
    expect(article.paragraphs).toHaveLength(1)
  })

  it('leaves a dateline undated when the body gives no year', () => {
    const article = parseArticle('x', 'Headline\n\nNew Delhi, Dec 28: Ministers met on Wednesday.')
    expect(article).toMatchObject({ date: null, dateSource: 'unknown' })
  })

  it('lets metadata override the title, date, outlet and url that parsing found', () => {
    const article = parseArticle('x', 'Headline\n\n8 Jan, 2024 15:34\n\nBody.', {
      metadata: { title: 'Better title', date: '2024-01-09', outlet: 'RT', url: 'https://example.org/a' },
    })
    expect(article).toMatchObject({ title: 'Better title', date: '2024-01-09', time: null, dateSource: 'metadata', outlet: 'RT', url: 'https://example.org/a' })
  })

  it('stops at the comment form', () => {
    const article = parseArticle('x', 'Headline\n\nReal text.\n\nLeave a Reply\n\nGreat article, visit my site!')
    expect(article.paragraphs.map(p => p.text)).toEqual(['Real text.'])
  })

  it('rejects an article that is only boilerplate, naming it', () => {
    expect(() => parseArticle('x', 'Headline\n\nRead Also: Something else\n\nLeave a Reply')).toThrow('article "x": has no citable text after removing boilerplate')
    expect(() => parseArticle('x', '  \n\n ')).toThrow('article "x": has no text')
  })

  it('drops a copyright line but keeps the text a long line carries after its notice', () => {
    const abstract = 'A challenging reappraisal of the history of antipsychotics, revealing how they were transformed from neurological poisons into supposedly specific treatments for schizophrenia, and how this view has held despite evidence to the contrary.'
    const article = parseArticle('x', `Headline\n\nReal text.\n\n© 2024 The Hindu. All rights reserved.\n\n© Joanna Moncrieff 2013.All rights reserved. ${abstract}`)
    expect(article.paragraphs.map(p => p.text)).toEqual(['Real text.', abstract])
    expect(article.outlet).toBe('The Hindu')
  })

  it('rejoins lines a hard wrap broke mid-sentence', () => {
    const article = parseArticle('x', 'Headline\n\nThe ministers met in Moscow\nand discussed trade.')
    expect(article.paragraphs.map(p => p.text)).toEqual(['The ministers met in Moscow and discussed trade.'])
  })
  it('reads Markdown headings without their marks: the first as the title, later ones as section headings', () => {
    const article = parseArticle('ferry', '# Night ferry resumes\n\n4 Apr, 2024 08:15\n\nThe night ferry resumed on Wednesday.\n\n## Timetable ##\n\nTwo sailings a night until the end of the summer.\n\n#harbour is a hashtag, not a heading.')
    expect(article.title).toBe('Night ferry resumes')
    expect(article.date).toBe('2024-04-04')
    expect(article.paragraphs).toEqual([
      { text: 'The night ferry resumed on Wednesday.', heading: null },
      { text: 'Two sailings a night until the end of the summer.', heading: 'Timetable' },
      { text: '#harbour is a hashtag, not a heading.', heading: 'Timetable' },
    ])
  })
})

describe('parseSeeds', () => {
  it('reports broken seeds by file name and keeps the good ones', () => {
    const { articles, problems } = parseSeeds([
      { name: 'good.txt', text: 'Headline\n\nBody.', metadataText: null, problem: null },
      { name: 'binary.txt', text: null, metadataText: null, problem: 'is not UTF-8 text' },
      { name: 'empty.txt', text: '', metadataText: null, problem: null },
    ])
    expect(articles.map(a => a.id)).toEqual(['good'])
    expect(problems.map(p => p.message)).toEqual([
      'seed "binary.txt": is not UTF-8 text',
      'seed "empty.txt": has no text',
    ])
    expect(problems.map(p => [p.sourceId, p.articleKept])).toEqual([['binary', false], ['empty', false]])
  })

  it('keeps an article whose sidecar is broken, as parsed, and reports the sidecar', () => {
    const text = 'Headline\n\n8 Jan, 2024 15:34\n\nBody.'
    const { articles, problems } = parseSeeds([
      { name: 'meta.txt', text, metadataText: '{"date": "8 Jan 2024"}', problem: null },
      { name: 'json.txt', text, metadataText: '{nope', problem: null },
      { name: 'extra.txt', text, metadataText: '{"author": "A"}', problem: null },
      { name: 'link.txt', text, metadataText: null, metadataProblem: 'is a symbolic link to a file outside the coverage folder; not read', problem: null },
    ])
    expect(articles.map(a => [a.id, a.title, a.date, a.dateSource])).toEqual([
      ['meta', 'Headline', '2024-01-08', 'byline'],
      ['json', 'Headline', '2024-01-08', 'byline'],
      ['extra', 'Headline', '2024-01-08', 'byline'],
      ['link', 'Headline', '2024-01-08', 'byline'],
    ])
    expect(problems.map(p => p.message)).toEqual([
      'seed "meta.txt": read without its metadata file "meta.meta.json": "date" must be a date as YYYY-MM-DD',
      expect.stringMatching(/^seed "json.txt": read without its metadata file "json.meta.json": not valid JSON \(/),
      'seed "extra.txt": read without its metadata file "extra.meta.json": Unrecognized key: "author"',
      'seed "link.txt": read without its metadata file "link.meta.json": is a symbolic link to a file outside the coverage folder; not read',
    ])
    expect(problems.every(p => p.articleKept)).toBe(true)
  })

  it('reads a page with its sidecar: the charset the server declared and the address it came from', () => {
    const page = '<html><head><title>Zoë wins</title></head><body><article><h1>Zoë wins</h1><p>Zoë Çelik won the open on Sunday after five hours of play in the final round.</p></article></body></html>'
    const { articles, problems } = parseSeeds([{
      name: 'chess.html',
      text: null,
      bytes: Buffer.from(page, 'latin1'),
      problem: null,
      metadataText: JSON.stringify({ sourceUrl: 'https://chess.example/open', charset: 'iso-8859-1', fetchedAt: '2024-01-21T10:00:00Z' }),
    }])
    expect(problems).toEqual([])
    expect(articles[0]).toMatchObject({ id: 'chess', title: 'Zoë wins', url: 'https://chess.example/open', paragraphs: [{ text: expect.stringMatching(/^Zoë Çelik won/) }] })
  })

  it('refuses sidecar values of the wrong shape with the field named', () => {
    const problem = (metadata: object) => parseSeeds([{ name: 'a.txt', text: 'H\n\nBody.', metadataText: JSON.stringify(metadata), problem: null }]).problems[0]?.message
    expect(problem({ sourceUrl: 'file:///etc/passwd' })).toBe('seed "a.txt": read without its metadata file "a.meta.json": "sourceUrl" must be an http(s) URL')
    expect(problem({ fetchedAt: 'yesterday' })).toBe('seed "a.txt": read without its metadata file "a.meta.json": "fetchedAt" must be an ISO date-time such as 2024-01-08T15:34:00Z')
    expect(problem({ charset: 'utf 8; drop' })).toBe('seed "a.txt": read without its metadata file "a.meta.json": "charset" must be a charset name such as windows-1252')
  })
})

describe('parseCorpusRecord', () => {
  it('reads a JSONL record with its own title, date and publisher', () => {
    const article = parseCorpusRecord('corpus line 1', JSON.stringify({ id: 7, title: 'T', date: '2024-03-01', url: 'https://e.org', publisher: 'The Week', text: 'T\n\nIt happened.\nRead more: elsewhere' }))
    expect(article).toEqual({
      id: '7',
      title: 'T',
      date: '2024-03-01',
      time: null,
      dateSource: 'metadata',
      outlet: 'The Week',
      url: 'https://e.org',
      paragraphs: [{ text: 'It happened.', heading: null }],
    })
  })

  it('names the line of a bad record', () => {
    expect(() => parseCorpusRecord('c.jsonl line 3', '{"id": "a"}')).toThrow('c.jsonl line 3: invalid record: "text" Invalid input: expected string, received undefined')
    expect(() => parseCorpusRecord('c.jsonl line 4', 'nope')).toThrow(/^c\.jsonl line 4: is not valid JSON \(/)
  })
})
