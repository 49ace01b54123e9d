import { describe, expect, it } from 'vitest'
import { buildLibrary } from '../../src/core/library.js'
import { defaultPassageOptions } from '../../src/core/passages.js'
import {
  bucketEntries,
  bucketStart,
  buildTimeline,
  chooseGranularity,
  matchTopic,
  nextBucketStart,
  timelineOf,
  UNKNOWN_OUTLET,
  type TopicMatch,
  type TopicMatches,
} from '../../src/core/timeline/index.js'
import type { Article } from '../../src/core/types.js'
import { article, SEED_IDS, shippedLibrary } from '../helpers.js'

const BUDGET = 'Councillors approved the annual budget after a long debate about rates and parking fees.'

/** Coverage of a bridge closure, with articles that only look related. Short paragraphs stay separate passages. */
function harbourLibrary (): ReturnType<typeof buildLibrary> {
  return buildLibrary([
    article('on', ['The Harbour Bridge will close for three weekends in March.', 'Ferries will run extra services.'], { title: 'Harbour Bridge to close for repairs', date: '2024-03-01', dateSource: 'metadata', outlet: 'City Post' }),
    article('lead', ['Traffic on the Harbour Bridge slowed to a crawl on Monday.', 'Buses were diverted through the tunnel.'], { title: 'City traffic', date: '2024-03-04', dateSource: 'byline', outlet: 'Evening Star' }),
    article('passing', [BUDGET, 'Rates will rise by two per cent.', 'Parking fees are unchanged.', 'Money was also set aside for painting the Harbour Bridge.'], { title: 'Council budget approved', date: '2024-03-02', dateSource: 'byline', outlet: 'City Post' }),
    article('recurring', ['Tourism grew again last year.', 'Hotels were full in summer.', 'Cruise ships docked twice a week.', 'Visitors climbed the Harbour Bridge in record numbers.', 'The Harbour Bridge climb sold out every weekend.'], { title: 'Tourism report', date: '2024-02-20', dateSource: 'byline', outlet: 'Evening Star' }),
    article('scattered', ['The harbour cruise leaves at noon.', 'A bridge tournament is held at the club on Sundays.'], { title: 'Weekend guide', date: '2024-03-03', dateSource: 'byline', outlet: 'City Post' }),
    article('offtopic', ['The monsoon arrived early in Kerala this year.'], { title: 'Monsoon arrives', date: '2024-03-05', dateSource: 'byline' }),
    article('undated', ['Engineers say the Harbour Bridge needs new cables within ten years.'], { title: 'Bridge cables ageing' }),
  ], { passages: { ...defaultPassageOptions, minChars: 0 } })
}

const ids = (found: TopicMatches): string[] => found.matches.map(m => m.articleId)

