import { describe, expect, it, vi } from 'vitest'
import { startInProcess } from '../src/engine/engine.js'
import { FAILURE_MESSAGE } from '../src/discord/bot.js'
import type { JsonObject } from './emulator/index.js'
import { buttonId, buttonsOf, embedOf, MANAGE_GUILD, NO_PERMISSIONS, useBot } from './bot-harness.js'
import { GOLDEN, SEED_IDS } from './helpers.js'

const EPHEMERAL = 64
const DEFERRED = 5
const UPDATE = 7
const REPLY = 4

const boot = useBot()

/** The exact callback body of a private notice, as discord.js sends it. */
function privateReply (content: string): JsonObject {
  return { type: REPLY, data: { content, flags: EPHEMERAL, allowed_mentions: { parse: [] }, tts: false, enforce_nonce: false } }
}

async function settle (handle: { waitForEdit: () => Promise<unknown> }): Promise<void> {
  await handle.waitForEdit()
}

describe('/ask', () => {
  it('defers privately at once, then answers with dated, cited excerpts and buttons', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: GOLDEN.question }, { user: 'alice' })
    await settle(ask)
    expect(ask.callbacks[0]?.body).toEqual({ type: DEFERRED, data: { flags: EPHEMERAL } })
    const embed = embedOf(ask.original)
    expect(embed['title']).toBe('Who chairs the Valdai club?')
    expect(String(embed['description']).split('\n').slice(0, 2)).toEqual([
      GOLDEN.renderedLine,
      '— *India and Russia hold candid talks on bilateral ties* · RT India · <t:1704715200:D> · 8 Jan 2024',
    ])
    expect(embed['footer']).toEqual({ text: 'Sources 1–2 of 2 · verbatim excerpts, no generated text' })
    expect(ask.original?.ephemeral).toBe(true)
    expect(buttonsOf(ask.original).map(b => [b.label, b.disabled])).toEqual([['More sources', true], ['Show sources', false], ['Helpful', false], ['Wrong', false]])
    expect(ask.edits[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } })
  })

  it('posts in the channel when asked to be public', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'Valdai club', public: true })
    await settle(ask)
    expect(ask.callbacks[0]?.body).toEqual({ type: DEFERRED, data: { flags: 0 } })
    expect(ask.original?.ephemeral).toBe(false)
  })

  it('marks undated sources as undated and inferred dates as from the dateline', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'BRICS and the Shanghai Cooperation Organization' })
    await settle(ask)
    const description = String(embedOf(ask.original)['description'])
    expect(description).toContain('· undated')
    expect(description).toContain('28 Dec 2023 (from dateline)')
  })

  it('acknowledges within Discord\'s 3 seconds even when answering takes longer', async () => {
    const { emu, context } = await boot()
    const realAsk = context.dateline.ask.bind(context.dateline)
    vi.spyOn(context.dateline, 'ask').mockImplementation(async (question, options) => {
      const until = Date.now() + 3_200
      while (Date.now() < until) { /* a slow answer, as on a very large archive */ }
      return await realAsk(question, options)
    })
    const ask = emu.sendChatInput('ask', { question: 'Valdai club' })
    await ask.waitForEdit({ timeoutMs: 10_000 })
    // The emulator refuses callbacks after 3 s, so the edit landing proves the deferral came first.
    expect(ask.callbacks.map(c => [c.body && (c.body as JsonObject)['type'], c.status])).toEqual([[DEFERRED, 204]])
    expect(ask.edits[0]?.status).toBe(200)
    expect(embedOf(ask.original)['title']).toBe('Valdai club')
  })

  it('says plainly when the coverage has nothing', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'Orry Christmas Bollywood' })
    await settle(ask)
    expect(embedOf(ask.original)['description']).toBe('No coverage found for “Orry Christmas Bollywood”. Nothing in the indexed articles answers it.')
    // Readers can still say the refusal was wrong.
    expect(buttonsOf(ask.original).map(b => b.label)).toEqual(['Helpful', 'Wrong'])
  })

  it('pages with "More sources" for the asker and shows full citations with "Show sources"', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'India Russia defence cooperation' }, { user: 'alice' })
    await settle(ask)
    expect(embedOf(ask.original)['footer']).toEqual({ text: expect.stringMatching(/^Sources 1–3 of ([4-9]|[1-9]\d+) ·/) })

    const more = emu.sendButton(buttonId(ask.original, 'More sources'), { message: ask, user: 'alice' })
    await more.waitForResponse()
    expect(more.responseType).toBe(UPDATE)
    expect(String(embedOf(ask.original)['description'])).toMatch(/^\*\*\[4\]\*\*/)
    expect(buttonsOf(ask.original).map(b => b.label)).toEqual(['Previous', 'More sources', 'Show sources', 'Helpful', 'Wrong'])

    const show = emu.sendButton(buttonId(ask.original, 'Show sources'), { message: ask, user: 'alice' })
    await show.waitForResponse()
    expect(show.responseType).toBe(REPLY)
    expect(show.original?.ephemeral).toBe(true)
    expect(String(embedOf(show.original)['description'])).toMatch(/^\*\*\[4\]\*\* \*.+\* · .+\(date from (byline|inferred|metadata)\)|^\*\*\[4\]\*\* \*.+\* · undated \(no date stated\)/)
  })

  it('shows full citations with links whole or not at all, however long the links', async () => {
    const { emu, seeds, context } = await boot()
    const urls = [1, 2, 3].map(n => `https://ferries.example/${n}/${'z'.repeat(1490)}`)
    for (const [i, url] of urls.entries()) {
      await seeds.write(`01${i}_ferry.txt`, `Ferry report ${i}\n\n${i + 1} Mar, 2024 09:00\n\nThe Zanzibar ferry corridor carried ${i + 2} thousand passengers in its first week.`)
      await seeds.write(`01${i}_ferry.meta.json`, JSON.stringify({ url }))
    }
    await context.dateline.reindex()
    const ask = emu.sendChatInput('ask', { question: 'Zanzibar ferry corridor passengers' })
    await settle(ask)
    expect(embedOf(ask.original)['footer']).toEqual({ text: 'Sources 1–3 of 3 · verbatim excerpts, no generated text' })
    const show = emu.sendButton(buttonId(ask.original, 'Show sources'), { message: ask })
    await show.waitForResponse()
    expect(show.callbacks[0]?.status).toBe(204)
    const description = String(embedOf(show.original)['description'])
    expect(description.length).toBeLessThanOrEqual(4096)
    const linked = [...description.matchAll(/<(https:[^>]*)>/g)].map(match => match[1])
    expect(linked).toHaveLength(2)
    for (const link of linked) expect(urls).toContain(link)
    expect(description).toContain(`link too long to show (${urls[0]?.length} characters)`)
    expect(description).not.toMatch(/<https:[^>]*…/)
  })

  it('gives other members their own private page instead of changing the asker\'s answer', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'India Russia defence cooperation', public: true }, { user: 'alice' })
    await settle(ask)
    const before = embedOf(ask.original)['description']
    const more = emu.sendButton(buttonId(ask.original, 'More sources'), { message: ask, user: 'bob' })
    await more.waitForResponse()
    expect(more.responseType).toBe(REPLY)
    expect(more.original?.ephemeral).toBe(true)
    expect(String(embedOf(more.original)['description'])).toMatch(/^\*\*\[4\]\*\*/)
    expect(embedOf(ask.original)['description']).toBe(before)
  })

  it('pages another member\'s private copy in place', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'India Russia defence cooperation', public: true }, { user: 'alice' })
    await settle(ask)
    const before = embedOf(ask.original)['description']
    const copy = emu.sendButton(buttonId(ask.original, 'More sources'), { message: ask, user: 'bob' })
    await copy.waitForResponse()
    expect(String(embedOf(copy.original)['description'])).toMatch(/^\*\*\[4\]\*\*/)
    const back = emu.sendButton(buttonId(copy.original, 'Previous'), { message: copy, user: 'bob' })
    await back.waitForResponse()
    expect(back.responseType).toBe(UPDATE)
    expect(back.original?.id).toBe(copy.original?.id)
    expect(String(embedOf(copy.original)['description'])).toMatch(/^\*\*\[1\]\*\*/)
    expect(copy.original?.ephemeral).toBe(true)
    expect(embedOf(ask.original)['description']).toBe(before)
  })

  it('filters by date and source, and refuses malformed filters privately', async () => {
    const { emu } = await boot()
    const since = emu.sendChatInput('ask', { question: 'Jaishankar Russia', since: '2024-01-01' })
    await settle(since)
    const sinceText = String(embedOf(since.original)['description'])
    // Answered (not "No coverage found"), and every cited date on or after the filter's.
    expect(sinceText).toMatch(/^\*\*\[1\]\*\*/)
    const cited = [...sinceText.matchAll(/· (\d{1,2} \w{3} (\d{4}))/g)].map(match => Number(match[2]))
    expect(cited.length).toBeGreaterThan(0)
    expect(cited.every(year => year >= 2024)).toBe(true)
    const bad = emu.sendChatInput('ask', { question: 'Jaishankar', until: 'last week' })
    await bad.waitForResponse()
    expect(bad.callbacks[0]?.body).toEqual(privateReply('`until` must be a date written as YYYY-MM-DD, for example 2024-01-08.'))
    const unknown = emu.sendChatInput('ask', { question: 'Jaishankar', source: 'not-an-article' })
    await unknown.waitForResponse()
    expect(unknown.original?.content).toBe('That source is not in the index. Pick one from the suggestions, or see `/sources`.')
    const one = emu.sendChatInput('ask', { question: 'Jaishankar', source: SEED_IDS.undated })
    await settle(one)
    expect(String(embedOf(one.original)['description'])).toContain('*Diplomatic Relations* · undated')
  })

  it('slows down a member who asks too fast, with a friendly private note, and not others', async () => {
    const { emu } = await boot({ cooldownSeconds: 30 })
    await settle(emu.sendChatInput('ask', { question: 'Valdai club' }, { user: 'alice' }))
    const again = emu.sendChatInput('ask', { question: 'Putin' }, { user: 'alice' })
    await again.waitForResponse()
    expect(again.original?.content).toMatch(/^You're asking quickly: you can ask again <t:\d+:R>\.$/)
    expect(again.original?.ephemeral).toBe(true)
    const other = emu.sendChatInput('ask', { question: 'Putin' }, { user: 'bob' })
    await settle(other)
    expect(embedOf(other.original)['title']).toBe('Putin')
  })
  it('starts the cooldown only for a question it searches: a refused filter costs the member nothing', async () => {
    const { emu } = await boot({ cooldownSeconds: 30 })
    const refused = emu.sendChatInput('ask', { question: 'Valdai club', since: '8 Jan 2024' }, { user: 'alice' })
    await refused.waitForResponse()
    expect(refused.callbacks[0]?.body).toEqual(privateReply('`since` must be a date written as YYYY-MM-DD, for example 2024-01-08.'))
    const corrected = emu.sendChatInput('ask', { question: GOLDEN.question, since: '2024-01-08' }, { user: 'alice' })
    await corrected.waitForResponse()
    expect(corrected.callbacks[0]?.body).toEqual({ type: DEFERRED, data: { flags: EPHEMERAL } })
    await settle(corrected)
    expect(String(embedOf(corrected.original)['description'])).toContain(GOLDEN.rendered)
    const third = emu.sendChatInput('ask', { question: 'Putin' }, { user: 'alice' })
    await third.waitForResponse()
    expect(third.original?.content).toMatch(/^You're asking quickly: you can ask again <t:\d+:R>\.$/)
  })
})

