import { describe, expect, it } from 'vitest'
import { findBylineDate, formatHumanDate, inferDatelineYear, mentionedDates, parseBylineDate, parseDateline, parseTimestamp } from '../../src/core/dates.js'

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

describe('parseTimestamp', () => {
  it('reads ISO 8601 and RFC 822 stamps as the publisher wrote them, without moving them to UTC', () => {
    expect(parseTimestamp('2024-03-14T09:30:00+05:30')).toEqual({ date: '2024-03-14', time: '09:30' })
    expect(parseTimestamp('2024-01-08T23:30:00.000-05:00')).toEqual({ date: '2024-01-08', time: '23:30' })
    expect(parseTimestamp('2024-02-02')).toEqual({ date: '2024-02-02', time: null })
    expect(parseTimestamp('Mon, 08 Jan 2024 10:00:00 +0530')).toEqual({ date: '2024-01-08', time: '10:00' })
    expect(parseTimestamp('8 Jan 24 7:05 GMT')).toEqual({ date: '2024-01-08', time: '07:05' })
  })

  it('refuses impossible dates and free text', () => {
    expect(parseTimestamp('2024-02-30T10:00:00Z')).toBeNull()
    expect(parseTimestamp('last Tuesday')).toBeNull()
    expect(parseTimestamp('not a date')).toBeNull()
  })
})

describe('findBylineDate', () => {
  it('finds the publication date inside a byline block, skipping an update stamp', () => {
    expect(findBylineDate('By Ana Souza | Updated: 6 May 2024 | 5 May 2024, 14:20')).toEqual({ date: '2024-05-05', time: '14:20' })
    expect(findBylineDate('By Jane Doe · January 8, 2024')).toEqual({ date: '2024-01-08', time: null })
    expect(findBylineDate('Published 8 Jan 2024 | Last updated 9 Jan 2024')).toEqual({ date: '2024-01-08', time: null })
  })

  it('finds nothing in a byline without a date', () => {
    expect(findBylineDate('By Staff Reporter')).toBeNull()
    expect(findBylineDate('Updated 6 May 2024')).toBeNull()
  })
})