describe('matchTopic', () => {
  it('finds every article on the topic, not only the best few', () => {
    expect(ids(matchTopic(harbourLibrary(), 'the Harbour Bridge'))).toEqual(['on', 'lead', 'recurring', 'undated'])
  })

  it('leaves out an article that never mentions the topic', () => {
    expect(ids(matchTopic(harbourLibrary(), 'the Harbour Bridge'))).not.toContain('offtopic')
  })

  it('leaves out an article whose topic words never meet in one passage', () => {
    expect(ids(matchTopic(harbourLibrary(), 'the Harbour Bridge'))).not.toContain('scattered')
  })

  it('leaves out a single passing mention after the lead, but keeps a topic that recurs', () => {
    const found = ids(matchTopic(harbourLibrary(), 'the Harbour Bridge'))
    expect(found).not.toContain('passing')
    expect(found).toContain('recurring')
    // With every passage counted as lead, the passing mention is on the topic too: the floor is what leaves it out.
    expect(ids(matchTopic(harbourLibrary(), 'the Harbour Bridge', {}, { leadPassages: 100 }))).toContain('passing')
  })

  it('quotes the one sentence that matches best, verbatim, with the matched words marked', () => {
    const match = matchTopic(harbourLibrary(), 'the Harbour Bridge').matches.find(m => m.articleId === 'recurring')
    expect(match?.excerpt).toBe('Visitors climbed the Harbour Bridge in record numbers.')
    expect(match?.highlights.map(([start, end]) => match.excerpt.slice(start, end))).toEqual(['Harbour', 'Bridge'])
  })

  it('finds the Valdai club in one seed article only, quoting its sentence', async () => {
    const found = matchTopic(await shippedLibrary(), 'Valdai club')
    expect(found.matches.map(m => [m.articleId, m.excerpt])).toEqual([[
      SEED_IDS.valdai,
      "The Valdai Discussion Club, Moscow's primary foreign policy think tank, held the first bilateral Russia-India conference in New Delhi on Monday in partnership with one of India's leading think tanks, Vivekananda International Foundation (VIF).",
    ]])
  })

  it('copes with a misspelled name, as /ask does', async () => {
    expect(ids(matchTopic(await shippedLibrary(), 'Jaishenkar Putin'))).toEqual([SEED_IDS.putin])
  })

  it('quotes every excerpt verbatim from its article', async () => {
    const library = await shippedLibrary()
    for (const topic of ['India Russia', 'defence cooperation', 'BRICS', 'Jaishankar Lavrov']) {
      for (const match of matchTopic(library, topic).matches) {
        const text = library.articles.get(match.articleId)?.paragraphs.map(p => p.text).join('\n') ?? ''
        for (const piece of match.excerpt.split('…').filter(Boolean)) expect(text).toContain(piece.trim())
      }
    }
  })

  it('filters by date, leaving undated articles out of a date range and counting them', async () => {
    const found = matchTopic(await shippedLibrary(), 'India Russia', { since: '2023-12-01' })
    expect(ids(found)).toEqual([SEED_IDS.valdai, SEED_IDS.putin])
    expect(found.undatedLeftOut).toBe(2)
    expect(ids(matchTopic(await shippedLibrary(), 'India Russia', { until: '2023-12-31' }))).toEqual([SEED_IDS.kwatra, SEED_IDS.putin])
  })

  it('filters by source: an article id, or an outlet named in any case', async () => {
    const library = await shippedLibrary()
    expect(ids(matchTopic(library, 'India Russia', { source: SEED_IDS.undated }))).toEqual([SEED_IDS.undated])
    expect(ids(matchTopic(library, 'India Russia', { source: 'rt india' }))).toEqual([SEED_IDS.valdai])
  })

  it('says why nothing matched', async () => {
    const library = await shippedLibrary()
    expect(matchTopic(library, 'the of and').reason).toBe('no-terms')
    expect(matchTopic(library, 'cricket World Cup').reason).toBe('no-match')
    expect(matchTopic(library, 'Valdai club', { until: '2023-12-31' }).reason).toBe('filtered')
    expect(matchTopic(library, 'Valdai club', { source: 'No Such Outlet' }).reason).toBe('filtered')
  })
})

describe('chooseGranularity', () => {
  it('buckets per day up to a 31-day span, per week up to 182 days, per month beyond', () => {
    expect([0, 31, 32, 182, 183, 4000].map(chooseGranularity)).toEqual(['day', 'day', 'week', 'week', 'month', 'month'])
  })
})

describe('bucketStart', () => {
  it('starts weeks on Monday (ISO weeks), across a year boundary too', () => {
    expect(bucketStart('2024-01-08', 'week')).toBe('2024-01-08') // a Monday
    expect(bucketStart('2024-01-14', 'week')).toBe('2024-01-08') // the Sunday after
    expect(bucketStart('2023-01-01', 'week')).toBe('2022-12-26') // a Sunday: its week began in December
  })

  it('starts months on the 1st and days on the day', () => {
    expect(bucketStart('2024-02-29', 'month')).toBe('2024-02-01')
    expect(bucketStart('2024-02-29', 'day')).toBe('2024-02-29')
  })

  it('steps to the next bucket through month ends, leap days and year ends', () => {
    expect(nextBucketStart('2024-02-28', 'day')).toBe('2024-02-29')
    expect(nextBucketStart('2023-12-25', 'week')).toBe('2024-01-01')
    expect(nextBucketStart('2023-12-01', 'month')).toBe('2024-01-01')
  })
})