describe('/ask with hostile input', () => {
  it('never pings, even when the question and quote say @everyone', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: '@everyone <@123456789012345678> Valdai club', public: true })
    await settle(ask)
    expect(ask.original?.pings).toEqual({ everyone: false, users: [], roles: [] })
    expect(embedOf(ask.original)['title']).toBe('@\u200beveryone Valdai club')
  })

  it('reads a question past mentions, emoji and timestamps, and titles the answer with the question it searched', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: '<@123456789012345678> <@!42> <@&456> <#789> <:kudos:123> <a:wave:456> <t:1704715200:R> Kudankulam?' })
    await settle(ask)
    const embed = embedOf(ask.original)
    expect(embed['title']).toBe('Kudankulam?')
    expect(String(embed['description']).split('\n')[0]).toMatch(/^\*\*\[1\]\*\* .*Progress was noted in the \*\*Kudankulam\*\* nuclear power project/)
    expect(String(embed['description'])).toContain('— *India -Russia Relations \\| Foreign Minister fosters deeper ties')
  })

  it('asks for a question when given only mentions', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: '<@123456789012345678> <#789>' })
    await ask.waitForResponse()
    expect(ask.callbacks[0]?.body).toEqual(privateReply('Type a question, for example: `/ask question: who chairs the Valdai club?`'))
  })

  it('shows markdown in a question literally', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: '**Valdai** `club` ||spoiler|| [x](https://evil.example)' })
    await settle(ask)
    expect(embedOf(ask.original)['title']).toBe('\\*\\*Valdai\\*\\* \\`club\\` \\|\\|spoiler\\|\\| \\[x\\](https\\://evil.example)')
  })

  it('refuses a 6000-character question politely', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'Valdai '.repeat(1000) })
    await ask.waitForResponse()
    expect(ask.callbacks[0]?.body).toEqual(privateReply('Questions can be up to 500 characters; yours has 6999. Try the key names and words.'))
  })

  it('asks for a question when given only spaces or zero-width characters', async () => {
    const { emu } = await boot()
    for (const question of ['   ', '\u200b\u200b\ufeff']) {
      const ask = emu.sendChatInput('ask', { question })
      await ask.waitForResponse()
      expect(ask.original?.content).toBe('Type a question, for example: `/ask question: who chairs the Valdai club?`')
    }
  })

  it('tells the member briefly when something breaks, and logs details without the token', async () => {
    const { emu, context, log } = await boot()
    vi.spyOn(context.dateline, 'ask').mockRejectedValue(new Error(`index exploded near Bot ${emu.token}`))
    const ask = emu.sendChatInput('ask', { question: 'Valdai club' })
    await ask.waitForFollowUp()
    expect(ask.original?.content).toBe(FAILURE_MESSAGE)
    expect(ask.original?.ephemeral).toBe(true)
    // One JSON record a line, naming the interaction so a moderator can find it.
    const records = log().trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>)
    const failure = records.find(record => record['msg'] === 'interaction failed')
    expect(failure).toMatchObject({ level: 50, interactionId: ask.id, command: 'ask', err: { message: 'index exploded near Bot [redacted]' } })
    expect(log()).not.toContain(emu.token)
  })
  it.each([
    ['Discord refuses the answer', 'invalid-form-body', [400]],
    ['Discord is down', 'server-error', [500, 500, 500, 500]],
  ] as const)('takes a public "thinking…" placeholder down and tells the member privately when %s', async (_, fault, statuses) => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'Valdai club', public: true }, { failEdits: fault })
    await ask.waitForFollowUp()
    expect(ask.edits.map(edit => edit.status)).toEqual(statuses)
    expect(ask.requests.slice(-2).map(request => [request.route, request.status])).toEqual([['deleteOriginal', 204], ['followUp', 200]])
    expect(ask.messages.map(message => [message.content, message.ephemeral])).toEqual([[FAILURE_MESSAGE, true]])
  })
  it('puts the failure notice in a private "thinking…" placeholder when a private answer cannot be posted', async () => {
    const { emu } = await boot()
    const ask = emu.sendChatInput('ask', { question: 'Valdai club' }, { failEdits: 'invalid-form-body' })
    await ask.waitForFollowUp()
    expect(ask.requests.map(request => [request.route, request.status])).toEqual([['interactionCallback', 204], ['editOriginal', 400], ['followUp', 200]])
    expect(ask.messages.map(message => [message.content, message.ephemeral, message.loading])).toEqual([[FAILURE_MESSAGE, true, false]])
  })
})

