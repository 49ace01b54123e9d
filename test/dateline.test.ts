import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildLibrary } from '../src/core/library.js'
import { Dateline, type LibraryBuilder } from '../src/dateline.js'
import { scratchSeeds, SEED_IDS } from './helpers.js'

let scratch: Awaited<ReturnType<typeof scratchSeeds>>
beforeEach(async () => { scratch = await scratchSeeds() })
afterEach(async () => { await scratch.remove() })

const NEW_ARTICLE = 'Lavrov visits Delhi\n\n2 Feb, 2024 10:00\n\nSergey Lavrov arrived in New Delhi for talks on the Chennai-Vladivostok maritime corridor.'

describe('Dateline.reindex', () => {
  it('reports articles and passages added, removed and changed', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    await rm(join(scratch.dir, `${SEED_IDS.undated}.txt`))
    await scratch.write(`${SEED_IDS.valdai}.meta.json`, JSON.stringify({ outlet: 'RT' }))
    const outcome = await dateline.reindex()
    expect(outcome.status).toBe('done')
    if (outcome.status !== 'done') return
    expect(outcome.report).toMatchObject({
      swapped: true,
      articles: 5,
      problems: [],
      diff: { articles: { added: 1, removed: 1, changed: 1 }, passages: { added: 1, removed: 6, changed: 0 } },
    })
    expect(dateline.ask('Chennai-Vladivostok corridor').citations[0]?.articleId).toBe('005_new')
    expect(dateline.ask('Valdai club').citations[0]?.outlet).toBe('RT')
  })

  it('keeps the last good version of an article whose file breaks, and lists the file', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    await scratch.write(`${SEED_IDS.valdai}.txt`, 'Read Also: nothing\n\nLeave a Reply')
    await scratch.write('006_binary.txt', Buffer.from([0xc3, 0x28]))
    const outcome = await dateline.reindex()
    if (outcome.status !== 'done') throw new Error('expected a finished reindex')
    expect(outcome.report.problems).toEqual([
      `seed "${SEED_IDS.valdai}.txt": has no citable text after removing boilerplate`,
      'seed "006_binary.txt": is not UTF-8 text',
    ])
    expect(outcome.report.keptPrevious).toEqual([SEED_IDS.valdai])
    expect(outcome.report.diff).toMatchObject({ articles: { added: 0, removed: 0, changed: 0 } })
    expect(dateline.ask('Who chairs the Valdai club?').citations[0]?.articleId).toBe(SEED_IDS.valdai)
  })

  it('keeps the whole previous index when the folder cannot be read', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    const before = dateline.current
    await scratch.remove()
    const outcome = await dateline.reindex()
    if (outcome.status !== 'done') throw new Error('expected a finished reindex')
    expect(outcome.report).toMatchObject({ swapped: false, diff: null, articles: 5 })
    expect(outcome.report.problems[0]).toMatch(/^Dateline seeds: cannot read folder ".+" \(ENOENT\)$/)
    expect(dateline.current).toBe(before)
  })

  it('answers from the old index until the new one is complete, then swaps it in', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>(resolve => { release = resolve })
    let builds = 0
    const slowBuild: LibraryBuilder = async (articles, options) => {
      builds += 1
      if (builds > 1) await gate
      return buildLibrary(articles, options)
    }
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { build: slowBuild })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    const running = dateline.reindex('moderator-1')
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(dateline.reindexing).toBe(true)
    expect(dateline.ask('Chennai-Vladivostok corridor').answered).toBe(false)
    expect(dateline.ask('Who chairs the Valdai club?').answered).toBe(true)
    expect(await dateline.reindex('moderator-2')).toEqual({ status: 'busy', startedAt: expect.any(Number), startedBy: 'moderator-1' })
    release()
    expect((await running).status).toBe('done')
    expect(dateline.reindexing).toBe(false)
    expect(dateline.ask('Chennai-Vladivostok corridor').answered).toBe(true)
  })
})

describe('Dateline.open', () => {
  it('refuses to start with no readable article, naming the folder and the problems', async () => {
    for (const id of Object.values(SEED_IDS)) await rm(join(scratch.dir, `${id}.txt`))
    await scratch.write('bad.txt', 'Leave a Reply')
    await expect(Dateline.open({ kind: 'seeds', dir: scratch.dir })).rejects.toThrow(
      `Dateline: no article could be read from the seeds folder "${scratch.dir}": seed "bad.txt": has no citable text after removing boilerplate`)
  })
})
