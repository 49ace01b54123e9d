/**
 * Ingesting into a large coverage folder while members keep asking, as the
 * bot runs it: the index in a worker thread, snapshots on disk, pages
 * fetched from a (loopback) web server, stored and appended in place.
 * Prints one JSON line.
 *
 *   tsx scripts/bench/ingest.ts --corpus FILE --questions FILE [--ingests 20]
 *
 * The corpus becomes a scratch coverage folder (each record a .txt article
 * with its sidecar, as a JSONL upload stores it), less its last N records,
 * which are served as news pages and ingested one after another. Measured
 * in the same run, with a question due every 50 ms throughout: question
 * latency with no ingests (the baseline) and while the N ingests run (one
 * every 400 ms at most); the time from each ingest asked to its article being
 * searchable, against a rebuild (how coverage got in before); the main
 * thread's longest stall in each phase; and the snapshot kept up to date by a
 * journal, against rewriting the whole snapshot (which would block the
 * worker).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { appendToLibrary } from '../../src/core/library.js'
import { prepareIngest } from '../../src/core/ingest.js'
import { Dateline } from '../../src/dateline.js'
import { startInWorker } from '../../src/engine/worker-engine.js'
import { decodeJournal, decodeSnapshot, encodeSnapshot } from '../../src/engine/snapshot.js'
import { Ingester } from '../../src/ingester.js'
import { forgetDigests, listNames, makeScratchDir, readBytes, readLines, readTextIfExists, removeDir, writeFileAtomically } from '../../src/io.js'
import { createLogger } from '../../src/log.js'
import { createFetcher } from '../../src/net/fetch.js'
import { timed, watchStalls } from './clock.js'
import { newsPage, type Row } from './pages.js'
import { percentile, type QuizQuestion } from './quality.js'

const { values } = parseArgs({ options: { corpus: { type: 'string' }, questions: { type: 'string' }, ingests: { type: 'string', default: '20' } } })
if (values.corpus === undefined || values.questions === undefined) throw new Error('bench ingest: --corpus and --questions are required')
const INGESTS = Number(values.ingests)
/** A question every 50 ms (20 a second), in every phase. */
const ASK_EVERY_MS = 50
const BASELINE_QUESTIONS = 200
/** Ingests start at most this often: 20 of them span about 8 seconds of questions. */
const INGEST_EVERY_MS = 400

const questions: QuizQuestion[] = []
for await (const line of readLines(values.questions)) questions.push(JSON.parse(line) as QuizQuestion)
const lines: string[] = []
for await (const line of readLines(values.corpus)) lines.push(line)
// One more than the ingests measured: a later ingest times the journal once the folder's digests are known.
const held = lines.splice(-(INGESTS + 1))

const ms = (value: number): number => Math.round(value)
const seconds = (value: number): number => Math.round(value / 100) / 10

function summary (measured: { latencies: number[], longestStallMs: number }): object {
  const { latencies } = measured
  return { questions: latencies.length, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), max: ms(latencies.at(-1) ?? 0), longestStallMs: measured.longestStallMs }
}

const scratch = await makeScratchDir('dateline-bench-ingest-')
const coverage = join(scratch, 'coverage')
const snapshots = join(scratch, 'snapshots')
const server = createServer((request, response) => {
  const index = Number(/^\/story\/(\d+)\.html$/.exec(request.url ?? '')?.[1] ?? NaN)
  const line = held[index]
  if (line === undefined) {
    response.writeHead(404).end()
    return
  }
  const record = JSON.parse(line) as Row
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  // Each page its own canonical address, so none is taken for a stored record.
  response.end(newsPage({ ...record, url: `https://bench.example/story/${index}` }))
})
await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

