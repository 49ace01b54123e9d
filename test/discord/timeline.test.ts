import { describe, expect, it } from 'vitest'
import { buildTimeline, timelineOf, timelineToJson, type TopicMatches } from '../../src/core/timeline/index.js'
import { paginateTimeline, renderTimelineText, timelinePageContent } from '../../src/discord/timeline.js'
import type { Article } from '../../src/core/types.js'
import { article, SEED_IDS, shippedLibrary } from '../helpers.js'

/** `count` dated articles a day apart and two undated ones, each quoting a long sentence. */
function longTimeline (count: number): ReturnType<typeof buildTimeline> {
  const articles: Article[] = Array.from({ length: count }, (_, i) => article(`d${i}`, ['text'], { date: `2024-01-${String(i % 28 + 1).padStart(2, '0')}`, dateSource: 'byline', outlet: 'City Post', title: `Bridge story number ${i}` }))
  articles.push(article('u1', ['text'], { title: 'Undated bridge story one' }), article('u2', ['text'], { title: 'Undated bridge story two' }))
  const sentence = 'The Harbour Bridge will close for three weekends in March while engineers replace the expansion joints on the southern approach, the authority said. '.repeat(2).trim()
  const found: TopicMatches = {
    topic: 'Harbour Bridge',
    request: { since: null, until: null, source: null },
    terms: [],
    matches: articles.map(a => ({ articleId: a.id, passageId: 0, excerpt: sentence, highlights: [[4, 11], [12, 18]], coverage: 1, inTitle: false, matchingPassages: 1 })),
    undatedLeftOut: 0,
    reason: null,
  }
  return buildTimeline(new Map(articles.map(a => [a.id, a])), found)
}

describe('renderTimelineText', () => {
  it('shows the seeds timeline as Discord would: summary, first report, dated entries, then "Undated"', async () => {
    const text = renderTimelineText(timelineOf(await shippedLibrary(), 'India Russia'))
    expect(text.split('\n').slice(0, 9)).toEqual([
      '**Timeline: “India Russia”**',
      '',
      '3 dated articles from 13 Nov 2023 to 8 Jan 2024, charted per week · 2 undated.',
      'First reported: 13 Nov 2023 (byline), *Moscow and New Delhi hold bilateral talks* [1] (outlet not stated). 2 undated sources might be earlier.',
      '',
      '**[1]** 13 Nov 2023 (byline) · *Moscow and New Delhi hold bilateral talks*',
      '> Economic cooperation between **Russia** and **India** has been growing rapidly in the past year.',
      '',
      '**[2]** 28 Dec 2023 (inferred) · *India -Russia Relations \\| Foreign Minister fosters deeper ties with Russia amid fractured global…*',
    ])
    expect(text).toContain('**[3]** 8 Jan 2024 (byline) · RT India · *India and Russia hold candid talks on bilateral ties*')
    expect(text).toContain('\n\n**Undated**\n**[4]** *India And Russia Deepen Ties In Moscow Talks*\n> **India** and **Russia** began high-level bilateral talks')
    expect(text.endsWith('\n\n-# Page 1 of 1 · inferred: date read from a dateline · verbatim excerpts, no generated text')).toBe(true)
  })

  it('says when the first report has sources the same day', () => {
    const text = renderTimelineText(longTimeline(30))
    expect(text).toContain('First reported: 1 Jan 2024 (byline) by City Post, *Bridge story number 0* [1]. Another source is dated the same day. 2 undated sources might be earlier.')
  })

  it('notes undated articles a date range left out', async () => {
    const text = renderTimelineText(timelineOf(await shippedLibrary(), 'India Russia', { since: '2023-12-01' }))
    expect(text).toContain('\n-# 2 undated articles on the topic are left out: a date range cannot include them.\n')
  })

  it('says plainly when nothing matches', async () => {
    const library = await shippedLibrary()
    expect(renderTimelineText(timelineOf(library, 'cricket World Cup'))).toBe('**Timeline: “cricket World Cup”**\n\nNo coverage of “cricket World Cup” in the indexed articles.\n\n-# verbatim excerpts, no generated text')
    expect(renderTimelineText(timelineOf(library, 'Valdai club', { until: '2023-12-31' }))).toContain('No coverage of “Valdai club” with those filters. Try widening the dates or the source.')
    expect(renderTimelineText(timelineOf(library, 'the of'))).toContain('Give a topic the coverage might mention: a person, place, event or subject.')
  })
})

describe('paginateTimeline', () => {
  it('splits a long timeline into pages within Discord\'s 2000 characters, every entry once, in order', () => {
    const pages = paginateTimeline(longTimeline(40))
    expect(pages.length).toBeGreaterThan(3)
    for (const page of pages) expect(timelinePageContent(page).length).toBeLessThanOrEqual(2000)
    expect(pages.flatMap(p => p.entries)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1))
    expect(pages.map(p => p.footer.split(' · ')[0])).toEqual(pages.map((_, i) => `Page ${i + 1} of ${pages.length}`))
    const bodies = pages.map(p => p.body).join('\n')
    expect(bodies.split('**Undated**').length).toBe(2)
    expect(bodies.indexOf('**Undated**\n**[41]**')).toBeGreaterThan(bodies.indexOf('**[40]**'))
  })

  it('fits larger pages for an embed description', () => {
    const pages = paginateTimeline(longTimeline(40), { pageChars: 4096 })
    for (const page of pages) expect(timelinePageContent(page).length).toBeLessThanOrEqual(4096)
    expect(pages.length).toBeLessThan(paginateTimeline(longTimeline(40)).length)
  })
})

describe('timelineToJson', () => {
  it('gives the topic, buckets, dated entries and undated ones', async () => {
    const json = timelineToJson(timelineOf(await shippedLibrary(), 'Valdai club')) as Record<string, unknown>
    expect(json).toEqual({
      topic: 'Valdai club',
      granularity: 'day',
      firstReported: { n: 1, articleId: SEED_IDS.valdai, title: 'India and Russia hold candid talks on bilateral ties', outlet: 'RT India', date: '2024-01-08', time: '15:34', dateSource: 'byline', sameDay: 0, undatedMightBeEarlier: 0 },
      buckets: [{ start: '2024-01-08', count: 1, outlets: { 'RT India': 1 } }],
      entries: [{
        n: 1,
        date: '2024-01-08',
        dateSource: 'byline',
        articleId: SEED_IDS.valdai,
        title: 'India and Russia hold candid talks on bilateral ties',
        outlet: 'RT India',
        excerpt: "The Valdai Discussion Club, Moscow's primary foreign policy think tank, held the first bilateral Russia-India conference in New Delhi on Monday in partnership with one of India's leading think tanks, Vivekananda International Foundation (VIF).",
      }],
      undated: [],
    })
  })
})
