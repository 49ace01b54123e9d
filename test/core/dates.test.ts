import { describe, expect, it } from 'vitest'
import { formatHumanDate, inferDatelineYear, mentionedDates, parseBylineDate, parseDateline } from '../../src/core/dates.js'

describe('parseBylineDate', () => {
  it('reads the byline formats of the shipped seeds and common sites', () => {
    expect(parseBylineDate('8 Jan, 2024 15:34 / Updated 11 months ago')).toEqual({ date: '2024-01-08', time: '15:34' })
    expect(parseBylineDate('13 Nov, 2023 13:53 / Updated 1 year ago')).toEqual({ date: '2023-11-13', time: '13:53' })
    expect(parseBylineDate('Posted on March 3, 2024')).toEqual({ date: '2024-03-03', time: null })
    expect(parseBylineDate('Wednesday, 27 December 2023 | By Staff')).toEqual({ date: '2023-12-27', time: null })
  })

  it('refuses impossible dates and sentences', () => {
    expect(parseBylineDate('31 Feb, 2024')).toBeNull()
    expect(parseBylineDate('8 Jan, 2024 was a long day for the ministers')).toBeNull()
  })
})

describe('parseDateline', () => {
  it('reads place, month and day from a wire dateline', () => {
    expect(parseDateline('New Delhi, Dec 28: India’s Foreign Minister met')).toMatchObject({ place: 'New Delhi', month: 12, day: 28 })
    expect(parseDateline('MOSCOW, Jan 5 (Reuters) - Talks')).toMatchObject({ place: 'MOSCOW', month: 1, day: 5 })
    expect(parseDateline('India and Russia, two countries: a story')).toBeNull()
  })
})

describe('inferDatelineYear', () => {
  it('takes the year from a date the body states in the same month', () => {
    expect(inferDatelineYear({ month: 12, day: 28 }, 'His visit spanned December 25 to 29, 2023.')).toBe('2023-12-28')
  })

  it('handles a dateline at the turn of the year', () => {
    expect(inferDatelineYear({ month: 12, day: 31 }, 'The summit is on 2 January 2025.')).toBe('2024-12-31')
  })

  it('gives up when the body states no year, or several', () => {
    expect(inferDatelineYear({ month: 12, day: 28 }, 'On Wednesday the ministers met.')).toBeNull()
    expect(inferDatelineYear({ month: 12, day: 28 }, 'Unlike December 3, 2022, the December 5, 2023 talks went well.')).toBeNull()
  })
})

describe('mentionedDates', () => {
  it('finds dates written either way round', () => {
    expect(mentionedDates('on December 27, 2023 and 5 January 2024')).toEqual([{ month: 12, day: 27, year: 2023 }, { day: 5, month: 1, year: 2024 }])
  })
})

describe('formatHumanDate', () => {
  it('writes day, short month and year', () => {
    expect(formatHumanDate('2024-01-08')).toBe('8 Jan 2024')
  })
})
