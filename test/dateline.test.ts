import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Dateline, type EngineEvent } from '../src/dateline.js'
import { startInProcess, type EngineStarter } from '../src/engine/engine.js'
import { startInWorker, WorkerEngine } from '../src/engine/worker-engine.js'
import { parseSeeds } from '../src/core/coverage.js'
import type { Article } from '../src/core/types.js'
import { JOURNAL_FOLD_ARTICLES } from '../src/engine/load.js'
import { readSeedFiles } from '../src/io.js'
import { GOLDEN, scratchSeeds, SEED_IDS } from './helpers.js'

let scratch: Awaited<ReturnType<typeof scratchSeeds>>
beforeEach(async () => { scratch = await scratchSeeds() })
afterEach(async () => { await scratch.remove() })

/** A promise that resolves when opened: a step of a build held back until a test lets it go. */
function gate (): { opened: Promise<void>, open: () => void } {
  let open: () => void = () => {}
  const opened = new Promise<void>(resolve => { open = resolve })
  return { opened, open }
}

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
      diff: { articles: { added: 1, removed: 1, changed: 1 }, passages: { added: 1, removed: 5, changed: 0 } },
    })
    expect((await dateline.ask('Chennai-Vladivostok corridor')).citations[0]?.articleId).toBe('005_new')
    expect((await dateline.ask('Valdai club')).citations[0]?.outlet).toBe('RT')
  })

  it('counts an edited paragraph as a changed passage', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    const path = join(scratch.dir, `${SEED_IDS.kwatra}.txt`)
    await scratch.write(`${SEED_IDS.kwatra}.txt`, (await readFile(path, 'utf8')).replace('nearly $44 billion', 'nearly $45 billion'))
    const outcome = await dateline.reindex()
    if (outcome.status !== 'done') throw new Error('expected a finished reindex')
    expect(outcome.report.diff).toEqual({ articles: { added: 0, removed: 0, changed: 1 }, passages: { added: 0, removed: 0, changed: 1 } })
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
    expect((await dateline.ask('Who chairs the Valdai club?')).citations[0]?.articleId).toBe(SEED_IDS.valdai)
  })

  it('keeps the whole previous index when the folder cannot be read', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    const before = dateline.catalog
    await scratch.remove()
    const outcome = await dateline.reindex()
    if (outcome.status !== 'done') throw new Error('expected a finished reindex')
    expect(outcome.report).toMatchObject({ swapped: false, diff: null, articles: 5 })
    expect(outcome.report.problems[0]).toMatch(/^Dateline seeds: cannot read folder ".+" \(ENOENT\)$/)
    expect(dateline.catalog).toBe(before)
  })

  it('answers from the old index until the new one is complete, then swaps it in', async () => {
    const rebuild = gate()
    let builds = 0
    const slowBuild: EngineStarter = async request => {
      builds += 1
      if (builds > 1) await rebuild.opened
      return await startInProcess(request)
    }
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start: slowBuild })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    const running = dateline.reindex('moderator-1')
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(dateline.reindexing).toBe(true)
    expect((await dateline.ask('Chennai-Vladivostok corridor')).answered).toBe(false)
    expect((await dateline.ask('Who chairs the Valdai club?')).answered).toBe(true)
    expect(await dateline.reindex('moderator-2')).toEqual({ status: 'busy', startedAt: expect.any(Number), startedBy: 'moderator-1' })
    rebuild.open()
    expect((await running).status).toBe('done')
    expect(dateline.reindexing).toBe(false)
    expect((await dateline.ask('Chennai-Vladivostok corridor')).answered).toBe(true)
  })

  it('lets the rebuilt engine take over only once it has settled (built its source finder, warmed up)', async () => {
    const settling = gate()
    let builds = 0
    const unsettled: EngineStarter = async request => {
      builds += 1
      const started = await startInProcess(request)
      if (builds > 1) started.engine.settled = async () => await settling.opened
      return started
    }
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start: unsettled })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    const running = dateline.reindex()
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(builds).toBe(2)
    expect((await dateline.ask('Chennai-Vladivostok corridor')).answered).toBe(false)
    settling.open()
    expect((await running).status).toBe('done')
    expect((await dateline.ask('Chennai-Vladivostok corridor')).answered).toBe(true)
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

