import { describe, expect, it } from 'vitest'
import { normalizeForMatch, percentile, scoreExcerpts, type QuizQuestion } from '../scripts/bench/quality.js'

const question = (answer: string, choices: string[]): QuizQuestion => ({ id: 'q', date: '2024-01-05', question: '?', choices, answer })

describe('benchmark quality metrics', () => {
  it('count an answer found in the first one or three excerpts, ignoring case and curly quotes', () => {
    const questions = [question('Tigger', ['Owl', 'Tigger']), question('“Gladiators”', ['“Gladiators”', 'Blind Date']), question('Henk', ['Henk', 'Hank'])]
    const excerpts = [['the bouncy TIGGER jumped'], ['nothing', 'no', 'the "gladiators" reboot'], ['Storm Hank? No.']]
    expect(scoreExcerpts(questions, excerpts)).toEqual({ questions: 3, answer1: 0.333, answer3: 0.667, wrong1: 0.333, wrong3: 0.333, unanswered: 0 })
  })

  it('count questions given no excerpt at all', () => {
    expect(scoreExcerpts([question('a', ['a', 'b'])], [[]])).toMatchObject({ answer3: 0, unanswered: 1 })
  })

  it('fold curly quotes and runs of space', () => {
    expect(normalizeForMatch('It’s  “Big”')).toBe('it\'s "big"')
  })

  it('take nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([percentile(sorted, 0.5), percentile(sorted, 0.99), percentile([], 0.5)]).toEqual([50, 99, 0])
  })
})
