import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import { decode } from 'fast-png'
import { describe, expect, it } from 'vitest'
import { runCliCapturing } from './cli-helpers.js'
import { scratchSeeds, SEED_IDS } from './helpers.js'

const cli = async (argv: string[]): ReturnType<typeof runCliCapturing> => await runCliCapturing(argv)

describe('npm run ask -- --timeline', () => {
  it('prints the timeline as JSON: topic, buckets, dated entries and undated ones', async () => {
    const { code, stdout, stderr } = await cli(['--timeline', 'India Russia', '--json'])
    expect([code, stderr]).toEqual([0, ''])
    const timeline = JSON.parse(stdout)
    expect(Object.keys(timeline)).toEqual(['topic', 'granularity', 'firstReported', 'buckets', 'entries', 'undated'])
    expect(timeline.topic).toBe('India Russia')
    expect(timeline.buckets[0]).toEqual({ start: '2023-11-13', count: 1, outlets: { 'outlet not stated': 1 } })
    expect(timeline.buckets.map((b: { count: number }) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 1])
    expect(timeline.entries.map((e: Record<string, unknown>) => [e.n, e.date, e.dateSource, e.articleId, e.outlet])).toEqual([
      [1, '2023-11-13', 'byline', SEED_IDS.kwatra, null],
      [2, '2023-12-28', 'inferred', SEED_IDS.putin, null],
      [3, '2024-01-08', 'byline', SEED_IDS.valdai, 'RT India'],
    ])
    expect(Object.keys(timeline.entries[0])).toEqual(['n', 'date', 'dateSource', 'articleId', 'title', 'outlet', 'excerpt'])
    expect(timeline.entries[2].excerpt).toBe("Foreign policy experts from Russia and India have been discussing the outcome of the recent visit to Moscow by Indian Foreign Minister Subrahmanyam Jaishankar and key trends in the countries' bilateral relationship.")
    expect(timeline.undated.map((e: Record<string, unknown>) => [e.date, e.dateSource])).toEqual([[null, 'unknown'], [null, 'unknown']])
    expect(timeline.firstReported).toMatchObject({ articleId: SEED_IDS.kwatra, undatedMightBeEarlier: 2 })
  })

  it('applies --since, --until and --source (an outlet here)', async () => {
    const ids = async (argv: string[]): Promise<string[]> => JSON.parse((await cli(['--timeline', 'India Russia', '--json', ...argv])).stdout).entries.map((e: { articleId: string }) => e.articleId)
    expect(await ids(['--since', '2023-12-01'])).toEqual([SEED_IDS.putin, SEED_IDS.valdai])
    expect(await ids(['--until', '2023-12-31'])).toEqual([SEED_IDS.kwatra, SEED_IDS.putin])
    expect(await ids(['--source', 'RT India'])).toEqual([SEED_IDS.valdai])
  })

  it('prints the timeline as text and writes the chart with --chart', async () => {
    const scratch = await scratchSeeds()
    try {
      const file = join(scratch.dir, 'out', 'timeline.png')
      const { code, stdout, stderr } = await cli(['--timeline', 'India Russia', '--chart', file])
      expect(code).toBe(0)
      expect(stdout.startsWith('**Timeline: “India Russia”**\n\n3 dated articles from 13 Nov 2023 to 8 Jan 2024, charted per week · 2 undated.\n')).toBe(true)
      expect(stderr).toBe(`chart written to ${file} (1600×800 PNG)\n`)
      const image = decode(await readFile(file))
      expect([image.width, image.height]).toEqual([1600, 800])
    } finally {
      await scratch.remove()
    }
  })

  it('writes no chart when nothing matching is dated, and says so', async () => {
    const { code, stderr } = await cli(['--timeline', 'Shanghai Cooperation Organization', '--chart', 'never-written.png'])
    expect(code).toBe(0)
    expect(stderr).toBe('warning: no chart written to never-written.png: no matching article is dated\n')
  })

  it('explains options that do not go together and exits 2', async () => {
    const usage = async (argv: string[]): Promise<[number, string]> => {
      const { code, stderr } = await cli(argv)
      return [code, stderr.split('\n')[0] ?? '']
    }
    expect(await usage(['--chart', 'out.png', 'Valdai'])).toEqual([2, 'error: --chart goes with --timeline "topic"'])
    expect(await usage(['--timeline', 'Valdai', 'who chairs it?'])).toEqual([2, 'error: give either a question or --timeline "topic", not both (got "who chairs it?")'])
    expect(await usage(['--timeline', 'Valdai', '--as-of', '2024-01-01'])).toEqual([2, 'error: --as-of does not apply to --timeline; use --until'])
  })
})
