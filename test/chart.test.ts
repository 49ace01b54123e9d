import { decode } from 'fast-png'
import { describe, expect, it } from 'vitest'
import { axisLabels, CHART_THEME, chartSeries, OTHER_OUTLETS, renderTimelineChart, textWidth, timelineChartSpec } from '../src/chart.js'
import { buildTimeline, timelineOf, type TopicMatches } from '../src/core/timeline/index.js'
import type { Article } from '../src/core/types.js'
import { article, shippedLibrary } from './helpers.js'

function hex (colour: string): [number, number, number] {
  const value = Number.parseInt(colour.slice(1), 16)
  return [value >> 16, (value >> 8) & 0xff, value & 0xff]
}

/** Distinct RGBA colours of a decoded 8-bit RGBA image, and a lookup for one. */
function colours (image: ReturnType<typeof decode>): { count: number, has: (colour: string) => boolean } {
  const seen = new Set<number>()
  const data = image.data
  for (let i = 0; i < data.length; i += image.channels) seen.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0))
  return { count: seen.size, has: colour => { const [r, g, b] = hex(colour); return seen.has((r << 16) | (g << 8) | b) } }
}

/** A timeline over `outlets.length` outlets, one article each, a day apart. */
function timelineOfOutlets (outlets: string[], topic = 'bridge'): ReturnType<typeof buildTimeline> {
  const articles: Article[] = outlets.map((outlet, i) => article(`a${i}`, ['text'], { date: `2024-03-${String(i + 1).padStart(2, '0')}`, dateSource: 'byline', outlet }))
  // The first outlet gets more articles, so it is the largest series.
  articles.push(article('extra', ['text'], { date: '2024-03-02', dateSource: 'byline', outlet: outlets[0] ?? null }))
  const found: TopicMatches = {
    topic,
    request: { since: null, until: null, source: null },
    terms: [],
    matches: articles.map(a => ({ articleId: a.id, passageId: 0, excerpt: 'x', highlights: [], coverage: 1, inTitle: false, matchingPassages: 1 })),
    undatedLeftOut: 0,
    reason: null,
  }
  return buildTimeline(new Map(articles.map(a => [a.id, a])), found)
}

describe('renderTimelineChart', () => {
  it('draws the seeds timeline as a PNG of the declared size, on an opaque card, one colour per outlet', async () => {
    const timeline = timelineOf(await shippedLibrary(), 'India Russia')
    const chart = await renderTimelineChart(timeline)
    expect(chart).not.toBeNull()
    if (chart === null) return
    const image = decode(chart.png)
    expect([image.width, image.height]).toEqual([chart.width, chart.height])
    expect([chart.width, chart.height]).toEqual([1600, 800])
    expect(image.depth).toBe(8)
    // Opaque everywhere the card is, so the chart reads the same on Discord's dark and light themes.
    expect([...image.data.slice(0, image.channels)]).toEqual([...hex(CHART_THEME.card), 255].slice(0, image.channels))
    const found = colours(image)
    // Text, bars, grid and the marker: far more than a blank or single-colour image.
    expect(found.count).toBeGreaterThan(50)
    expect([CHART_THEME.series[0], CHART_THEME.series[1]].map(c => found.has(c ?? ''))).toEqual([true, true])
    expect(found.has(CHART_THEME.other)).toBe(false)
  })

  it('honours the size and scale asked for', async () => {
    const chart = await renderTimelineChart(timelineOf(await shippedLibrary(), 'India Russia'), { width: 600, height: 300, scale: 1 })
    const image = decode(chart?.png ?? new Uint8Array())
    expect([image.width, image.height, chart?.width, chart?.height]).toEqual([600, 300, 600, 300])
  })

  it('draws nothing when no matching article is dated', async () => {
    const timeline = timelineOf(await shippedLibrary(), 'BRICS Shanghai Cooperation Organization')
    expect(timeline.entries).toEqual([])
    expect(timeline.undated.length).toBeGreaterThan(0)
    expect(await renderTimelineChart(timeline)).toBeNull()
  })
})