try {
  // The archive as a coverage folder, stored as a JSONL upload would be.
  const setup = await timed(async () => {
    const written = new Set<string>()
    const receivedAt = new Date().toISOString()
    for (let start = 0; start < lines.length; start += 64) {
      const writes: Array<Promise<void>> = []
      for (const line of lines.slice(start, start + 64)) {
        for (const article of prepareIngest({ kind: 'file', name: 'archive.jsonl', bytes: Buffer.from(line), receivedAt }).articles) {
          if (written.has(article.id)) continue
          written.add(article.id)
          writes.push(writeFileAtomically(join(coverage, article.sidecarName), JSON.stringify(article.sidecar)))
          writes.push(writeFileAtomically(join(coverage, article.fileName), article.bytes))
        }
      }
      await Promise.all(writes)
    }
    return written.size
  })

  const location = { kind: 'seeds' as const, dir: coverage }
  const cold = await timed(async () => await Dateline.open(location, { start: startInWorker, snapshotDir: snapshots }))
  const { dateline } = cold.value
  // As in the bot, which logs in meanwhile: questions arrive once the engine has settled.
  await dateline.settled()
  const articlesBefore = dateline.sources().length
  // Restarts are new processes: they read every file of the folder to hash it.
  forgetDigests()
  const warm = await timed(async () => await Dateline.open(location, { start: startInWorker, snapshotDir: snapshots }))
  await warm.value.dateline.close()

  const fetcher = createFetcher({ allowHosts: ['127.0.0.1'] })
  const ingester = new Ingester({ coverageDir: coverage, target: dateline, fetcher, logger: createLogger({ secrets: [], level: 'silent' }), journalDelayMs: 60_000 })
  // The bot computes these once at start, between questions, and starts its page reader.
  const keys = await timed(async () => await dateline.coverageKeys())
  await ingester.warm()

  /**
   * Asks a question every ASK_EVERY_MS while `work` runs, and at least
   * `minimum` questions. Latency counts from when a question was due, not
   * when the timer got to send it, so a stalled main thread shows in it too.
   * Also returns the main thread's longest stall (a 10 ms ticker's gaps).
   */
  async function phase (minimum: number, work: () => Promise<void>): Promise<{ latencies: number[], longestStallMs: number }> {
    const latencies: number[] = []
    const pending: Array<Promise<void>> = []
    const stalls = watchStalls()
    const state = { done: false }
    const working = work().then(() => { state.done = true })
    const started = performance.now()
    for (let asked = 0; !state.done || asked < minimum; asked += 1) {
      const due = started + asked * ASK_EVERY_MS
      await new Promise(resolve => setTimeout(resolve, Math.max(0, due - performance.now())))
      const question = questions[asked % questions.length]
      if (question !== undefined) pending.push(dateline.ask(question.question, { asOf: question.date }).then(() => { latencies.push(performance.now() - due) }))
    }
    await working
    await Promise.all(pending)
    return { latencies: latencies.sort((a, b) => a - b), longestStallMs: ms(stalls.stop()) }
  }

  const baseline = await phase(BASELINE_QUESTIONS, async () => {})

  const toSearchable: number[] = []
  const ingestMs: number[] = []
  let added = 0
  // The ingests come one after another, a new one every INGEST_EVERY_MS (or as soon as the last is done).
  const during = await phase(0, async () => {
    for (let i = 0; i < INGESTS; i += 1) {
      const started = performance.now()
      const outcome = await ingester.ingest({ via: 'url', url: `${origin}/story/${i}.html` })
      ingestMs.push(performance.now() - started)
      const article = outcome.added[0]
      if (article === undefined) throw new Error(`bench ingest: story ${i} was not added: ${JSON.stringify(outcome)}`)
      added += 1
      // Searchable: a question limited to the new article finds it.
      const answer = await dateline.ask(article.title, { source: article.id })
      if (!answer.answered) throw new Error(`bench ingest: "${article.title}" not searchable after its ingest`)
      toSearchable.push(performance.now() - started)
      await new Promise(resolve => setTimeout(resolve, Math.max(0, INGEST_EVERY_MS - (performance.now() - started))))
    }
  })

  // The first journal after a start reads every file of the folder; later ones only new and changed files.
  let journalMs = 0
  const whileJournaling = await phase(0, async () => { journalMs = (await timed(async () => await ingester.writeJournal())).ms })
  const later = await ingester.ingest({ via: 'url', url: `${origin}/story/${INGESTS}.html` })
  if (later.outcome !== 'added') throw new Error(`bench ingest: the last story was not added: ${JSON.stringify(later)}`)
  let laterJournalMs = 0
  const whileJournalingAgain = await phase(0, async () => { laterJournalMs = (await timed(async () => await ingester.writeJournal())).ms })
  const journalName = (await listNames(snapshots)).find(name => name.endsWith('.journal'))
  const journalText = journalName === undefined ? null : await readTextIfExists(join(snapshots, journalName))
  const journalKB = journalText === null ? 0 : Math.round(Buffer.byteLength(journalText) / 1024)
  await ingester.close()
  await fetcher.close()
  await dateline.close()

  // The alternative kept out: a whole new snapshot, encoded where the index lives (blocking the worker's questions).
  const parsed = journalText === null ? null : decodeJournal(journalText)
  const base = parsed === null ? null : await readBytes(join(snapshots, parsed.base))
  const restored = base === null || parsed === null ? null : decodeSnapshot(base)
  let rewrite = { encodeMs: 0, writeMs: 0, megabytes: 0 }
  if (restored !== null && parsed !== null) {
    const library = appendToLibrary(restored, parsed.articles)
    const encoded = await timed(async () => encodeSnapshot(library))
    const written = await timed(async () => await writeFileAtomically(join(scratch, 'rewritten.snapshot'), encoded.value))
    rewrite = { encodeMs: ms(encoded.ms), writeMs: ms(written.ms), megabytes: Math.round(encoded.value.reduce((sum, chunk) => sum + chunk.length, 0) / 1e6) }
  }

  forgetDigests()
  const restart = await timed(async () => await Dateline.open(location, { start: startInWorker, snapshotDir: snapshots }))
  const articlesAfter = restart.value.dateline.sources().length
  await restart.value.dateline.close()

  toSearchable.sort((a, b) => a - b)
  ingestMs.sort((a, b) => a - b)
  process.stdout.write(`${JSON.stringify({
    articles: articlesBefore,
    stored: setup.value,
    setupS: seconds(setup.ms),
    coldStartS: seconds(cold.ms),
    restartFromSnapshotS: seconds(warm.ms),
    coverageKeysS: seconds(keys.ms),
    ingests: added,
    baseline: summary(baseline),
    during: summary(during),
    ingestMs: { p50: percentile(ingestMs, 0.5), max: ms(ingestMs.at(-1) ?? 0) },
    toSearchableMs: { p50: percentile(toSearchable, 0.5), max: ms(toSearchable.at(-1) ?? 0) },
    journal: { ms: ms(journalMs), kilobytes: journalKB, questionP99: percentile(whileJournaling.latencies, 0.99), longestStallMs: whileJournaling.longestStallMs },
    laterJournal: { ms: ms(laterJournalMs), questionP99: percentile(whileJournalingAgain.latencies, 0.99), longestStallMs: whileJournalingAgain.longestStallMs },
    fullRewrite: rewrite,
    restartWithJournalS: seconds(restart.ms),
    restartFromJournal: restart.value.fromSnapshot,
    articlesAfterRestart: articlesAfter,
  })}\n`)
} finally {
  server.close()
  await removeDir(scratch)
}
