/**
 * The reader worker: turns fetched pages and uploaded files into the
 * articles to store (prepareIngest: decoding, a DOM, Readability, the text
 * rules), off the main thread. A page takes 5-30 ms to read once warm, and
 * hundreds of milliseconds the first time or when it is large; the main
 * thread meanwhile keeps Discord's heartbeats and replies going.
 */
import { parentPort } from 'node:worker_threads'
import { parseSeedsReported } from '../core/coverage.js'
import { prepareIngest } from '../core/ingest.js'
import type { ReaderApi } from './reader.js'
import { Channel } from './rpc.js'

const port = parentPort
if (port === null) throw new Error('Dateline reader worker: must run in a worker thread')

// Kept for its listener: the channel serves calls for as long as the thread runs.
export const channel = new Channel<Record<never, never>, ReaderApi>(port, {
  prepare: input => {
    const { articles, problems } = prepareIngest(input)
    // Failures travel as their sentences: error classes do not survive the boundary.
    return { articles, problems: problems.map(problem => ({ message: problem.message })) }
  },
  parseSeeds: parseSeedsReported,
}, 'Dateline reader worker')