describe('timelineChartSpec', () => {
  it('gives each outlet its own series when there are few', () => {
    expect(chartSeries(timelineOfOutlets(['A', 'B', 'C', 'D', 'E']), 5)).toEqual({ named: ['A', 'B', 'C', 'D', 'E'], other: false })
  })

  it('keeps the largest outlets and groups the rest as "other outlets" when there are many', () => {
    const timeline = timelineOfOutlets(['A', 'B', 'C', 'D', 'E', 'F'])
    expect(chartSeries(timeline, 5)).toEqual({ named: ['A', 'B', 'C', 'D'], other: true })
    const spec = JSON.stringify(timelineChartSpec(timeline))
    expect(spec).toContain(`"domain":["A","B","C","D","${OTHER_OUTLETS}"]`)
    expect(spec).toContain(`"range":["${CHART_THEME.series.slice(0, 4).join('","')}","${CHART_THEME.other}"]`)
  })

  it('marks the first report with its date and outlet, and counts inferred and undated dates', async () => {
    const spec = JSON.stringify(timelineChartSpec(timelineOf(await shippedLibrary(), 'India Russia')))
    expect(spec).toContain('"label":"First report: 13 Nov 2023, outlet not stated"')
    expect(spec).toContain('"text":"Coverage of “India Russia”: articles per week"')
    expect(spec).toContain('"subtitle":["3 dated articles from 13 Nov 2023 to 8 Jan 2024 · 1 date inferred from a dateline · 2 undated articles not shown"]')
  })
})

describe('chart text', () => {
  it('turns the first-report label leftwards when the plot has no room for it on the right', () => {
    const marker = (width: number): unknown => (JSON.stringify(timelineChartSpec(timelineOfOutlets(['The Long Outlet Name Gazette']), { width })).match(/"align":"(left|right)","baseline":"top"/) ?? [])[1]
    expect(marker(800)).toBe('left')
    expect(marker(500)).toBe('right')
  })

  it('measures text in the shipped font rather than Vega\'s 0.8 em guess', () => {
    expect(textWidth('Articles', 10)).toBeCloseTo(37.5, 5)
    expect(textWidth('Articles', 10, true)).toBeGreaterThan(textWidth('Articles', 10))
  })

  it('keeps a long title and subtitle within the card, so the plot keeps its size', () => {
    const timeline = timelineOfOutlets(['A', 'B'], 'the long-running dispute over fishing rights in the North Atlantic waters')
    const spec = timelineChartSpec(timeline, { width: 500 }) as unknown as { title: { text: string, limit: number, subtitle: string[] } }
    expect(spec.title.text).toBe('Coverage of “the long-runnin…”: articles per day')
    expect(textWidth(spec.title.text, 16, true)).toBeLessThanOrEqual(468)
    expect(spec.title.limit).toBe(500 - 32)
    for (const line of spec.title.subtitle) expect(textWidth(line, 12)).toBeLessThanOrEqual(468)
  })
})

describe('axisLabels', () => {
  it('names the year where it changes', () => {
    expect(axisLabels(['2023-12-25', '2024-01-01', '2024-01-08'], 'week')).toEqual([
      { start: '2023-12-25', label: '25 Dec 2023' }, { start: '2024-01-01', label: '1 Jan 2024' }, { start: '2024-01-08', label: '8 Jan' },
    ])
    expect(axisLabels(['2023-11-01', '2023-12-01', '2024-01-01'], 'month').map(l => l.label)).toEqual(['Nov 2023', 'Dec', 'Jan 2024'])
  })

  it('labels only years over long spans of months, and never more than ten labels', () => {
    // March 2010 to February 2020: eleven year starts to label, so every other one is.
    const months = Array.from({ length: 120 }, (_, i) => `${2010 + Math.floor((i + 2) / 12)}-${String((i + 2) % 12 + 1).padStart(2, '0')}-01`)
    expect(axisLabels(months, 'month').map(l => l.label)).toEqual(['Mar 2010', '2012', '2014', '2016', '2018', '2020'])
    const days = Array.from({ length: 31 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}`)
    expect(axisLabels(days, 'day').length).toBeLessThanOrEqual(10)
  })
})
