/**
 * The timeline as a picture: matching articles per bucket, one bar series
 * per outlet, the first report marked.
 *
 * Vega-Lite describes the chart, Vega lays it out and writes SVG (headless,
 * no canvas), resvg turns the SVG into PNG. All three install from the npm
 * registry with no download step (resvg's native binary is itself an npm
 * package per platform), and none needs a browser or system libraries.
 * resvg sees no system fonts in a slim container, so the chart's font ships
 * with the project (DejaVu Sans, from the dejavu-fonts-ttf package) and is
 * loaded explicitly.
 */
import { createRequire } from 'node:module'
import { renderAsync } from '@resvg/resvg-js'
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { formatHumanDate } from './core/dates.js'
import { UNKNOWN_OUTLET, type Granularity, type Timeline } from './core/timeline/model.js'

export interface ChartOptions {
  /** Chart width in CSS pixels, everything included. Default 800. */
  width: number
  /** Chart height in CSS pixels, everything included. Default 400. */
  height: number
  /** Pixels per CSS pixel in the PNG, for sharp text on high-density screens. Default 2. */
  scale: number
  /** Most outlets given a bar series of their own; beyond it the largest keep theirs and the rest are "other outlets". Default 5. */
  maxSeries: number
  /** TrueType files resvg loads; the first one's family is used for all text. Default: DejaVu Sans, shipped as a dependency. */
  fontFiles: string[]
}

const require = createRequire(import.meta.url)

/** DejaVu Sans: wide Unicode coverage (curly quotes, accents, Cyrillic in outlet names) and shipped as TTF on npm. */
export const CHART_FONT_FAMILY = 'DejaVu Sans'
export const CHART_FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
]

export const defaultChartOptions: ChartOptions = {
  width: 800,
  height: 400,
  scale: 2,
  maxSeries: 5,
  fontFiles: [...CHART_FONT_FILES],
}

export function mergeChartOptions (options: Partial<ChartOptions> = {}): ChartOptions {
  const merged = { ...defaultChartOptions }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key in merged) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}

/**
 * Colours. The chart sits on its own opaque light card rather than on a
 * transparent background: Discord shows images on #313338 (dark theme) and
 * #ffffff (light), and no text colour reads well on both, while a card fixes
 * the contrast whatever the theme. Its grey (#f2f3f5, Discord's own light
 * secondary background) still stands apart from the white of the light
 * theme. Bars use the Okabe–Ito palette, which stays distinguishable for
 * colour-blind readers; "other outlets" is a neutral grey.
 */
export const CHART_THEME = {
  card: '#f2f3f5',
  text: '#1f2328',
  muted: '#4e5561',
  grid: '#d5d9e0',
  marker: '#b3261e',
  series: ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'],
  other: '#8a8f98',
} as const

export const OTHER_OUTLETS = 'other outlets'

/** A rendered chart: PNG bytes and their size in pixels. */
export interface ChartImage {
  png: Uint8Array
  width: number
  height: number
}

/** The outlets given a series of their own, largest first, and whether the rest are grouped as "other". */
export function chartSeries (timeline: Timeline, maxSeries: number): { named: string[], other: boolean } {
  const counts = new Map<string, number>()
  for (const entry of timeline.entries) {
    const outlet = entry.outlet ?? UNKNOWN_OUTLET
    counts.set(outlet, (counts.get(outlet) ?? 0) + 1)
  }
  const outlets = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([outlet]) => outlet)
  if (outlets.length <= maxSeries) return { named: outlets, other: false }
  return { named: outlets.slice(0, maxSeries - 1), other: true }
}

const UNIT: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month' }
const AXIS_TITLE: Record<Granularity, string> = { day: 'Day', week: 'Week (starting Monday)', month: 'Month' }
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** Below this many buckets, bars keep a fixed width rather than fill their band. */
const FEW_BUCKETS = 8
const MAX_BAR_WIDTH = 56
/** Most x-axis labels shown; the others are skipped evenly so labels never collide. */
const MAX_LABELS = 10

