import { embedLength } from 'discord.js'
import { describe, expect, it } from 'vitest'
import type { Answer, Citation } from '../../src/core/answer.js'
import { answerQuestion } from '../../src/core/answer.js'
import {
  DISCORD_LIMITS, escapeMarkdown, formatCitationDate, neutralizeMentions, renderAnswerEmbed,
  renderAnswerText, renderCitationDetails, renderSourceDetail, renderSourceList,
} from '../../src/discord/render.js'
import { catalogOf } from '../../src/core/catalog.js'
import { GOLDEN, shippedLibrary } from '../helpers.js'

function citation (n: number, excerpt: string, extra: Partial<Citation> = {}): Citation {
  return {
    n,
    articleId: `a${n}`,
    passageId: n,
    title: `Title ${n}`,
    outlet: 'Outlet',
    date: '2024-01-08',
    time: null,
    dateSource: 'byline',
    url: null,
    excerpt,
    highlights: [],
    score: 1,
    ...extra,
  }
}

function answer (citations: Citation[], extra: Partial<Answer> = {}): Answer {
  return { question: 'q?', answered: true, reason: null, citations, articles: [], figures: [], total: citations.length, offset: 0, ...extra }
}

describe('escapeMarkdown', () => {
  it('shows markdown characters literally', () => {
    expect(escapeMarkdown('**bold** _it_ `code` ||spoiler|| [link](x) ~~s~~')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\| \\[link\\](x) \\~\\~s\\~\\~')
  })

  it('neutralises quotes, headings and lists at line starts, and links', () => {
    expect(escapeMarkdown('> quote\n# head\n- item\n1. first\nsee https://x.org')).toBe('\\> quote\n\\# head\n\\- item\n1\\. first\nsee https\\://x.org')
  })
})

describe('neutralizeMentions', () => {
  it('breaks everyone, here, user and role mentions', () => {
    expect(neutralizeMentions('@everyone @here <@123> <@&456> <#789>')).toBe('@\u200beveryone @\u200bhere <\u200b@123> <\u200b@&456> <\u200b#789>')
  })
})

describe('formatCitationDate', () => {
  it('gives the plain date, the source of an inferred one, and says undated', () => {
    expect(formatCitationDate('2024-01-08', 'byline')).toBe('8 Jan 2024')
    expect(formatCitationDate('2023-12-28', 'inferred')).toBe('28 Dec 2023 (from dateline)')
    expect(formatCitationDate(null, 'unknown')).toBe('undated')
  })

  it('adds a Discord timestamp at noon UTC so no time zone shifts the day', () => {
    expect(formatCitationDate('2024-01-08', 'byline', { timestamps: true })).toBe('<t:1704715200:D> · 8 Jan 2024')
  })
})

describe('renderAnswerText', () => {
  it('prints the question, numbered excerpts with emphasis, and source lines', async () => {
    const text = renderAnswerText(answerQuestion(await shippedLibrary(), 'Who chairs the Valdai club?'))
    expect(text.split('\n').slice(0, 4)).toEqual([
      '**Who chairs the Valdai club?**',
      '',
      GOLDEN.renderedLine,
      '— *India and Russia hold candid talks on bilateral ties* · RT India · 8 Jan 2024',
    ])
    expect(text.endsWith('-# Sources 1–2 of 2 · verbatim excerpts, no generated text')).toBe(true)
  })

  it('lists differing figures with their sources and dates', async () => {
    const text = renderAnswerText(answerQuestion(await shippedLibrary(), 'How much is India-Russia trade worth?'))
    expect(text).toContain('**Sources give different figures:**\n• $30 billion — [1] (undated)\n• $50 billion — [2] (28 Dec 2023 (from dateline))\n• $44 billion — [3] (13 Nov 2023)')
  })

  it('says so plainly when nothing answers', async () => {
    expect(renderAnswerText(answerQuestion(await shippedLibrary(), 'Orry Christmas Bollywood'))).toBe(
      '**Orry Christmas Bollywood**\nNo coverage found for “Orry Christmas Bollywood”. Nothing in the indexed articles answers it.')
  })

  it('never exceeds 2000 characters, whatever the excerpts hold', () => {
    const long = '**@everyone** <@1> '.repeat(300)
    const text = renderAnswerText(answer([1, 2, 3, 4, 5].map(n => citation(n, long))), { timestamps: true })
    expect(text.length).toBeLessThanOrEqual(DISCORD_LIMITS.content)
    expect(text).not.toMatch(/@everyone|<@1>/)
  })
})

describe('renderAnswerEmbed', () => {
  it('fits every embed limit with many long citations and figures', () => {
    const long = 'x'.repeat(3000)
    const embed = renderAnswerEmbed(answer([1, 2, 3, 4, 5, 6].map(n => citation(n, long, { title: 't'.repeat(500) })), {
      question: 'q'.repeat(6000),
      figures: Array.from({ length: 40 }, (_, i) => ({ value: `$${i} billion`, sentence: 's', n: 1 })),
    }), { timestamps: true })
    expect(embed.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle)
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription)
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue)
    expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
  })

  it('shows dates as Discord timestamps next to the plain date, and undated sources as undated', async () => {
    const embed = renderAnswerEmbed(answerQuestion(await shippedLibrary(), 'BRICS and the Shanghai Cooperation Organization', { limit: 5 }), { timestamps: true })
    expect(embed.description).toMatch(/<t:\d+:D> · \d{1,2} \w{3} \d{4}/)
    expect(embed.description).toContain('undated')
  })
})

