/**
 * /timeline through the real discord.js client and the emulator: the embed,
 * the chart attached as a PNG, pages, and the undated section.
 */
import { decode } from 'fast-png'
import { describe, expect, it } from 'vitest'
import { startInWorker } from '../src/engine/worker-engine.js'
import type { JsonObject } from './emulator/index.js'
import { buttonsOf, embedOf, MANAGE_GUILD, useBot } from './bot-harness.js'

/**
 * The chart's declared size: 800×400 CSS pixels drawn at scale 2 (src/chart.ts). The chart module is not
 * imported here: Vega-Lite adds Set.prototype.toJSON, which breaks discord.js loaded after it, so the
 * bot draws charts in its search worker, as these specs do.
 */
const CHART_SIZE = [1600, 800]

const boot = useBot()

/** The buttons on a message with their ids. */
function buttons (message: Parameters<typeof buttonsOf>[0]): Array<{ label: string, id: string, disabled: boolean }> {
  return buttonsOf(message).map(b => ({ label: String(b.label), id: String(b.custom_id), disabled: b.disabled === true }))
}

/** A dated article on the Kestrel Bay terminal, from one of three outlets, a day apart from the others. */
function bayArticle (day: number): string {
  const date = new Date(Date.UTC(2024, 2, 1 + day)).toISOString().slice(0, 10)
  const outlet = ['Harbour Times', 'Coast Courier', 'Bay Ledger'][day % 3]
  return `Kestrel Bay terminal update ${day + 1}\n\nPublished: ${date}\n\nThe Kestrel Bay container terminal handled ${1000 + day * 37} ships this season, port officials said on day ${day + 1} of the inquiry into its expansion, which residents of the bay have opposed for months.\n\nFollow ${outlet} on WhatsApp for updates`
}

describe('/timeline', () => {
  it('answers with the dated articles in order, the undated ones apart, and the chart attached as a PNG of the declared size', async () => {
    const { emu } = await boot({ start: startInWorker })
    const timeline = emu.sendChatInput('timeline', { topic: 'India Russia' })
    await timeline.waitForEdit({ timeoutMs: 10_000 })
    expect(timeline.original?.ephemeral).toBe(true)
    const embed = embedOf(timeline.original)
    expect(embed['title']).toBe('Timeline: “India Russia”')
    const description = String(embed['description'])
    expect(description.split('\n').slice(0, 2)).toEqual([
      '3 dated articles from 13 Nov 2023 to 8 Jan 2024, charted per week · 2 undated.',
      'First reported: 13 Nov 2023 (byline), *Moscow and New Delhi hold bilateral talks* [1] (outlet not stated). 2 undated sources might be earlier.',
    ])
    // Dated entries in date order, then the undated ones under their own heading.
    const order = [...description.matchAll(/\*\*\[(\d+)\]\*\* ([^\n]*)/g)].map(match => [Number(match[1]), match[2]?.split(' · ')[0]])
    expect(order.map(([n]) => n)).toEqual([1, 2, 3, 4, 5])
    expect(order.slice(0, 3).map(([, date]) => date)).toEqual(['13 Nov 2023 (byline)', '28 Dec 2023 (inferred)', '8 Jan 2024 (byline)'])
    expect(description).toContain('\n\n**Undated**\n**[4]** *India And Russia Deepen Ties In Moscow Talks*\n> ')

    const files = timeline.requests.flatMap(request => request.files)
    expect(files.map(file => [file.name, file.contentType])).toEqual([['timeline.png', 'image/png']])
    const png = decode(files[0]?.data ?? new Uint8Array())
    expect([png.width, png.height]).toEqual(CHART_SIZE)
    expect(timeline.original?.attachments.map(a => a.filename)).toEqual(['timeline.png'])
    expect(buttons(timeline.original)).toEqual([])
  })

  it('turns pages with Previous and Next, the chart kept, and the owner\'s message rewritten', async () => {
    const { emu, seeds } = await boot({ start: startInWorker })
    for (let day = 0; day < 40; day += 1) await seeds.write(`bay_${String(day).padStart(2, '0')}.txt`, bayArticle(day))
    const reindex = emu.sendChatInput('reindex', undefined, { permissions: MANAGE_GUILD })
    await reindex.waitForEdit()
    const timeline = emu.sendChatInput('timeline', { topic: 'Kestrel Bay terminal', public: true }, { user: 'dana' })
    await timeline.waitForEdit({ timeoutMs: 10_000 })
    const first = embedOf(timeline.original)
    expect(String(first['description'])).toMatch(/^40 dated articles from 1 Mar 2024 to 9 Apr 2024, charted per week\.\nFirst reported: 1 Mar 2024 \(byline\) by Harbour Times/)
    expect(String(first['footer'] === undefined ? '' : (first['footer'] as JsonObject)['text'])).toMatch(/^Page 1 of (\d+) · verbatim excerpts, no generated text$/)
    expect(buttons(timeline.original).map(b => [b.label, b.disabled])).toEqual([['Previous', true], ['Next', false]])

    const next = emu.sendButton(buttons(timeline.original)[1]?.id ?? '', { message: timeline, user: 'dana' })
    await next.waitForResponse()
    const second = embedOf(timeline.original)
    expect(String((second['footer'] as JsonObject)['text'])).toMatch(/^Page 2 of \d+/)
    expect(String(second['description'])).not.toContain('First reported')
    expect(String(second['description'])).toMatch(/^\*\*\[\d+\]\*\* \d+ (Mar|Apr) 2024 \(byline\) · (Harbour Times|Coast Courier|Bay Ledger) · \*Kestrel Bay terminal update/)
    expect(timeline.original?.attachments.map(a => a.filename)).toEqual(['timeline.png'])
    expect(String(first['description']).length).toBeLessThanOrEqual(4096)

    // Someone else paging gets their own private copy, and the owner's message stays on page 2.
    const other = emu.sendButton(buttons(timeline.original)[0]?.id ?? '', { message: timeline, user: 'erin' })
    await other.waitForResponse()
    expect(other.original?.ephemeral).toBe(true)
    expect(String((embedOf(other.original)['footer'] as JsonObject)['text'])).toMatch(/^Page 1 of/)
    expect(String((embedOf(timeline.original)['footer'] as JsonObject)['text'])).toMatch(/^Page 2 of/)
  })

  it('says so when nothing on the topic is dated or found, without a chart', async () => {
    const { emu } = await boot({ start: startInWorker })
    const timeline = emu.sendChatInput('timeline', { topic: 'Orry Christmas Bollywood' })
    await timeline.waitForEdit()
    expect(embedOf(timeline.original)['description']).toBe('No coverage of “Orry Christmas Bollywood” in the indexed articles.')
    expect(timeline.requests.flatMap(request => request.files)).toEqual([])
  })

  it('refuses a malformed date privately, before searching', async () => {
    const { emu } = await boot({ start: startInWorker })
    const timeline = emu.sendChatInput('timeline', { topic: 'India Russia', since: 'last year' })
    await timeline.waitForResponse()
    expect(timeline.original).toMatchObject({ ephemeral: true, content: '`since` must be a date written as YYYY-MM-DD, for example 2024-01-08.' })
  })

  it('suggests outlets and articles for its source', async () => {
    const { emu } = await boot({ start: startInWorker })
    const complete = emu.sendAutocomplete('timeline', { topic: 'India', source: 'rt' }, { focused: 'source' })
    await complete.waitForResponse()
    expect(complete.choices?.[0]).toEqual({ name: 'RT India (outlet)', value: 'RT India' })
  })
})