describe('/sources', () => {
  it('lists every indexed article with outlet, date and passages', async () => {
    const { emu } = await boot()
    const list = emu.sendChatInput('sources')
    await list.waitForResponse()
    const embed = embedOf(list.original)
    expect(embed['title']).toBe('Indexed coverage: 5 articles')
    expect(String(embed['description']).split('\n')[0]).toBe('• *India and Russia hold candid talks on bilateral ties* · RT India · <t:1704715200:D> · 8 Jan 2024 · 6 passages')
    expect(list.original?.ephemeral).toBe(true)
    expect(buttonsOf(list.original)).toEqual([])
  })

  it('pages a long list with Previous and Next', async () => {
    const { emu, seeds, context } = await boot()
    for (let i = 0; i < 8; i += 1) await seeds.write(`10${i}_extra.txt`, `Extra article ${i}\n\n${i + 1} Feb, 2024\n\nThe extra article number ${i} covers trade.`)
    await context.dateline.reindex()
    const list = emu.sendChatInput('sources')
    await list.waitForResponse()
    expect(embedOf(list.original)['footer']).toEqual({ text: 'Page 1 of 2' })
    expect(buttonsOf(list.original).map(b => [b.label, b.disabled])).toEqual([['Previous', true], ['Next', false]])
    const next = emu.sendButton(buttonId(list.original, 'Next'), { message: list })
    await next.waitForResponse()
    expect(next.responseType).toBe(UPDATE)
    expect(embedOf(list.original)['footer']).toEqual({ text: 'Page 2 of 2' })
    expect(String(embedOf(list.original)['description']).split('\n').filter(line => line.startsWith('•'))).toHaveLength(3)
  })

  it('autocompletes sources by title words, returning ids', async () => {
    const { emu } = await boot()
    const typing = emu.sendAutocomplete('sources', { source: 'candid TALKS' })
    await typing.waitForResponse()
    expect(typing.choices).toEqual([{ name: 'India and Russia hold candid talks on bilateral ties · 8 Jan 2024', value: SEED_IDS.valdai }])
    const all = emu.sendAutocomplete('ask', { question: 'x', source: '' })
    await all.waitForResponse()
    expect(all.choices).toHaveLength(5)
  })

  it('autocompletes by the start of a name the article mentions, fuzzily, and by outlet and date', async () => {
    const { emu } = await boot()
    const typed = async (source: string): Promise<unknown[]> => {
      const typing = emu.sendAutocomplete('sources', { source })
      await typing.waitForResponse()
      return typing.choices ?? []
    }
    expect(await typed('val')).toEqual([{ name: 'India and Russia hold candid talks on bilateral ties · 8 Jan 2024', value: SEED_IDS.valdai }])
    expect(await typed('kud')).toEqual([{ name: 'India -Russia Relations | Foreign Minister fosters deeper ties with Russia amid… · 28 Dec 2023', value: SEED_IDS.putin }])
    expect(await typed('Jaishenkar')).toEqual([{ name: 'Diplomatic Relations · undated', value: SEED_IDS.undated }])
    expect(await typed('rt jan 2024')).toEqual([{ name: 'India and Russia hold candid talks on bilateral ties · 8 Jan 2024', value: SEED_IDS.valdai }])
  })

  it('caps autocomplete at 25 choices with names of at most 100 characters', async () => {
    const { emu, seeds, context } = await boot()
    for (let i = 0; i < 30; i += 1) await seeds.write(`2${String(i).padStart(2, '0')}_long.txt`, `${'A very long headline about trade '.repeat(5)}${i}\n\nBody ${i} about trade.`)
    await context.dateline.reindex()
    const typing = emu.sendAutocomplete('sources', { source: 'headline' })
    await typing.waitForResponse()
    expect(typing.choices).toHaveLength(25)
    for (const choice of typing.choices ?? []) expect(String(choice['name']).length).toBeLessThanOrEqual(100)
  })

  it('shows one article\'s details, and re-validates a typed id', async () => {
    const { emu } = await boot()
    const one = emu.sendChatInput('sources', { source: SEED_IDS.putin })
    await one.waitForResponse()
    const embed = embedOf(one.original)
    expect(embed['title']).toBe('India -Russia Relations \\| Foreign Minister fosters deeper ties with Russia amid fractured global dynamics')
    // The opening comes from the search worker, not the catalog the main thread holds.
    expect(embed['description']).toMatch(/^> New Delhi, Dec 28: India's Foreign Minister, S Jaishankar, engaged in a pivotal meeting with Russian President Vladimir Putin/)
    expect((embed['fields'] as JsonObject[]).map(f => [f['name'], f['value']])).toEqual([
      ['Outlet', 'not stated'], ['Date', '<t:1703764800:D> · 28 Dec 2023 (from dateline)'], ['Date found in', 'inferred'], ['Passages', '9'], ['Id', `\`${SEED_IDS.putin}\``],
    ])
    const typo = emu.sendChatInput('sources', { source: '002_nope' })
    await typo.waitForResponse()
    expect(typo.original?.content).toBe('That source is not in the index. Pick one from the suggestions, or run `/sources` for the list.')
  })
  it('shows an article whose metadata holds a 2,000-character outlet, a very long link and markdown, within every limit', async () => {
    const { emu, seeds, context } = await boot()
    const outlet = 'The Extremely Long Outlet Name '.repeat(65).slice(0, 2000)
    const url = `https://news.example/${'a'.repeat(1480)}?ref=1`
    await seeds.write('009_long.txt', 'Placeholder title\n\n3 Mar, 2024 09:00\n\nThe Kremlin hosted talks on a long corridor.')
    await seeds.write('009_long.meta.json', JSON.stringify({ title: '**Breaking** _news_ | `code` [link](https://x.example) @everyone', outlet, url }))
    await context.dateline.reindex()
    const one = emu.sendChatInput('sources', { source: '009_long' })
    await one.waitForResponse()
    expect(one.callbacks[0]?.status).toBe(204)
    expect(one.original?.content).not.toBe(FAILURE_MESSAGE)
    const embed = embedOf(one.original)
    expect(embed['title']).toBe('\\*\\*Breaking\\*\\* \\_news\\_ \\| \\`code\\` \\[link\\](https\\://x.example) @\u200beveryone')
    const fields = embed['fields'] as JsonObject[]
    expect(fields.map(f => f['name'])).toEqual(['Outlet', 'Date', 'Date found in', 'Passages', 'Id', 'Link'])
    // Shortened at a word, to 200 characters.
    expect(fields[0]?.['value']).toBe(`${'The Extremely Long Outlet Name '.repeat(6)}The…`)
    // A cut address would lead somewhere else, so it is not shown at all.
    expect(fields[5]?.['value']).toBe(`too long to show (${url.length} characters)`)
    for (const field of fields) expect(String(field['value']).length).toBeLessThanOrEqual(1024)
    expect(one.original?.pings).toEqual({ everyone: false, users: [], roles: [] })
  })
})

describe('/reindex', () => {
  it('is registered for Manage Server members in servers only', async () => {
    const { emu } = await boot()
    const registered = emu.guildCommands.get(emu.guildId)?.find(c => c['name'] === 'reindex')
    expect(registered).toMatchObject({ default_member_permissions: MANAGE_GUILD, contexts: [0] })
  })

  it('refuses members without Manage Server, privately', async () => {
    const { emu } = await boot()
    const attempt = emu.sendChatInput('reindex', undefined, { user: 'mallory', permissions: NO_PERMISSIONS })
    await attempt.waitForResponse()
    expect(attempt.callbacks[0]?.body).toEqual(privateReply('Only members with the Manage Server permission can reindex.'))
  })

  it('rebuilds for a moderator and reports what changed and how long it took', async () => {
    const { emu, seeds } = await boot()
    await seeds.write('005_new.txt', 'Lavrov visits Delhi\n\n2 Feb, 2024 10:00\n\nSergey Lavrov arrived in New Delhi for talks on the Chennai-Vladivostok maritime corridor.')
    const run = emu.sendChatInput('reindex', undefined, { user: 'mod', permissions: MANAGE_GUILD })
    await run.waitForEdit()
    expect(run.callbacks[0]?.body).toEqual({ type: DEFERRED, data: { flags: EPHEMERAL } })
    const embed = embedOf(run.original)
    expect(embed['title']).toBe('Reindex complete')
    expect(embed['description']).toMatch(/^6 articles, 34 passages indexed in \d+\.\d\d s\.$/)
    expect((embed['fields'] as JsonObject[]).map(f => [f['name'], f['value']])).toEqual([
      ['Articles', '1 added, 0 removed, 0 changed'], ['Passages', '1 added, 0 removed, 0 changed'],
    ])
    const ask = emu.sendChatInput('ask', { question: 'Chennai-Vladivostok corridor' })
    await settle(ask)
    expect(String(embedOf(ask.original)['description'])).toContain('2 Feb 2024')
  })

  it('lists broken seed files and keeps answering from the last good version', async () => {
    const { emu, seeds } = await boot()
    await seeds.write(`${SEED_IDS.valdai}.txt`, 'Leave a Reply')
    await seeds.write('007_bad.txt', Buffer.from([0xff, 0x00, 0xfe]))
    const run = emu.sendChatInput('reindex', undefined, { permissions: MANAGE_GUILD })
    await run.waitForEdit()
    const fields = embedOf(run.original)['fields'] as JsonObject[]
    expect(fields.at(-1)).toEqual({
      name: 'Files with problems (2)',
      value: `• seed "${SEED_IDS.valdai.replace('_', '\\_')}.txt": has no citable text after removing boilerplate\n• seed "007\\_bad.txt": is not UTF-8 text\nKept the last good version of: \`${SEED_IDS.valdai}\``,
    })
    const ask = emu.sendChatInput('ask', { question: 'Who chairs the Valdai club?' })
    await settle(ask)
    expect(String(embedOf(ask.original)['description'])).toContain(GOLDEN.rendered)
  })

  it('tells a second moderator that a reindex is already running, while questions are still answered', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>(resolve => { release = resolve })
    let builds = 0
    const { emu } = await boot({
      start: async request => {
        builds += 1
        if (builds > 1) await gate
        return await startInProcess(request)
      },
    })
    const first = emu.sendChatInput('reindex', undefined, { user: 'mod1', permissions: MANAGE_GUILD })
    await first.waitForResponse()
    const second = emu.sendChatInput('reindex', undefined, { user: 'mod2', permissions: MANAGE_GUILD })
    await second.waitForEdit()
    expect(second.original?.content).toMatch(/^A reindex is already running \(started <t:\d+:R> by <@\d+>\)\. Questions are answered from the current index meanwhile\.$/)
    expect(second.original?.pings).toEqual({ everyone: false, users: [], roles: [] })
    const ask = emu.sendChatInput('ask', { question: 'Valdai club' })
    await settle(ask)
    expect(embedOf(ask.original)['title']).toBe('Valdai club')
    release()
    await first.waitForEdit()
    expect(embedOf(first.original)['title']).toBe('Reindex complete')
  })
})