describe('Dateline in a worker thread', () => {
  it('answers and finds sources exactly as the in-process engine does', async () => {
    const inProcess = await Dateline.open({ kind: 'seeds', dir: scratch.dir })
    const inWorker = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start: startInWorker })
    try {
      for (const question of ['Who chairs the Valdai club?', 'How much is India-Russia trade worth?', 'Orry Christmas Bollywood']) {
        expect(await inWorker.dateline.ask(question)).toEqual(await inProcess.dateline.ask(question))
      }
      expect(inWorker.dateline.catalog).toEqual(inProcess.dateline.catalog)
      for (const typed of ['val', 'Jaishenkar', 'jan 2024', '']) {
        expect(await inWorker.dateline.findSources(typed, 25)).toEqual(await inProcess.dateline.findSources(typed, 25))
      }
      await inWorker.dateline.settled()
      expect(await inWorker.dateline.ask('Who chairs the Valdai club?')).toEqual(await inProcess.dateline.ask('Who chairs the Valdai club?'))
    } finally {
      await inWorker.dateline.close()
    }
  })

  it('reindexes in a new worker, keeping a broken file\'s last good version from the old one', async () => {
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start: startInWorker })
    try {
      await scratch.write(`${SEED_IDS.valdai}.txt`, 'Leave a Reply')
      await scratch.write('005_new.txt', NEW_ARTICLE)
      const outcome = await dateline.reindex()
      if (outcome.status !== 'done') throw new Error('expected a finished reindex')
      expect(outcome.report).toMatchObject({ swapped: true, articles: 6, keptPrevious: [SEED_IDS.valdai], diff: { articles: { added: 1, removed: 0, changed: 0 } } })
      expect((await dateline.ask('Who chairs the Valdai club?')).citations[0]?.articleId).toBe(SEED_IDS.valdai)
      expect((await dateline.ask('Chennai-Vladivostok corridor')).citations[0]?.articleId).toBe('005_new')
    } finally {
      await dateline.close()
    }
  })
})

describe('Dateline when its search worker crashes', () => {
  it('fails the questions in flight, starts a new worker and answers again', async () => {
    const workers: WorkerEngine[] = []
    const events: EngineEvent[] = []
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, {
      start: async request => {
        const started = await startInWorker(request)
        if (started.engine instanceof WorkerEngine) workers.push(started.engine)
        return started
      },
      onEngineEvent: event => events.push(event),
    })
    try {
      const inFlight = dateline.ask(GOLDEN.question)
      await workers[0]?.kill()
      await expect(inFlight).rejects.toThrow('Dateline search worker: exited with code 1')
      const answer = await dateline.ask(GOLDEN.question)
      expect(answer.citations[0]?.excerpt).toContain(GOLDEN.excerpt)
      expect(workers).toHaveLength(2)
      expect(events.map(e => e.type)).toEqual(['failed', 'restarted'])
    } finally {
      await dateline.close()
    }
  })

  it('does not restart a worker it closed itself', async () => {
    const events: EngineEvent[] = []
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start: startInWorker, onEngineEvent: event => events.push(event) })
    await dateline.ask(GOLDEN.question)
    await dateline.close()
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(events).toEqual([])
    await expect(dateline.ask(GOLDEN.question)).rejects.toThrow('Dateline search worker: closed')
  })
})

