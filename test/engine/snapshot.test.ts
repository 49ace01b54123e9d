import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { answerQuestion } from '../../src/core/answer.js'
import { catalogOf } from '../../src/core/catalog.js'
import { withTermVectors } from '../../src/core/library.js'
import { pruneSnapshots } from '../../src/engine/load.js'
import { decodeJournal, decodeSnapshot, encodeJournal, encodeSnapshot, isJournalName, isSnapshotName, journalName, snapshotName } from '../../src/engine/snapshot.js'
import { article, GOLDEN, scratchSeeds, shippedLibrary } from '../helpers.js'

const bytesOf = (chunks: Buffer[]): Buffer => Buffer.concat(chunks)

describe('snapshots', () => {
  it('restore a library that, given the word vectors again, answers exactly as the one saved', async () => {
    const library = await shippedLibrary()
    const decoded = decodeSnapshot(bytesOf(encodeSnapshot(library)))
    if (decoded === null) throw new Error('expected the snapshot to decode')
    expect(decoded.termVectors).toBeNull()
    const restored = withTermVectors(decoded, library.termVectors)
    expect(catalogOf(restored)).toEqual(catalogOf(library))
    for (const question of [GOLDEN.question, 'How much is India-Russia trade worth?', 'Jaishenkar Putin']) {
      expect(answerQuestion(restored, question)).toEqual(answerQuestion(library, question))
    }
  })

  it('are refused when cut short, of another format, or not snapshots at all', async () => {
    const bytes = bytesOf(encodeSnapshot(await shippedLibrary()))
    expect(decodeSnapshot(bytes.subarray(0, bytes.length - 100))).toBeNull()
    expect(decodeSnapshot(Buffer.from('not a snapshot'))).toBeNull()
    const header = JSON.parse(bytes.toString('utf8', 4, 4 + bytes.readUInt32LE(0))) as { format: number }
    const otherFormat = Buffer.from(JSON.stringify({ ...header, format: header.format + 1 }))
    const length = Buffer.alloc(4)
    length.writeUInt32LE(otherFormat.length)
    expect(decodeSnapshot(Buffer.concat([length, otherFormat, bytes.subarray(4 + bytes.readUInt32LE(0))]))).toBeNull()
  })

  it('are named by coverage and index options, so either change means a new snapshot', () => {
    const name = snapshotName('coverage-a', {})
    expect(isSnapshotName(name)).toBe(true)
    expect(snapshotName('coverage-a', {})).toBe(name)
    expect(snapshotName('coverage-b', {})).not.toBe(name)
    expect(snapshotName('coverage-a', { ranking: { titleWeight: 2 } })).not.toBe(name)
    expect(isSnapshotName('notes.txt')).toBe(false)
  })
})

describe('snapshot journals', () => {
  it('read back what was written, and are named like the snapshot of the same coverage', () => {
    const base = snapshotName('coverage-a', {})
    const journal = { base, baseHash: 'coverage-a', articles: [article('kestrel', ['Kestrel Bay terminal approved.'])] }
    expect(decodeJournal(encodeJournal(journal))).toEqual(journal)
    expect(journalName('coverage-b', {})).toBe(snapshotName('coverage-b', {}).replace('.snapshot', '.journal'))
    expect(isJournalName(journalName('coverage-b', {}))).toBe(true)
    expect(isSnapshotName(journalName('coverage-b', {}))).toBe(false)
  })

  it('are refused when damaged, of another format, or naming anything but a snapshot as their base', () => {
    const good = JSON.parse(encodeJournal({ base: snapshotName('a', {}), baseHash: 'a', articles: [] })) as Record<string, unknown>
    expect(decodeJournal('{"format":')).toBeNull()
    expect(decodeJournal(JSON.stringify({ ...good, format: -1 }))).toBeNull()
    expect(decodeJournal(JSON.stringify({ ...good, base: '../../etc/passwd' }))).toBeNull()
    expect(decodeJournal(JSON.stringify({ ...good, articles: 'none' }))).toBeNull()
  })
})

describe('pruneSnapshots', () => {
  let scratch: Awaited<ReturnType<typeof scratchSeeds>>
  beforeEach(async () => { scratch = await scratchSeeds() })
  afterEach(async () => { await scratch.remove() })

  it('keeps the snapshot in use and the most recently used spare, and nothing else of its own', async () => {
    const dir = join(scratch.dir, '.snapshots')
    await mkdir(dir)
    const names = ['a', 'b', 'c', 'd'].map(coverage => snapshotName(coverage, {}))
    for (const [age, name] of names.entries()) {
      await writeFile(join(dir, name), 'x')
      const when = new Date(Date.now() - age * 60_000)
      await utimes(join(dir, name), when, when)
    }
    await writeFile(join(dir, 'README.txt'), 'not ours')
    const removed = await pruneSnapshots(dir, names[3] ?? '')
    expect(removed.sort()).toEqual([names[1], names[2]].sort())
    expect((await readdir(dir)).sort()).toEqual(['README.txt', names[0], names[3]].sort())
  })

  it('copes with a folder that does not exist yet', async () => {
    expect(await pruneSnapshots(join(scratch.dir, 'absent'), snapshotName('a', {}))).toEqual([])
  })
})