describe('renderCitationDetails', () => {
  it('gives title, outlet, date with how it was found, id and link', () => {
    expect(renderCitationDetails([citation(1, 'e', { time: '15:34', url: 'https://rt.com/x' }), citation(2, 'e', { date: null, dateSource: 'unknown', outlet: null })])).toBe(
      '**[1]** *Title 1* · Outlet · 8 Jan 2024 15:34 (date from byline)\n`a1`, passage 1\n<https://rt.com/x>\n\n**[2]** *Title 2* · undated (no date stated)\n`a2`, passage 2')
  })

  it('names the longest links instead of cutting one when they do not all fit', () => {
    const long = `https://x.org/${'a'.repeat(60)}`
    const text = renderCitationDetails([citation(1, 'e', { url: long }), citation(2, 'e', { url: 'https://x.org/b' })], {}, 210)
    expect(text).toBe('**[1]** *Title 1* · Outlet · 8 Jan 2024 (date from byline)\n`a1`, passage 1\nlink too long to show (74 characters)\n\n**[2]** *Title 2* · Outlet · 8 Jan 2024 (date from byline)\n`a2`, passage 2\n<https://x.org/b>')
  })
})

describe('renderSourceList and renderSourceDetail', () => {
  it('pages the indexed articles', async () => {
    const { sources } = catalogOf(await shippedLibrary())
    const page = renderSourceList(sources, 1, 2)
    expect(page.title).toBe('Indexed coverage: 5 articles')
    expect(page.footer?.text).toBe('Page 2 of 3')
    expect(page.description).toBe('• *India -Russia Relations \\| Foreign Minister fosters deeper ties with Russia amid…* · 28 Dec 2023 (from dateline) · 9 passages\n  `002_66bc5cd5d1c12ee4`\n• *India And Russia Deepen Ties In Moscow Talks* · undated · 6 passages\n  `003_6e8666b769908bfc`')
  })

  it('describes one article, saying where its date came from', async () => {
    const [, , , , undated] = catalogOf(await shippedLibrary()).sources
    const embed = renderSourceDetail(undated!, 'India and Russia have long shared a strong diplomatic relationship.')
    expect(embed.fields?.map(f => [f.name, f.value])).toEqual([
      ['Outlet', 'not stated'], ['Date', 'undated'], ['Date found in', 'nowhere: the article states no date'], ['Passages', '5'], ['Id', '`004_51ed917c6e0df37f`'],
    ])
  })
})