describe('index snapshots', () => {
  it('load unchanged coverage from the snapshot and rebuild when a file changes', async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    const first = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    const second = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect([first.fromSnapshot, second.fromSnapshot]).toEqual([false, true])
    expect(second.dateline.catalog).toEqual(first.dateline.catalog)
    expect(await second.dateline.ask('How much is India-Russia trade worth?')).toEqual(await first.dateline.ask('How much is India-Russia trade worth?'))
    await scratch.write('005_new.txt', NEW_ARTICLE)
    const third = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(third.fromSnapshot).toBe(false)
    expect(third.dateline.catalog.sources).toHaveLength(6)
  })

  it('are rebuilt when damaged', async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    const [file] = await readdir(snapshotDir)
    await writeFile(join(snapshotDir, file ?? ''), 'not a snapshot')
    const again = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(again.fromSnapshot).toBe(false)
    expect((await again.dateline.ask('Who chairs the Valdai club?')).answered).toBe(true)
  })

  it('are brought up to date after appends by a journal: a restart loads the snapshot and the journal, not the folder', async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    const first = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(await first.dateline.saveJournal()).toEqual({ status: 'nothing appended' })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    const [added] = parseSeeds(await readSeedFiles(scratch.dir)).articles.filter(a => a.id === '005_new')
    if (added === undefined) throw new Error('expected the new seed to parse')
    await first.dateline.append([added])
    const saved = await first.dateline.saveJournal()
    const journal = saved.status === 'written' ? saved.name : ''
    expect(journal).toMatch(/^dateline-[0-9a-f]{24}\.journal$/)
    const files = await readdir(snapshotDir)
    expect(files).toHaveLength(2)
    expect(files).toContain(journal)

    const again = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(again.fromSnapshot).toBe(true)
    expect(again.dateline.catalog).toEqual(first.dateline.catalog)
    expect((await again.dateline.ask('Chennai-Vladivostok corridor')).citations[0]?.articleId).toBe('005_new')

    // Any other change to the folder, and the journal no longer describes it.
    await scratch.write('006_other.txt', NEW_ARTICLE.replace('Lavrov', 'Shoigu'))
    expect((await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })).fromSnapshot).toBe(false)
  })

  it(`fold a journal of ${JOURNAL_FOLD_ARTICLES} articles into a new snapshot when loading it`, async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    for (let i = 0; i < JOURNAL_FOLD_ARTICLES; i += 1) await scratch.write(`wire-${i}.txt`, `Wire story ${i}\n\nHarbour bulletin number ${i} reports calm seas.`)
    await dateline.append(parseSeeds(await readSeedFiles(scratch.dir)).articles.filter(a => a.id.startsWith('wire-')))
    await dateline.saveJournal()
    const folded = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(folded.fromSnapshot).toBe(true)
    expect(folded.dateline.sources()).toHaveLength(5 + JOURNAL_FOLD_ARTICLES)
    expect((await readdir(snapshotDir)).filter(name => name.endsWith('.journal'))).toEqual([])
    const direct = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(direct.fromSnapshot).toBe(true)
    expect(direct.dateline.catalog).toEqual(folded.dateline.catalog)
  })

  it('are not journaled when the folder changed besides the appends, so a file copied in by hand is read at the next start', async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    await dateline.append(parseSeeds(await readSeedFiles(scratch.dir)).articles.filter(a => a.id === '005_new'))
    await scratch.write('006_by_hand.txt', 'Copied in by hand\n\nA moderator copied this article about the Arctic shipping lane into the folder.')
    expect(await dateline.saveJournal()).toEqual({ status: 'coverage changed otherwise' })
    const again = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(again.fromSnapshot).toBe(false)
    expect((await again.dateline.ask('Arctic shipping lane')).citations[0]?.articleId).toBe('006_by_hand')
  })

  it('rebuild when a journal\'s snapshot is gone', async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    await scratch.write('005_new.txt', NEW_ARTICLE)
    await dateline.append(parseSeeds(await readSeedFiles(scratch.dir)).articles.filter(a => a.id === '005_new'))
    await dateline.saveJournal()
    for (const name of await readdir(snapshotDir)) if (name.endsWith('.snapshot')) await rm(join(snapshotDir, name))
    const again = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(again.fromSnapshot).toBe(false)
    expect(again.dateline.sources()).toHaveLength(6)
  })

  it('are not written while a file is broken, so the problem is reported on every start', async () => {
    const snapshotDir = join(scratch.dir, '.snapshots')
    await scratch.write('bad.txt', 'Leave a Reply')
    await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    const again = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { snapshotDir })
    expect(again).toMatchObject({ fromSnapshot: false, problems: ['seed "bad.txt": has no citable text after removing boilerplate'] })
  })
})

