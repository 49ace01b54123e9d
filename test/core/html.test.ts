import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { charsetOf, decodeHtml, decodePlainText } from '../../src/core/charset.js'
import { parseHtmlArticle, readPageMetadata } from '../../src/core/html.js'
import { BYLINE_PAGE, GRAPH_PAGE, PAYWALL_PAGE, TIME_ONLY_PAGE, UNDATED_PAGE, WINDOWS_1252_HTML, windows1252Bytes } from '../web/pages.js'

const FURNITURE = [/cookie/i, /newsletter/i, /sign up/i, /share on/i, /^email$/i, /related stories/i, /dredging contract/i,
  /fishing ban/i, /ferry/i, /read also/i, /harbour pilots/i, /all rights reserved/i, /subscri/i, /sign in/i, /most read/i, /posted/i]

function citableText (html: string): string[] {
  const article = parseHtmlArticle('page', html, { url: 'https://news.example/story' })
  return article.paragraphs.flatMap(p => [p.text, p.heading ?? ''])
}

describe('parseHtmlArticle', () => {
  it('reads title, outlet, canonical URL and dates from JSON-LD inside @graph, the publisher given by reference', () => {
    const article = parseHtmlArticle('kestrel', GRAPH_PAGE, { url: 'https://ledger.example/news/2024/03/kestrel-bay-terminal?utm_source=feed' })
    expect(article).toMatchObject({
      id: 'kestrel',
      title: 'Port authority approves Kestrel Bay terminal expansion',
      outlet: 'Coastal Ledger',
      url: 'https://ledger.example/news/2024/03/kestrel-bay-terminal',
      date: '2024-03-14',
      time: '09:30',
      dateSource: 'metadata',
      modified: '2024-03-15',
    })
  })

  it('keeps headings and list items as the text parser models them', () => {
    const article = parseHtmlArticle('kestrel', GRAPH_PAGE)
    expect(article.paragraphs.slice(2, 6)).toEqual([
      { text: 'Dredging the approach channel to a depth of 16 metres, starting in October.', heading: 'The approved plan sets out three phases of work:' },
      { text: 'Building the new quay wall and the four berths between 2025 and 2027.', heading: 'The approved plan sets out three phases of work:' },
      { text: 'Installing twelve electric ship-to-shore cranes before the terminal opens.', heading: 'The approved plan sets out three phases of work:' },
      { text: expect.stringMatching(/^Two fishing cooperatives objected/), heading: 'Objections from fishers' },
    ])
    expect(article.paragraphs).toHaveLength(7)
  })

  it('lets no cookie banner, share bar, newsletter box, related story or "Read Also" reach the paragraphs', () => {
    for (const page of [GRAPH_PAGE, TIME_ONLY_PAGE, PAYWALL_PAGE]) {
      for (const text of citableText(page)) {
        for (const pattern of FURNITURE) expect(text, text).not.toMatch(pattern)
      }
    }
  })

  it('keeps a paywalled story\'s teaser and drops the subscription prompt', () => {
    const article = parseHtmlArticle('grain', PAYWALL_PAGE)
    expect(article.paragraphs.map(p => p.text)).toEqual([
      expect.stringMatching(/^Wheat exporters on the southern plains expect/),
      expect.stringMatching(/^The association's director, Carla Brandt, said/),
    ])
  })

  it('prefers article:published_time to JSON-LD, and records the modified date apart', () => {
    expect(parseHtmlArticle('grain', PAYWALL_PAGE)).toMatchObject({ date: '2024-04-01', time: '06:00', dateSource: 'metadata', modified: '2024-04-02', outlet: 'Farm Gazette' })
  })

  it('dates a page from its <time datetime> element when that is all it has, and drops the date line from the text', () => {
    const article = parseHtmlArticle('tolls', TIME_ONLY_PAGE)
    expect(article).toMatchObject({
      title: 'Council delays vote on river bridge tolls',
      date: '2024-02-02',
      time: '18:05',
      dateSource: 'metadata',
      outlet: 'Valley Courier',
      url: 'https://courier.example/local/bridge-tolls',
      modified: null,
    })
    expect(article.paragraphs[0]?.text).toMatch(/^The Harlow Valley council postponed/)
  })

  it('takes the date from the byline, not the update stamp before it', () => {
    expect(parseHtmlArticle('tram', BYLINE_PAGE)).toMatchObject({ date: '2024-05-05', time: '14:20', dateSource: 'byline', outlet: 'Metro Bulletin' })
  })

  it('invents no date for a page that states none, and uses the URL it came from', () => {
    expect(parseHtmlArticle('library', UNDATED_PAGE, { url: 'https://millbrook.example/library' })).toMatchObject({
      date: null, time: null, dateSource: 'unknown', outlet: null, url: 'https://millbrook.example/library',
    })
  })

  it('lets a sidecar override what the page says', () => {
    const article = parseHtmlArticle('grain', PAYWALL_PAGE, { metadata: { date: '2024-04-03', outlet: 'The Gazette' } })
    expect(article).toMatchObject({ date: '2024-04-03', time: null, dateSource: 'metadata', outlet: 'The Gazette', modified: '2024-04-02' })
  })

  it('names the page when it has no article text', () => {
    expect(() => parseHtmlArticle('x', '<html><body></body></html>', { origin: 'seed "x.html"' })).toThrow('seed "x.html": has no text')
    expect(() => parseHtmlArticle('x', '<html><body><div class="cookie-banner"><p>We use cookies.</p></div><p>Read Also: elsewhere</p></body></html>', { origin: 'seed "x.html"' }))
      .toThrow('seed "x.html": has no citable text after removing boilerplate')
  })
})

describe('readPageMetadata', () => {
  const metadataOf = (head: string, body = '<p>Text.</p>') => readPageMetadata(parseHTML(`<html><head>${head}</head><body>${body}</body></html>`).document, 'https://news.example/a/b')

  it('ignores a malformed JSON-LD block and reads the next', () => {
    const found = metadataOf('<script type="application/ld+json">{"@type": "NewsArticle",}</script><script type="application/ld+json">[{"@type": "ReportageNewsArticle", "datePublished": "2024-06-01", "publisher": {"@type": "Organization", "name": "Wire One"}}]</script>')
    expect(found).toMatchObject({ published: { date: '2024-06-01', time: null, from: 'json-ld' }, outlet: 'Wire One' })
  })

  it('keeps the publisher\'s own calendar date rather than converting it to UTC', () => {
    expect(metadataOf('<meta property="article:published_time" content="2024-01-08T23:30:00-05:00">').published).toEqual({ date: '2024-01-08', time: '23:30', from: 'article:published_time' })
  })

  it('does not take an "updated" <time> for the publication date', () => {
    const found = metadataOf('', '<p>Updated <time datetime="2024-02-10">10 Feb</time></p><p>Published <time itemprop="datePublished" datetime="2024-02-08">8 Feb</time></p>')
    expect(found.published).toEqual({ date: '2024-02-08', time: null, from: 'time element' })
  })

  it('skips a canonical link that is not http(s) and strips the site name from the title', () => {
    expect(metadataOf('<title>Story | Wire One</title><meta property="og:site_name" content="Wire One"><link rel="canonical" href="javascript:alert(1)">'))
      .toMatchObject({ title: 'Story', canonicalUrl: null })
  })
})

describe('decodeHtml', () => {
  it('decodes a windows-1252 page its http-equiv declares, accents, curly quotes and euro intact', () => {
    const { text, encoding } = decodeHtml(windows1252Bytes(WINDOWS_1252_HTML))
    expect(encoding).toBe('windows-1252')
    expect(text).toBe(WINDOWS_1252_HTML)
    const article = parseHtmlArticle('chess', text)
    expect(article.paragraphs[0]?.text).toBe('Zoë Çelik won the Lisbon chess open on Sunday, beating José Müller in the final round with the black pieces and taking the first prize of €5,000.')
  })

  it('follows the Content-Type charset over the page\'s meta, and a byte-order mark over both', () => {
    const latin = Buffer.from('<meta charset="utf-8"><p>Müller</p>', 'latin1')
    expect(decodeHtml(latin, 'ISO-8859-1').text).toBe('<meta charset="utf-8"><p>Müller</p>')
    const bom = Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from('<meta charset="windows-1252"><p>Müller</p>')])
    expect(decodeHtml(bom, 'ISO-8859-1')).toEqual({ text: '<meta charset="windows-1252"><p>Müller</p>', encoding: 'utf-8' })
  })

  it('reads an undeclared page as UTF-8 when it is, and as windows-1252 when it is not', () => {
    expect(decodeHtml(Buffer.from('<p>Zoë</p>'))).toEqual({ text: '<p>Zoë</p>', encoding: 'utf-8' })
    expect(decodeHtml(Buffer.from('<p>Zoë</p>', 'latin1'))).toEqual({ text: '<p>Zoë</p>', encoding: 'windows-1252' })
  })
})

describe('decodePlainText', () => {
  it('reads UTF-8 and UTF-16 with a byte-order mark, and refuses anything else', () => {
    expect(decodePlainText(Buffer.from('Zoë'))).toBe('Zoë')
    expect(decodePlainText(Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from('Zoë', 'utf16le')]))).toBe('Zoë')
    expect(decodePlainText(Buffer.from('Zoë', 'latin1'))).toBeNull()
  })
})

describe('charsetOf', () => {
  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetOf('text/html; charset="ISO-8859-1"')).toBe('ISO-8859-1')
    expect(charsetOf('text/html')).toBeNull()
  })
})
