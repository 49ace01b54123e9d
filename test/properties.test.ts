import { embedLength, type APIEmbed } from 'discord.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { answerQuestion, type Answer, type Citation } from '../src/core/answer.js'
import { buildLibrary } from '../src/core/library.js'
import type { Article, DateSource, SourceSummary } from '../src/core/types.js'
import { DISCORD_LIMITS, renderAnswerEmbed, renderAnswerText, renderCitationDetails, renderCitationsEmbed, renderSourceDetail, renderSourceList } from '../src/discord/render.js'

/** Words that recur across generated articles, so questions find something; some need escaping in Discord. */
const WORDS = ['Putin', 'Modi', 'trade', 'oil', 'summit', 'Delhi', 'Moscow', '$44', 'billion', '@everyone', '<@123>', '**bold**', 'naïve', 'talks', 'Lavrov', '2024', 'rupee', 'corridor', '_x_', 'https://x.org']

const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 30 }).map(words => `${words.join(' ')}.`)
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map(sentences => sentences.join(' '))
const dateSource = fc.constantFrom<DateSource>('metadata', 'byline', 'inferred', 'unknown')
const isoDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map(d => d.toISOString().slice(0, 10))

const articles = fc.uniqueArray(fc.record({
  id: fc.stringMatching(/^[a-z0-9_]{1,12}$/),
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map(words => words.join(' ')),
  paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 6 }),
}), { minLength: 1, maxLength: 6, selector: a => a.id }).map(records => records.map((r): Article => ({
  id: r.id,
  title: r.title,
  date: null,
  time: null,
  dateSource: 'unknown',
  outlet: null,
  url: null,
  paragraphs: r.paragraphs.map(text => ({ text, heading: null })),
})))
const question = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map(words => words.join(' '))

/** An excerpt without the "…" that marks where it was cut. */
const uncut = (excerpt: string): string => excerpt.replace(/^…/, '').replace(/…$/, '')

describe('excerpts', () => {
  it('are always verbatim text of the passage they cite', () => {
    fc.assert(fc.property(articles, question, (coverage, asked) => {
      const library = buildLibrary(coverage)
      const answer = answerQuestion(library, asked, { limit: 10 })
      for (const citation of answer.citations) {
        const passage = library.passages[citation.passageId]
        expect(passage?.articleId).toBe(citation.articleId)
        for (const piece of uncut(citation.excerpt).split('…')) expect(passage?.text).toContain(piece.trim())
      }
    }), { numRuns: 150 })
  })
})

const anyText = (max: number): fc.Arbitrary<string> => fc.string({ unit: 'grapheme', maxLength: max })
const markdownHeavy = (max: number): fc.Arbitrary<string> => fc.oneof(anyText(max), fc.array(fc.constantFrom(...WORDS, '>', '#', '- ', '|', '`', '\n'), { maxLength: max / 4 }).map(parts => parts.join(' ')))

const citation = fc.record({
  n: fc.integer({ min: 1, max: 99 }),
  articleId: fc.stringMatching(/^[\w-]{1,40}$/),
  passageId: fc.nat(),
  title: markdownHeavy(400),
  outlet: fc.option(markdownHeavy(2_500)),
  date: fc.option(isoDate),
  time: fc.option(fc.constant('13:53')),
  dateSource,
  url: fc.option(fc.webUrl().chain(url => fc.string({ maxLength: 3_000 }).map(tail => `${url}/${encodeURIComponent(tail)}`))),
  excerpt: markdownHeavy(3_000),
  highlights: fc.constant([] as Array<[number, number]>),
  score: fc.double({ noNaN: true }),
}) satisfies fc.Arbitrary<Citation>

const answer = fc.record({
  question: markdownHeavy(600),
  answered: fc.boolean(),
  reason: fc.constantFrom(null, 'no-terms' as const, 'no-match' as const, 'filtered' as const),
  citations: fc.array(citation, { maxLength: 10 }),
  figures: fc.array(fc.record({ value: markdownHeavy(60), sentence: markdownHeavy(300), n: fc.integer({ min: 1, max: 10 }) }), { maxLength: 12 }),
  total: fc.nat({ max: 100 }),
  offset: fc.nat({ max: 50 }),
  articles: fc.constant([]),
}) satisfies fc.Arbitrary<Answer>

const source = fc.record({
  id: fc.stringMatching(/^[\w-]{1,80}$/),
  title: markdownHeavy(2_000),
  outlet: fc.option(markdownHeavy(2_500)),
  date: fc.option(isoDate),
  time: fc.option(fc.constant('09:00')),
  dateSource,
  url: fc.option(fc.webUrl().chain(url => fc.string({ maxLength: 3_000 }).map(tail => `${url}/${encodeURIComponent(tail)}`))),
  passages: fc.nat({ max: 500 }),
}) satisfies fc.Arbitrary<SourceSummary>

function expectWithinLimits (embed: APIEmbed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle)
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription)
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer)
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields)
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeGreaterThan(0)
    expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName)
    expect(field.value.length).toBeGreaterThan(0)
    expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue)
  }
  expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
}

describe('renders', () => {
  it('fit every Discord limit, whatever the answer holds', () => {
    fc.assert(fc.property(answer, fc.boolean(), (given, timestamps) => {
      expectWithinLimits(renderAnswerEmbed(given, { timestamps }))
      expect(renderAnswerText(given, { timestamps }).length).toBeLessThanOrEqual(DISCORD_LIMITS.content)
      expectWithinLimits(renderCitationsEmbed(given.citations, { timestamps }))
    }), { numRuns: 200 })
  })

  it('show every link whole or not at all', () => {
    // Long enough that a cut at the last space before the limit would fall inside one.
    const longLink = fc.tuple(fc.webUrl(), fc.integer({ min: 1_700, max: 3_000 })).map(([url, length]) => `${url}/${'a'.repeat(length)}`)
    const linked = fc.array(fc.tuple(citation, longLink).map(([c, url]) => ({ ...c, url })), { minLength: 1, maxLength: 10 })
    fc.assert(fc.property(linked, citations => {
      const text = renderCitationDetails(citations)
      for (const { index } of text.matchAll(/<https?:\/\//g)) {
        expect(citations.some(c => text.startsWith(`<${c.url}>`, index))).toBe(true)
      }
    }), { numRuns: 200 })
  })

  it('fit every Discord limit, whatever a source\'s metadata holds', () => {
    fc.assert(fc.property(fc.array(source, { minLength: 1, maxLength: 25 }), fc.option(markdownHeavy(5_000)), fc.nat({ max: 5 }), (sources, opening, page) => {
      for (const one of sources) expectWithinLimits(renderSourceDetail(one, opening, { timestamps: true }))
      expectWithinLimits(renderSourceList(sources, page, 10, { timestamps: true }))
    }), { numRuns: 100 })
  })

  it('never let a quoted text ping anyone', () => {
    fc.assert(fc.property(answer, given => {
      const text = renderAnswerText(given)
      expect(text).not.toMatch(/@everyone|@here|<@&?\d+>|<#\d+>/)
    }), { numRuns: 200 })
  })
})
