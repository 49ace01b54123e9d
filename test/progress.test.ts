import { describe, expect, it } from 'vitest'
import { describeProgress, progressReporter } from '../src/progress.js'

function clock (): { now: () => number, advance: (ms: number) => void } {
  let at = 0
  return { now: () => at, advance: ms => { at += ms } }
}

describe('describeProgress', () => {
  it('says how many articles are done, of how many when known', () => {
    expect(describeProgress({ stage: 'indexing', done: 1200, total: 8817 })).toBe('indexing 1,200 of 8,817 articles')
    expect(describeProgress({ stage: 'reading', done: 400, total: null })).toBe('reading 400 articles')
    expect(describeProgress({ stage: 'saving snapshot', done: 0, total: null })).toBe('saving snapshot')
  })
})

describe('progressReporter away from a terminal', () => {
  it('stays quiet for short work, then writes a plain line every few seconds', () => {
    const time = clock()
    const lines: string[] = []
    const reporter = progressReporter({ write: text => lines.push(text) }, { now: time.now, quietMs: 1000, lineEveryMs: 5000 })
    reporter.update({ stage: 'indexing', done: 100, total: 1000 })
    time.advance(1500)
    reporter.update({ stage: 'indexing', done: 300, total: 1000 })
    time.advance(1000)
    reporter.update({ stage: 'indexing', done: 400, total: 1000 })
    time.advance(4500)
    reporter.update({ stage: 'indexing', done: 900, total: 1000 })
    reporter.done()
    expect(lines).toEqual(['Dateline: indexing 300 of 1,000 articles\n', 'Dateline: indexing 900 of 1,000 articles\n'])
  })

  it('hands lines to a logger instead when given one', () => {
    const time = clock()
    const logged: Array<[string, number]> = []
    const reporter = progressReporter({ write: () => { throw new Error('not the sink') } }, { now: time.now, quietMs: 0, line: (message, at) => logged.push([message, at.done]) })
    reporter.update({ stage: 'reading', done: 5, total: null })
    expect(logged).toEqual([['reading 5 articles', 5]])
  })
})

describe('progressReporter at a terminal', () => {
  it('draws a bar with the articles done of the total', () => {
    const time = clock()
    let drawn = ''
    const terminal = { write: (text: string) => { drawn += text; return true }, isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true }
    const reporter = progressReporter(terminal, { now: time.now, quietMs: 0 })
    reporter.update({ stage: 'indexing', done: 250, total: 1000 })
    reporter.update({ stage: 'indexing', done: 1000, total: 1000 })
    reporter.done()
    expect(drawn).toContain('Dateline: indexing [')
    expect(drawn).toContain('1000/1000 articles')
  })
})