/** The bucket starts that get an axis label, with their label: the year is named where it changes. */
export function axisLabels (starts: readonly string[], granularity: Granularity): Array<{ start: string, label: string }> {
  const yearly = granularity === 'month' && starts.length > 24
  const picked = yearly
    ? starts.filter((start, i) => i === 0 || start.endsWith('-01-01'))
    : starts.filter((_, i) => i % Math.ceil(starts.length / MAX_LABELS) === 0)
  const step = Math.ceil(picked.length / MAX_LABELS)
  let previousYear = ''
  return picked.filter((_, i) => i % step === 0).map(start => {
    const year = start.slice(0, 4)
    const month = SHORT_MONTHS[Number(start.slice(5, 7)) - 1] ?? ''
    const withYear = year !== previousYear
    previousYear = year
    if (yearly) return { start, label: start.endsWith('-01-01') ? year : `${month} ${year}` }
    if (granularity === 'month') return { start, label: withYear ? `${month} ${year}` : month }
    const day = String(Number(start.slice(8, 10)))
    return { start, label: withYear ? `${day} ${month} ${year}` : `${day} ${month}` }
  })
}

function plural (count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** Vega-Lite's text for a literal, safe inside an expression. */
const literal = (value: unknown): string => JSON.stringify(value)

/**
 * The chart as a Vega-Lite spec: stacked bars per bucket, coloured by
 * outlet, a dashed rule and label at the first report. Null when no entry
 * is dated: there is nothing to place on a time axis.
 */
export function timelineChartSpec (timeline: Timeline, partial: Partial<ChartOptions> = {}): TopLevelSpec | null {
  const options = mergeChartOptions(partial)
  const { granularity, firstReported } = timeline
  if (granularity === null || firstReported === null || timeline.buckets.length === 0) return null
  const { named, other } = chartSeries(timeline, options.maxSeries)
  const seriesOf = (outlet: string): string => named.includes(outlet) ? outlet : OTHER_OUTLETS
  const domain = other ? [...named, OTHER_OUTLETS] : named
  const range = domain.map((name, i) => name === OTHER_OUTLETS ? CHART_THEME.other : CHART_THEME.series[i % CHART_THEME.series.length] ?? CHART_THEME.other)

  const rows: Array<{ start: string, series: string, count: number, order: number }> = []
  for (const bucket of timeline.buckets) {
    const counts = new Map<string, number>()
    for (const [outlet, count] of Object.entries(bucket.outlets)) counts.set(seriesOf(outlet), (counts.get(seriesOf(outlet)) ?? 0) + count)
    for (const [series, count] of counts) rows.push({ start: bucket.start, series, count, order: domain.indexOf(series) })
  }
  const starts = timeline.buckets.map(b => b.start)
  const labels = axisLabels(starts, granularity)
  const highest = Math.max(...timeline.buckets.map(b => b.count))
  // Headroom above the tallest bar keeps the first-report label clear of the bars.
  const top = highest + Math.max(1, Math.ceil(highest * 0.3))
  const firstStart = starts[0] ?? firstReported.date
  const firstDay = formatHumanDate(firstReported.date)
  const firstOutlet = firstReported.outlet ?? UNKNOWN_OUTLET
  const lastDate = timeline.entries[timeline.entries.length - 1]?.date ?? firstReported.date
  const inferred = timeline.entries.filter(e => e.dateSource === 'inferred').length
  const notes = [
    ...(inferred === 0 ? [] : [`${inferred === 1 ? '1 date' : `${inferred} dates`} inferred from a dateline`]),
    ...(timeline.undated.length === 0 ? [] : [`${plural(timeline.undated.length, 'undated article')} not shown`]),
  ]
  const textRoom = options.width - 2 * PADDING
  const markerLabel = `First report: ${firstDay}, ${truncateLabel(firstOutlet, 40)}`
  // The first report is in the first bucket, at the plot's left unless there are very few buckets: the
  // label reads rightwards from the rule, or leftwards when the plot has no room for it on the right.
  const plotWidth = textRoom - Y_AXIS_ROOM
  const firstCentre = plotWidth * 0.6 / (starts.length + 0.05)
  const markerLeft = textWidth(markerLabel, MARKER_SIZE, true) + 6 > plotWidth - firstCentre
  const span = lastDate === firstReported.date ? `on ${firstDay}` : `from ${firstDay} to ${formatHumanDate(lastDate)}`

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width,
    height: options.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: PADDING,
    background: CHART_THEME.card,
    config: {
      font: CHART_FONT_FAMILY,
      view: { stroke: null },
      axis: { labelColor: CHART_THEME.muted, titleColor: CHART_THEME.text, gridColor: CHART_THEME.grid, domainColor: CHART_THEME.muted, tickColor: CHART_THEME.muted, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
      legend: { labelColor: CHART_THEME.text, labelFontSize: 11, orient: 'top', direction: 'horizontal', title: null, symbolType: 'square', labelLimit: 180 },
      title: { color: CHART_THEME.text, subtitleColor: CHART_THEME.muted, anchor: 'start', fontSize: TITLE_SIZE, offset: 10 },
    },
    title: {
      text: titleText(timeline.topic, granularity, textRoom),
      subtitle: subtitleLines([`${plural(timeline.entries.length, 'dated article')} ${span}`, ...notes], textRoom),
      // A safety net: titleText already fits, and a title never squeezes the plot.
      limit: textRoom,
      subtitleFontSize: SUBTITLE_SIZE,
    },
    // The marker is drawn first, so bars cover the rule and it shows above the first bar only.
    layer: [
      {
        data: { values: [{ start: firstStart, label: markerLabel }] },
        layer: [
          { mark: { type: 'rule', color: CHART_THEME.marker, strokeDash: [5, 3], strokeWidth: 1.5 } },
          { mark: { type: 'text', color: CHART_THEME.marker, align: markerLeft ? 'right' : 'left', baseline: 'top', dx: markerLeft ? -6 : 6, y: 2, fontWeight: 'bold', fontSize: MARKER_SIZE }, encoding: { text: { field: 'label' } } },
        ],
        encoding: { x: { field: 'start', type: 'ordinal', sort: null } },
      },
      {
        data: { values: rows },
        // A few buckets would make slabs of bars: their width is capped.
        mark: { type: 'bar', ...(starts.length < FEW_BUCKETS ? { width: MAX_BAR_WIDTH } : {}) },
        encoding: {
          x: {
            field: 'start',
            type: 'ordinal',
            sort: null,
            scale: { domain: starts, paddingInner: 0.15, paddingOuter: 0.1 },
            axis: {
              title: AXIS_TITLE[granularity],
              values: labels.map(l => l.start),
              labelExpr: `${literal(labels.map(l => l.label))}[indexof(${literal(labels.map(l => l.start))}, datum.value)]`,
              labelAngle: 0,
              labelAlign: 'center',
              labelBaseline: 'top',
              labelOverlap: false,
              ticks: false,
            },
          },
          y: {
            field: 'count',
            type: 'quantitative',
            stack: 'zero',
            scale: { domain: [0, top], nice: false },
            axis: { title: 'Articles', tickMinStep: 1, format: 'd', domain: false },
          },
          color: { field: 'series', type: 'nominal', scale: { domain, range } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  } as TopLevelSpec
}

const PADDING = 16
const SUBTITLE_SIZE = 12

const TITLE_SIZE = 16
const MARKER_SIZE = 12
/** Roughly what the y axis (labels and title) takes from the plot's width. */
const Y_AXIS_ROOM = 50

/** 'Coverage of “topic”: articles per week', the topic shortened until it all fits `room` pixels in bold. */
function titleText (topic: string, granularity: Granularity, room: number): string {
  const suffix = `”: articles per ${UNIT[granularity]}`
  let max = 80
  let text = `Coverage of “${truncateLabel(topic, max)}${suffix}`
  while (max > 8 && textWidth(text, TITLE_SIZE, true) > room) {
    max -= 4
    text = `Coverage of “${truncateLabel(topic, max)}${suffix}`
  }
  return text
}

/** The subtitle's parts joined by " · ", broken into lines that fit `room` pixels. */
function subtitleLines (parts: readonly string[], room: number): string[] {
  const lines: string[] = []
  for (const part of parts) {
    const last = lines[lines.length - 1]
    if (last !== undefined && textWidth(`${last} · ${part}`, SUBTITLE_SIZE) <= room) lines[lines.length - 1] = `${last} · ${part}`
    else lines.push(part)
  }
  return lines
}

function truncateLabel (text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`
}

/**
 * Advance widths of DejaVu Sans for printable ASCII (space to "~"), in
 * thousandths of an em, regular and bold, measured from the shipped font
 * with resvg. Without a canvas Vega guesses every character at 0.8 em,
 * far wider than this font, and shrinks the plot to make room for titles
 * and legends it thinks are long.
 */
const ASCII_WIDTHS = {
  normal: [320, 400, 460, 840, 640, 950, 780, 270, 390, 390, 500, 840, 320, 360, 320, 340, 640, 640, 640, 640, 640, 640, 640, 640, 640, 640, 340, 340, 840, 840, 840, 530, 1000, 710, 690, 700, 770, 630, 580, 770, 750, 290, 290, 660, 560, 860, 750, 790, 600, 790, 690, 630, 600, 730, 680, 990, 690, 610, 690, 390, 340, 390, 840, 500, 500, 610, 630, 550, 630, 620, 340, 630, 630, 280, 280, 580, 280, 970, 630, 610, 630, 630, 400, 520, 390, 630, 590, 820, 590, 590, 520, 640, 340, 640, 840],
  bold: [350, 460, 520, 840, 700, 1000, 870, 310, 460, 460, 520, 840, 380, 420, 380, 370, 700, 700, 700, 700, 700, 700, 700, 700, 700, 700, 400, 400, 840, 840, 840, 580, 1000, 770, 760, 730, 830, 680, 680, 820, 840, 370, 370, 770, 640, 1000, 840, 850, 730, 850, 770, 680, 700, 810, 770, 1100, 770, 720, 730, 460, 370, 460, 840, 500, 500, 670, 720, 590, 720, 680, 410, 720, 710, 340, 340, 670, 340, 1040, 710, 690, 720, 720, 490, 600, 480, 710, 650, 920, 650, 650, 580, 710, 370, 710, 840],
} as const
/** Other characters (accented letters, curly quotes, dashes) are taken as a wide letter. */
const OTHER_WIDTH = { normal: 700, bold: 760 } as const

/** Width in pixels of `text` set in DejaVu Sans at `fontSize`. */
export function textWidth (text: string, fontSize: number, bold = false): number {
  const widths = bold ? ASCII_WIDTHS.bold : ASCII_WIDTHS.normal
  const other = bold ? OTHER_WIDTH.bold : OTHER_WIDTH.normal
  let thousandths = 0
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0
    thousandths += code >= 32 && code < 127 ? widths[code - 32] ?? other : other
  }
  return thousandths * fontSize / 1000
}

interface TextItem { fontSize?: number, fontWeight?: string | number }
// Vega lets a renderer without a canvas supply its own text measure (vl-convert does the same).
const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }
textMetrics.width = (item, text) => {
  const weight = item.fontWeight
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600)
  return textWidth(text == null ? '' : String(text).trim(), item.fontSize ?? 11, bold)
}

/** The chart as SVG, laid out by Vega without a browser or canvas. */
export async function renderChartSvg (spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/**
 * Renders the timeline's chart as PNG, or null when no entry is dated.
 * Rasterising runs off the event loop (resvg's async render uses libuv's
 * thread pool), so a bot stays responsive while a chart is drawn.
 */
export async function renderTimelineChart (timeline: Timeline, partial: Partial<ChartOptions> = {}): Promise<ChartImage | null> {
  const options = mergeChartOptions(partial)
  const spec = timelineChartSpec(timeline, options)
  if (spec === null) return null
  const svg = await renderChartSvg(spec)
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: options.scale },
    font: { loadSystemFonts: false, fontFiles: options.fontFiles, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    logLevel: 'off',
  })
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height }
}