describe('bucketEntries', () => {
  it('covers every bucket from the first entry to the last, empty ones included, counting per outlet', () => {
    const buckets = bucketEntries([
      { date: '2023-11-30', outlet: 'RT India' },
      { date: '2024-01-31', outlet: null },
      { date: '2023-11-02', outlet: 'RT India' },
      { date: null, outlet: 'Undated Times' },
    ], 'month')
    expect(buckets).toEqual([
      { start: '2023-11-01', end: '2023-11-30', count: 2, outlets: { 'RT India': 2 } },
      { start: '2023-12-01', end: '2023-12-31', count: 0, outlets: {} },
      { start: '2024-01-01', end: '2024-01-31', count: 1, outlets: { [UNKNOWN_OUTLET]: 1 } },
    ])
  })

  it('gives each week its Monday and Sunday', () => {
    expect(bucketEntries([{ date: '2024-02-29', outlet: 'A' }, { date: '2024-03-04', outlet: 'A' }], 'week').map(b => [b.start, b.end, b.count]))
      .toEqual([['2024-02-26', '2024-03-03', 1], ['2024-03-04', '2024-03-10', 1]])
  })
})

/** Matches as matchTopic would give them, for the articles given, to test the timeline on its own. */
function matched (articles: Article[], extra: Partial<Record<string, Partial<TopicMatch>>> = {}): { lookup: Map<string, Article>, found: TopicMatches } {
  return {
    lookup: new Map(articles.map(a => [a.id, a])),
    found: {
      topic: 'bridge',
      request: { since: null, until: null, source: null },
      terms: [],
      matches: articles.map(a => ({ articleId: a.id, passageId: 0, excerpt: `About the bridge (${a.id}).`, highlights: [], coverage: 1, inTitle: false, matchingPassages: 1, ...extra[a.id] })),
      undatedLeftOut: 0,
      reason: null,
    },
  }
}

const dated = (id: string, date: string, extra: Partial<Article> = {}): Article => article(id, ['text'], { date, dateSource: 'byline', ...extra })