const KESTREL: Article = {
  id: 'ledger-kestrel-bay',
  title: 'Kestrel Bay terminal expansion approved',
  date: '2024-03-14',
  time: '09:30',
  dateSource: 'metadata',
  outlet: 'Coastal Ledger',
  url: 'https://ledger.example/news/kestrel-bay',
  paragraphs: [{ text: 'The port authority approved the Kestrel Bay terminal expansion, adding two deep-water berths.', heading: null }],
}

describe('Dateline.append', () => {
  for (const [where, start] of [['in this thread', startInProcess], ['in a worker thread', startInWorker]] as const) {
    it(`adds an article to the index in service ${where}: searchable, listed, and known by address and text`, async () => {
      const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start })
      try {
        const keysBefore = await dateline.coverageKeys()
        expect(keysBefore.byUrl.size).toBe(0)
        expect(keysBefore.byText.size).toBe(5)
        const [summary] = await dateline.append([KESTREL])
        expect(summary).toEqual({ id: KESTREL.id, title: KESTREL.title, outlet: 'Coastal Ledger', date: '2024-03-14', time: '09:30', dateSource: 'metadata', url: KESTREL.url, passages: 1 })
        expect((await dateline.ask('Kestrel Bay terminal')).citations[0]?.articleId).toBe(KESTREL.id)
        expect(dateline.sources().map(s => s.id).at(-1)).toBe(KESTREL.id)
        expect(dateline.catalog.passageCount).toBe(dateline.sources().reduce((sum, s) => sum + s.passages, 0))
        expect(await dateline.append([KESTREL])).toEqual([summary])
        expect(dateline.sources()).toHaveLength(6)
      } finally {
        await dateline.close()
      }
    })
  }

  it('gives a rebuild that read the folder before an ingest the article it missed', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>(resolve => { release = resolve })
    let builds = 0
    const slowBuild: EngineStarter = async request => {
      builds += 1
      if (builds === 1) return await startInProcess(request)
      const started = await startInProcess(request)
      await gate
      return started
    }
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, { start: slowBuild })
    const running = dateline.reindex()
    await new Promise(resolve => setTimeout(resolve, 20))
    await dateline.append([KESTREL])
    expect((await dateline.ask('Kestrel Bay terminal')).answered).toBe(true)
    release()
    const outcome = await running
    expect(outcome).toMatchObject({ status: 'done', report: { swapped: true, articles: 6 } })
    expect((await dateline.ask('Kestrel Bay terminal')).citations[0]?.articleId).toBe(KESTREL.id)
  })

  it('after a worker crash, appends to its replacement', async () => {
    const workers: WorkerEngine[] = []
    const { dateline } = await Dateline.open({ kind: 'seeds', dir: scratch.dir }, {
      start: async request => {
        const started = await startInWorker(request)
        if (started.engine instanceof WorkerEngine) workers.push(started.engine)
        return started
      },
    })
    try {
      const appending = dateline.append([KESTREL])
      await workers[0]?.kill()
      await appending
      expect(workers).toHaveLength(2)
      expect((await dateline.ask('Kestrel Bay terminal')).citations[0]?.articleId).toBe(KESTREL.id)
    } finally {
      await dateline.close()
    }
  })
})
