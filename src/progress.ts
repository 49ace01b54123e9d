/**
 * Progress of long work (reading and indexing a large archive) for the
 * person waiting: a bar at a terminal, a line now and then otherwise. Short
 * work shows nothing: the seeds index in milliseconds.
 */
import { SingleBar } from 'cli-progress'
import type { LoadProgress } from './engine/load.js'

export interface ProgressSink { write: (text: string) => unknown, isTTY?: boolean }

export interface ProgressOptions {
  /** Nothing is shown for work that ends sooner. Default 1000 ms. */
  quietMs: number
  /** Plain lines no more often than this. Default 5000 ms. */
  lineEveryMs: number
  now: () => number
  /** Where a plain line goes when the sink is no terminal. Default: written to the sink. */
  line: ((message: string, progress: LoadProgress) => void) | null
}

const defaults: ProgressOptions = { quietMs: 1000, lineEveryMs: 5000, now: () => Date.now(), line: null }

export interface ProgressReporter {
  update: (progress: LoadProgress) => void
  /** Ends the bar (or says nothing more). */
  done: () => void
}

export function describeProgress ({ stage, done, total }: LoadProgress): string {
  if (stage === 'indexing' || stage === 'reading') {
    const count = total === null ? `${done.toLocaleString('en-US')}` : `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`
    return `${stage === 'reading' ? 'reading' : 'indexing'} ${count} articles`
  }
  return stage
}

/** Reports to a terminal with a bar, or to anything else with a plain line every few seconds. */
export function progressReporter (sink: ProgressSink, partial: Partial<ProgressOptions> = {}): ProgressReporter {
  const options = { ...defaults, ...partial }
  const started = options.now()
  let lastLine = -Infinity
  let bar: SingleBar | null = null
  let barStage: string | null = null

  const stopBar = (): void => {
    bar?.stop()
    bar = null
    barStage = null
  }

  return {
    update (progress) {
      const now = options.now()
      if (now - started < options.quietMs) return
      if (sink.isTTY !== true) {
        if (now - lastLine < options.lineEveryMs) return
        lastLine = now
        if (options.line !== null) options.line(describeProgress(progress), progress)
        else sink.write(`Dateline: ${describeProgress(progress)}\n`)
        return
      }
      if (progress.total === null) {
        stopBar()
        sink.write(`\rDateline: ${describeProgress(progress)}`.padEnd(60))
        return
      }
      if (barStage !== progress.stage) {
        stopBar()
        sink.write('\r')
        bar = new SingleBar({
          stream: sink as NodeJS.WritableStream,
          format: `Dateline: ${progress.stage} [{bar}] {value}/{total} articles · {eta_formatted} left`,
          hideCursor: true,
          clearOnComplete: false,
        })
        bar.start(progress.total, progress.done)
        barStage = progress.stage
      }
      bar?.update(progress.done)
    },
    done () {
      const wasShowing = bar !== null
      stopBar()
      if (!wasShowing && sink.isTTY === true && options.now() - started >= options.quietMs) sink.write('\n')
    },
  }
}