describe('buildTimeline', () => {
  it('orders entries by date, an inferred date among stated ones, numbering them in that order', () => {
    const { lookup, found } = matched([
      dated('late', '2024-03-09'),
      dated('inferred', '2024-03-01', { dateSource: 'inferred' }),
      dated('middle', '2024-03-05'),
    ])
    const timeline = buildTimeline(lookup, found)
    expect(timeline.entries.map(e => [e.n, e.articleId, e.dateSource])).toEqual([[1, 'inferred', 'inferred'], [2, 'middle', 'byline'], [3, 'late', 'byline']])
  })

  it('orders one day by stated time, then entries without a time, stated dates before inferred ones', () => {
    const { lookup, found } = matched([
      dated('no-time-inferred', '2024-03-05', { dateSource: 'inferred' }),
      dated('ten', '2024-03-05', { time: '10:00' }),
      dated('no-time-byline', '2024-03-05'),
      dated('nine', '2024-03-05', { time: '09:00', dateSource: 'metadata' }),
    ])
    expect(buildTimeline(lookup, found).entries.map(e => e.articleId)).toEqual(['nine', 'ten', 'no-time-byline', 'no-time-inferred'])
  })

  it('lists undated articles apart, after the dated ones, the most on-topic first', () => {
    const { lookup, found } = matched([
      article('undated-mention', ['text']),
      dated('dated', '2024-03-05'),
      article('undated-title', ['text']),
    ], { 'undated-title': { inTitle: true } })
    const timeline = buildTimeline(lookup, found)
    expect(timeline.entries.map(e => e.articleId)).toEqual(['dated'])
    expect(timeline.undated.map(e => [e.n, e.articleId, e.date])).toEqual([[2, 'undated-title', null], [3, 'undated-mention', null]])
  })

  it('chooses buckets from the span of the dated entries', () => {
    const span = (last: string): string | null => {
      const { lookup, found } = matched([dated('a', '2024-01-01'), dated('b', last), article('u', ['text'])])
      return buildTimeline(lookup, found).granularity
    }
    expect([span('2024-01-01'), span('2024-02-01'), span('2024-02-02'), span('2024-07-01'), span('2024-07-02')]).toEqual(['day', 'day', 'week', 'week', 'month'])
  })

  it('names the earliest dated source as first reported, noting undated sources that might be earlier', () => {
    const { lookup, found } = matched([dated('second', '2024-03-05'), dated('first', '2024-03-01', { outlet: 'City Post' }), article('u1', ['text']), article('u2', ['text'])])
    expect(buildTimeline(lookup, found).firstReported).toEqual({
      n: 1, articleId: 'first', title: 'Title of first', outlet: 'City Post', date: '2024-03-01', time: null, dateSource: 'byline', sameDay: 0, undatedMightBeEarlier: 2,
    })
  })

  it('counts sources of the same first day unless a stated time shows them later', () => {
    const tie = matched([dated('a', '2024-03-01'), dated('b', '2024-03-01'), dated('c', '2024-03-02')])
    expect(buildTimeline(tie.lookup, tie.found).firstReported?.sameDay).toBe(1)
    const timed = matched([dated('a', '2024-03-01', { time: '08:00' }), dated('b', '2024-03-01', { time: '11:30' })])
    expect(buildTimeline(timed.lookup, timed.found).firstReported).toMatchObject({ articleId: 'a', sameDay: 0 })
  })

  it('names an inferred first report as inferred', () => {
    const { lookup, found } = matched([dated('stated', '2024-03-02'), dated('from-dateline', '2024-03-01', { dateSource: 'inferred' })])
    expect(buildTimeline(lookup, found).firstReported).toMatchObject({ articleId: 'from-dateline', dateSource: 'inferred' })
  })

  it('has no first report and no buckets when nothing is dated', () => {
    const { lookup, found } = matched([article('u', ['text'])])
    expect(buildTimeline(lookup, found)).toMatchObject({ granularity: null, buckets: [], entries: [], firstReported: null })
  })

  it('puts the shipped seeds on a weekly timeline with two undated articles', async () => {
    const timeline = timelineOf(await shippedLibrary(), 'India Russia')
    expect(timeline.granularity).toBe('week')
    expect(timeline.entries.map(e => [e.date, e.dateSource, e.articleId])).toEqual([
      ['2023-11-13', 'byline', SEED_IDS.kwatra],
      ['2023-12-28', 'inferred', SEED_IDS.putin],
      ['2024-01-08', 'byline', SEED_IDS.valdai],
    ])
    expect(new Set(timeline.undated.map(e => e.articleId))).toEqual(new Set([SEED_IDS.moscowTalks, SEED_IDS.undated]))
    expect(timeline.buckets.map(b => [b.start, b.count])).toEqual([
      ['2023-11-13', 1], ['2023-11-20', 0], ['2023-11-27', 0], ['2023-12-04', 0], ['2023-12-11', 0],
      ['2023-12-18', 0], ['2023-12-25', 1], ['2024-01-01', 0], ['2024-01-08', 1],
    ])
    expect(timeline.firstReported).toMatchObject({ articleId: SEED_IDS.kwatra, undatedMightBeEarlier: 2 })
  })
})