describe('direct messages with the bot', () => {
  it('registers /ask, /sources, /timeline and /help for servers and DMs with the bot, and the moderators\' commands for servers only', async () => {
    const { emu } = await boot({ deploy: 'global' })
    const registered = Object.fromEntries(emu.globalCommands.map(c => [c.name, [c['contexts'], c['integration_types']]]))
    expect(registered).toEqual({ ask: [[0, 1], [0]], sources: [[0, 1], [0]], timeline: [[0, 1], [0]], help: [[0, 1], [0]], reindex: [[0], [0]], ingest: [[0], [0]], feeds: [[0], [0]], stats: [[0], [0]] })
    expect(() => emu.sendChatInput('reindex', undefined, { dm: true, permissions: MANAGE_GUILD })).toThrow('emulator: /reindex is registered for contexts [0], so Discord does not offer it in DMs with the bot')
  })

  it('answers /ask privately in a DM, pages in place and keeps the member\'s cooldown', async () => {
    const { emu } = await boot({ deploy: 'global', cooldownSeconds: 30 })
    const ask = emu.sendChatInput('ask', { question: 'India Russia defence cooperation' }, { user: 'alice', dm: true })
    await ask.waitForResponse()
    expect(ask.callbacks[0]?.body).toEqual({ type: DEFERRED, data: { flags: EPHEMERAL } })
    await settle(ask)
    expect(String(embedOf(ask.original)['description'])).toMatch(/^\*\*\[1\]\*\*/)
    const more = emu.sendButton(buttonId(ask.original, 'More sources'), { message: ask, user: 'alice' })
    await more.waitForResponse()
    expect(more.payload['context']).toBe(1)
    expect(more.responseType).toBe(UPDATE)
    expect(String(embedOf(ask.original)['description'])).toMatch(/^\*\*\[4\]\*\*/)
    const again = emu.sendChatInput('ask', { question: 'Putin' }, { user: 'alice', dm: true })
    await again.waitForResponse()
    expect(again.original?.content).toMatch(/^You're asking quickly: you can ask again <t:\d+:R>\.$/)
  })

  it('posts a public answer in the DM itself', async () => {
    const { emu } = await boot({ deploy: 'global' })
    const ask = emu.sendChatInput('ask', { question: GOLDEN.question, public: true }, { user: 'alice', dm: true })
    await settle(ask)
    expect(ask.original?.ephemeral).toBe(false)
    expect(ask.original?.raw.channel_id).toBe((ask.payload['channel'] as JsonObject)['id'])
    expect(String(embedOf(ask.original)['description'])).toContain(GOLDEN.rendered)
  })

  it('lists, shows and autocompletes sources in a DM', async () => {
    const { emu } = await boot({ deploy: 'global' })
    const list = emu.sendChatInput('sources', undefined, { dm: true })
    await list.waitForResponse()
    expect(embedOf(list.original)['title']).toBe('Indexed coverage: 5 articles')
    const typing = emu.sendAutocomplete('sources', { source: 'val' }, { dm: true })
    await typing.waitForResponse()
    expect(typing.choices).toEqual([{ name: 'India and Russia hold candid talks on bilateral ties · 8 Jan 2024', value: SEED_IDS.valdai }])
    const one = emu.sendChatInput('sources', { source: SEED_IDS.valdai }, { dm: true })
    await one.waitForResponse()
    expect(embedOf(one.original)['title']).toBe('India and Russia hold candid talks on bilateral ties')
  })
})

describe('the gateway connection', () => {
  it('resumes after a disconnect and keeps answering', async () => {
    const { emu } = await boot()
    emu.dropConnection()
    await emu.waitForResume()
    const ask = emu.sendChatInput('ask', { question: 'Valdai club' })
    await settle(ask)
    expect(embedOf(ask.original)['title']).toBe('Valdai club')
    expect(emu.gateway).toMatchObject({ identifies: 1, resumes: 1 })
  })
})
