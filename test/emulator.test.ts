import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
  type Client,
  type Interaction,
} from 'discord.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import {
  createClient,
  loginAndWaitForReady,
  startEmulator,
  waitForReady,
  type Emulator,
  type EmulatorOptions,
} from './emulator/index.js'

// Each spec boots its own emulator + client; afterEach tears them down in the required order.
let emu: Emulator | undefined
let client: Client | undefined

afterEach(async () => {
  await client?.destroy()
  await emu?.close()
  client = undefined
  emu = undefined
})

async function boot (options: EmulatorOptions = {}): Promise<{ emu: Emulator; client: Client<true> }> {
  emu = await startEmulator(options)
  client = createClient(emu)
  const ready = await loginAndWaitForReady(client, emu.token)
  return { emu, client: ready }
}

/** Registers a bot behaviour; errors are surfaced through a rejected promise instead of crashing the run. */
function onInteraction (target: Client, behaviour: (interaction: Interaction) => Promise<void>): { errors: unknown[] } {
  const errors: unknown[] = []
  target.on('interactionCreate', (interaction) => {
    behaviour(interaction).catch((error: unknown) => errors.push(error))
  })
  return { errors }
}

/** Lets a spec observe the bot mid-flight (e.g. while "thinking…" is shown). */
function gate (): { wait: Promise<void>; open: () => void } {
  let open!: () => void
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

describe('emulator', () => {
  describe('login', () => {
    it('lets a real discord.js client log in and become ready with the guild cached, well under the 15 s guild wait', async () => {
      const started = performance.now()
      const { emu, client } = await boot()

      expect(performance.now() - started).toBeLessThan(2000)
      expect(client.user.id).toBe(emu.botUser.id)
      expect(client.user.bot).toBe(true)
      expect(client.application.id).toBe(emu.applicationId)
      const guild = client.guilds.cache.get(emu.guildId)
      expect(guild?.available).toBe(true)
      expect(guild?.roles.everyone.id).toBe(emu.guildId)
      expect(client.channels.cache.get(emu.channelId)?.isTextBased()).toBe(true)
      expect(emu.gateway).toMatchObject({ connected: true, identifies: 1, resumes: 0 })
    })

    it('serves exactly one REST call at login: GET /gateway/bot with the bot token', async () => {
      const { emu } = await boot()

      expect(emu.requests).toHaveLength(1)
      expect(emu.requests[0]).toMatchObject({
        method: 'GET',
        path: '/gateway/bot',
        route: 'gatewayBot',
        status: 200,
        authorization: `Bot ${emu.token}`,
      })
      expect(emu.gatewayEvents[0]?.detail).toMatchObject({ v: '10', encoding: 'json', compress: null })
    })

    it('rejects a login with the wrong token before any gateway connection is attempted', async () => {
      emu = await startEmulator()
      client = createClient(emu)

      await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' })
      expect(emu.requests[0]).toMatchObject({ route: 'gatewayBot', status: 401, response: { message: '401: Unauthorized', code: 0 } })
      expect(emu.gateway.connections).toBe(0)
    })

    it('closes the gateway with 4004 when IDENTIFY carries the wrong token', async () => {
      emu = await startEmulator()
      const socket = new WebSocket(`${emu.gatewayUrl}?v=10&encoding=json`)
      const hello = await new Promise<{ op: number; d: { heartbeat_interval: number } }>((resolve) =>
        socket.once('message', (data) => resolve(JSON.parse(data.toString())))
      )
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
      socket.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }))

      expect(hello).toMatchObject({ op: 10, d: { heartbeat_interval: 41250 } })
      expect(await closed).toBe(4004)
    })

    it('can sit behind a custom base path, standing in for a REST proxy', async () => {
      const { emu, client } = await boot({ basePath: '/proxy/discord' })

      expect(emu.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/proxy\/discord$/)
      expect(client.isReady()).toBe(true)
      expect(emu.requests[0]?.url).toBe('/proxy/discord/v10/gateway/bot')
    })

    it('acknowledges heartbeats so the client can measure its ping', async () => {
      const { emu, client } = await boot({ heartbeatIntervalMs: 100 })

      await emu.waitForGatewayEvent('heartbeat', 2000)
      await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 })
    })

    it('offers waitForReady for callers that drive client.login() themselves', async () => {
      emu = await startEmulator()
      client = createClient(emu)
      const ready = waitForReady(client)
      await client.login(emu.token)

      await expect(ready).resolves.toBe(client)
    })
  })

  describe('interactions', () => {
    it('records a reply with its exact payload, including allowed_mentions, and shows it as the original response', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.reply({
          content: `You asked: ${interaction.options.getString('question', true)}`,
          allowedMentions: { parse: [] },
        })
      })

      const ask = emu.sendChatInput('ask', { question: 'who won?' })
      const callback = await ask.waitForResponse()

      expect(callback.body).toEqual({
        type: 4,
        data: { content: 'You asked: who won?', tts: false, enforce_nonce: false, allowed_mentions: { parse: [] } },
      })
      expect(callback.query).toEqual({ with_response: 'false' })
      expect(callback.status).toBe(204)
      expect(callback.authorization).toBeNull()
      expect(ask.ackLatencyMs).toBeLessThan(3000)
      expect(ask.messages.map((message) => message.content)).toEqual(['You asked: who won?'])
      expect(ask.original).toMatchObject({ ephemeral: false, loading: false, edited: false })
    })

    it('can hold a route\'s responses, as a slow Discord would, after the request took effect', async () => {
      const { emu, client } = await boot()
      let deferred = 0
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        const started = Date.now()
        await interaction.deferReply()
        deferred = Date.now() - started
      })
      emu.setResponseDelay('interactionCallback', 300)
      const ask = emu.sendChatInput('ask', { question: 'who won?' })
      await ask.waitForResponse()
      expect(ask.original?.loading).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(deferred).toBeGreaterThanOrEqual(290)
      emu.setResponseDelay('interactionCallback', 0)
    })

    it('shows who a reply would ping, honouring allowed_mentions', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        const mention = `<@${interaction.user.id}> @everyone`
        await interaction.reply(
          interaction.commandName === 'quiet' ? { content: mention, allowedMentions: { parse: [] } } : { content: mention }
        )
      })

      const loud = emu.sendChatInput('loud', undefined, { user: 'alice' })
      const quiet = emu.sendChatInput('quiet', undefined, { user: 'alice' })
      await Promise.all([loud.waitForResponse(), quiet.waitForResponse()])

      expect(loud.original?.pings).toEqual({ everyone: true, users: [loud.user.id], roles: [] })
      expect(quiet.original?.pings).toEqual({ everyone: false, users: [], roles: [] })
    })

    it('shows a thinking placeholder after deferReply() and the final text after editReply()', async () => {
      const { emu, client } = await boot()
      const release = gate()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.deferReply({ flags: MessageFlags.Ephemeral })
        await release.wait
        await interaction.editReply({ content: 'Here are three dated excerpts.', allowedMentions: { parse: [] } })
      })

      const ask = emu.sendChatInput('ask', { question: 'budget vote' })
      const deferral = await ask.waitForResponse()

      expect(deferral.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } })
      expect(ask.original).toMatchObject({ content: '', loading: true, ephemeral: true })

      release.open()
      const edit = await ask.waitForEdit()

      expect(edit.method).toBe('PATCH')
      expect(edit.path).toBe(`/webhooks/${emu.applicationId}/${ask.token}/messages/@original`)
      expect(edit.body).toEqual({
        content: 'Here are three dated excerpts.',
        tts: false,
        enforce_nonce: false,
        allowed_mentions: { parse: [] },
      })
      expect(ask.original).toMatchObject({ content: 'Here are three dated excerpts.', loading: false, ephemeral: true })
      expect(ask.requests.map((request) => request.route)).toEqual(['interactionCallback', 'editOriginal'])
    })

    it('records follow-ups in order and shows them after the reply', async () => {
      const { emu, client } = await boot()
      const sent: string[] = []
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.reply('first')
        const second = await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral })
        const third = await interaction.followUp('third')
        sent.push(second.id, third.id)
      })

      const ask = emu.sendChatInput('ask')
      const last = await ask.waitForFollowUp({ count: 2 })

      expect(last.query).toEqual({ wait: 'true' })
      expect(ask.followUps.map((request) => request.body)).toEqual([
        { content: 'second', tts: false, enforce_nonce: false, flags: MessageFlags.Ephemeral },
        { content: 'third', tts: false, enforce_nonce: false },
      ])
      expect(ask.messages.map((message) => [message.content, message.ephemeral])).toEqual([
        ['first', false],
        ['second', true],
        ['third', false],
      ])
      await vi.waitFor(() => expect(sent).toEqual(ask.followUpMessages.map((message) => message.id)))
      const times = ask.requests.map((request) => request.sinceDispatchMs ?? Number.NaN)
      expect([...times].sort((a, b) => a - b)).toEqual(times)
    })

    it('fills the thinking placeholder with the first follow-up after a deferral, as Discord does', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.deferReply()
        await interaction.followUp('answer')
        await interaction.followUp('extra')
      })

      const ask = emu.sendChatInput('ask')
      await ask.waitForFollowUp({ count: 2 })

      expect(ask.messages.map((message) => message.content)).toEqual(['answer', 'extra'])
      expect(ask.original).toMatchObject({ content: 'answer', loading: false, edited: false })
    })

    it('returns the created message when the bot asks for it with withResponse', async () => {
      const { emu, client } = await boot()
      const seen: (string | undefined)[] = []
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        const response = await interaction.reply({ content: 'with response', withResponse: true })
        seen.push(response.resource?.message?.content, response.interaction.responseMessageId ?? undefined)
      })

      const ask = emu.sendChatInput('ask')
      const callback = await ask.waitForResponse()

      expect(callback.query).toEqual({ with_response: 'true' })
      expect(callback.status).toBe(200)
      await vi.waitFor(() => expect(seen).toEqual(['with response', ask.original?.id]))
    })

    it('removes the original response from view when the bot deletes it', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.reply('temporary')
        await interaction.deleteReply()
      })

      const ask = emu.sendChatInput('ask')
      await ask.waitForRequest((request) => request.route === 'deleteOriginal')

      expect(ask.original).toBeNull()
      expect(ask.messages).toEqual([])
    })

    it('extracts payload_json and the files from multipart uploads', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.reply({ content: 'see attached', files: [{ attachment: Buffer.from('dated excerpt'), name: 'excerpt.txt' }] })
      })

      const ask = emu.sendChatInput('ask')
      const callback = await ask.waitForResponse()

      expect(callback.body).toMatchObject({ type: 4, data: { content: 'see attached', attachments: [{ id: '0' }] } })
      expect(callback.files).toHaveLength(1)
      expect(callback.files[0]).toMatchObject({ field: 'files[0]', name: 'excerpt.txt' })
      expect(callback.files[0]?.data.toString()).toBe('dated excerpt')
      expect(ask.original?.attachments.map((attachment) => attachment.filename)).toEqual(['excerpt.txt'])
    })

    it('records autocomplete choices offered for the focused option', async () => {
      const { emu, client } = await boot()
      const topics = ['election', 'elections abroad', 'energy']
      onInteraction(client, async (interaction) => {
        if (!interaction.isAutocomplete()) return
        const typed = interaction.options.getFocused()
        await interaction.respond(topics.filter((topic) => topic.startsWith(typed)).map((topic) => ({ name: topic, value: topic })))
      })

      const typing = emu.sendAutocomplete('ask', { question: 'x', topic: 'ele' })
      const callback = await typing.waitForResponse()

      expect(callback.body).toEqual({
        type: 8,
        data: {
          choices: [
            { name: 'election', value: 'election' },
            { name: 'elections abroad', value: 'elections abroad' },
          ],
        },
      })
      expect(typing.choices?.map((choice) => choice['name'])).toEqual(['election', 'elections abroad'])
      expect(typing.messages).toEqual([])
    })

    it('records a button click answered with update(), changing the message the button is on', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) {
          const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary)
          )
          await interaction.reply({ content: 'one excerpt', components: [row] })
        } else if (interaction.isButton() && interaction.customId === 'more') {
          await interaction.update({ content: `two excerpts (was: ${interaction.message.content})`, components: [] })
        }
      })

      const ask = emu.sendChatInput('ask')
      await ask.waitForResponse()
      const click = emu.sendButton('more', { message: ask })
      const callback = await click.waitForResponse()

      expect(callback.body).toEqual({
        type: 7,
        data: { content: 'two excerpts (was: one excerpt)', tts: false, enforce_nonce: false, components: [] },
      })
      expect(click.original?.id).toBe(ask.original?.id)
      expect(ask.original).toMatchObject({ content: 'two excerpts (was: one excerpt)', components: [], edited: true })
      expect(() => emu.sendButton('more', { message: ask })).toThrow(/no component with custom_id "more"/)
    })

    it('delivers member permissions and user identity so permission checks and per-user cooldowns can be tested', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        const canManage = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false
        await interaction.reply(`${interaction.user.username}:${interaction.user.id}:${canManage}`)
      })

      const admin = emu.sendChatInput('reindex', undefined, { user: 'alice', permissions: PermissionFlagsBits.ManageGuild })
      const member = emu.sendChatInput('reindex', undefined, { user: 'bob', permissions: '0' })
      const again = emu.sendChatInput('reindex', undefined, { user: 'alice', permissions: '32' })
      await Promise.all([admin, member, again].map((handle) => handle.waitForResponse()))

      expect(admin.original?.content).toBe(`alice:${admin.user.id}:true`)
      expect(member.original?.content).toBe(`bob:${member.user.id}:false`)
      expect(again.user.id).toBe(admin.user.id)
      expect(member.user.id).not.toBe(admin.user.id)
    })

    it('refuses acknowledgements that arrive after the deadline, as Discord does after 3 seconds', async () => {
      const { emu, client } = await boot({ ackDeadlineMs: 50 })
      const { errors } = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await new Promise((resolve) => setTimeout(resolve, 120))
        await interaction.reply('too late')
      })

      const ask = emu.sendChatInput('slow')
      const callback = await ask.waitForResponse()

      expect(callback).toMatchObject({ status: 404, response: { code: 10062, message: 'Unknown interaction' } })
      expect(ask.ackLatencyMs).toBeGreaterThan(50)
      expect(ask.acknowledged).toBe(false)
      expect(ask.messages).toEqual([])
      await vi.waitFor(() => expect(errors[0]).toBeInstanceOf(DiscordAPIError))
    })

    it('explains what it saw when a wait times out', async () => {
      const { emu } = await boot()

      const ignored = emu.sendChatInput('ask')

      await expect(ignored.waitForResponse(50)).rejects.toThrow(
        /timed out after 50ms waiting for the first interaction callback for \/ask .*Requests seen for it: none/
      )
    })
  })

  describe('Discord limits', () => {
    it('refuses a reply over an embed limit with 400 Invalid Form Body naming the field, and shows nothing', async () => {
      const { emu, client } = await boot()
      const { errors } = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.reply({ embeds: [{ title: 'Outlet', fields: [{ name: 'Outlet', value: 'x'.repeat(1025) }] }] })
      })

      const ask = emu.sendChatInput('ask')
      const callback = await ask.waitForResponse()

      expect(callback).toMatchObject({
        status: 400,
        response: {
          code: 50035,
          message: 'Invalid Form Body',
          errors: { data: { embeds: { 0: { fields: { 0: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 1024 or fewer in length.' }] } } } } } } },
        },
      })
      expect(ask.acknowledged).toBe(false)
      expect(ask.messages).toEqual([])
      await vi.waitFor(() => expect(errors[0]).toBeInstanceOf(DiscordAPIError))
    })

    it('refuses embeds over 6000 characters together, and content over 2000, when editing too', async () => {
      const { emu, client } = await boot()
      const { errors } = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.deferReply()
        const embed = { description: 'y'.repeat(4000) }
        await interaction.editReply({ content: 'z'.repeat(2001), embeds: [embed, embed] })
      })

      const ask = emu.sendChatInput('ask')
      const edit = await ask.waitForEdit()

      expect(edit.status).toBe(400)
      expect(edit.response.errors).toEqual({
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
        embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] },
      })
      expect(ask.original).toMatchObject({ loading: true, content: '' })
      await vi.waitFor(() => expect(errors).toHaveLength(1))
    })

    it('refuses more than 25 autocomplete choices or a name over 100 characters', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (!interaction.isAutocomplete()) return
        const many = Array.from({ length: 26 }, (_, i) => ({ name: `topic ${i}`, value: String(i) }))
        await interaction.respond(interaction.options.getFocused() === 'many' ? many : [{ name: 'n'.repeat(101), value: 'v' }])
      })

      const many = emu.sendAutocomplete('ask', { topic: 'many' })
      const long = emu.sendAutocomplete('ask', { topic: 'long' })
      await Promise.all([many.waitForResponse(), long.waitForResponse()])

      expect(many.callbacks[0]?.response.errors).toEqual({ data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } })
      expect(long.callbacks[0]?.response.errors).toEqual({ data: { choices: { 0: { name: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }] } } } } })
      expect([many.choices, long.choices]).toEqual([null, null])
    })
  })

  describe('fault injection', () => {
    it('fails every edit of @original when asked to, leaving the thinking placeholder for the bot to clean up', async () => {
      const { emu, client } = await boot()
      const { errors } = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.deferReply()
        await interaction.editReply('answer').catch(async (error: unknown) => {
          errors.push(error)
          await interaction.deleteReply()
        })
      })

      const refused = emu.sendChatInput('ask', undefined, { failEdits: 'invalid-form-body' })
      await refused.waitForRequest((request) => request.route === 'deleteOriginal')

      expect(refused.edits.map((edit) => [edit.status, edit.response.code])).toEqual([[400, 50035]])
      expect(errors[0]).toMatchObject({ status: 400, code: 50035 })
      expect(refused.original).toBeNull()
    })

    it('answers a 500 to each of discord.js\'s retries when the edit meets an outage', async () => {
      const { emu, client } = await boot()
      const { errors } = onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        await interaction.deferReply()
        await interaction.editReply('answer')
      })

      const outage = emu.sendChatInput('ask', undefined, { failEdits: 'server-error' })
      await vi.waitFor(() => expect(errors).toHaveLength(1))

      expect(outage.edits.map((edit) => edit.status)).toEqual([500, 500, 500, 500])
      expect(errors[0]).toMatchObject({ status: 500 })
      expect(outage.original).toMatchObject({ loading: true })
    })
  })

  describe('direct messages', () => {
    it('sends a DM interaction with a user instead of a member, no guild, context 1 and the DM channel', async () => {
      const { emu, client } = await boot()
      const seen: unknown[] = []
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        seen.push([interaction.inGuild(), interaction.guildId, interaction.member, interaction.memberPermissions, interaction.context, interaction.user.username])
        await interaction.reply({ content: 'in your DMs', flags: MessageFlags.Ephemeral })
      })

      const ask = emu.sendChatInput('ask', { question: 'q' }, { user: 'alice', dm: true })
      await ask.waitForResponse()

      expect(ask.payload).not.toHaveProperty('guild_id')
      expect(ask.payload).not.toHaveProperty('member')
      expect(ask.payload).toMatchObject({
        user: { username: 'alice' },
        context: 1,
        channel: { type: 1, recipients: [{ username: 'alice' }] },
        authorizing_integration_owners: { 0: '0' },
      })
      expect(seen).toEqual([[false, null, null, null, 1, 'alice']])
      expect(ask.original).toMatchObject({ content: 'in your DMs', ephemeral: true })
      expect(ask.original?.raw.channel_id).toBe((ask.payload['channel'] as { id: string }).id)
    })

    it('presses a button on a DM message in that DM', async () => {
      const { emu, client } = await boot()
      const places: unknown[] = []
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) {
          const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary))
          await interaction.reply({ content: 'one', components: [row] })
        } else if (interaction.isButton()) {
          places.push([interaction.inGuild(), interaction.context])
          await interaction.update({ content: 'two', components: [] })
        }
      })

      const ask = emu.sendChatInput('ask', undefined, { user: 'alice', dm: true })
      await ask.waitForResponse()
      const click = emu.sendButton('more', { message: ask, user: 'alice' })
      await click.waitForResponse()

      expect(click.payload['context']).toBe(1)
      expect(places).toEqual([[false, 1]])
      expect(ask.original?.content).toBe('two')
    })

    it('refuses to send a command where Discord would not offer it: server commands and guild-only contexts stay out of DMs', async () => {
      const { emu } = await boot()
      const rest = new REST({ api: emu.restUrl }).setToken(emu.token)
      const command = (name: string, contexts?: number[]) => ({ name, description: name, ...(contexts ? { contexts } : {}) })
      await rest.put(Routes.applicationCommands(emu.applicationId), { body: [command('ask', [0, 1]), command('reindex', [0]), command('help')] })
      await rest.put(Routes.applicationGuildCommands(emu.applicationId, emu.guildId), { body: [command('local')] })

      expect(() => emu.sendChatInput('ask', undefined, { dm: true })).not.toThrow()
      expect(() => emu.sendChatInput('help', undefined, { dm: true })).not.toThrow()
      expect(() => emu.sendChatInput('reindex', undefined, { dm: true })).toThrow('emulator: /reindex is registered for contexts [0], so Discord does not offer it in DMs with the bot')
      expect(() => emu.sendChatInput('local', undefined, { dm: true })).toThrow('emulator: /local is registered in one server only, so Discord does not offer it in DMs with the bot')
      expect(() => emu.sendAutocomplete('reindex', { x: '' }, { dm: true })).toThrow(/does not offer it in DMs/)
      expect(() => emu.sendChatInput('reindex')).not.toThrow()
    })
  })

  describe('gateway resilience', () => {
    it('lets the client RESUME after a forced disconnect and keeps delivering interactions', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply('still here')
      })
      const sessionId = emu.gateway.sessionId

      await emu.dropConnection()
      const resumed = await emu.waitForResume()
      const ask = emu.sendChatInput('ask')
      await ask.waitForResponse()

      expect(resumed.detail).toMatchObject({ sessionId, replayed: 0 })
      expect(emu.resumed).toBe(true)
      expect(emu.gateway).toMatchObject({ identifies: 1, resumes: 1, connections: 2, sessionId })
      expect(ask.original?.content).toBe('still here')
    })

    it('replays interactions sent while the bot was disconnected once it resumes', async () => {
      const { emu, client } = await boot()
      onInteraction(client, async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply('caught up')
      })

      await emu.dropConnection({ terminate: true })
      const missed = emu.sendChatInput('ask')
      expect(missed.dispatchedAt).toBeNull()
      const resumed = await emu.waitForResume()
      await missed.waitForResponse()

      expect(resumed.detail).toMatchObject({ replayed: 1 })
      expect(missed.original?.content).toBe('caught up')
    })

    it('follows an op 7 reconnect request by resuming the same session', async () => {
      const { emu } = await boot()

      const resumed = emu.waitForGatewayEvent('resumed')
      emu.requestReconnect()

      expect((await resumed).detail['sessionId']).toBe(emu.gateway.sessionId)
      expect(emu.gateway.identifies).toBe(1)
    })
  })

  describe('REST for deploy scripts', () => {
    it('accepts bulk command overwrites, echoes them with ids and uses those ids in interactions', async () => {
      const { emu, client } = await boot()
      const rest = new REST({ api: emu.restUrl }).setToken(emu.token)
      const commands = [{ name: 'ask', description: 'Ask about news coverage', options: [{ name: 'question', description: 'What to ask', type: 3, required: true }] }]

      const global = (await rest.put(Routes.applicationCommands(emu.applicationId), { body: commands })) as { id: string; name: string }[]
      const guild = (await rest.put(Routes.applicationGuildCommands(emu.applicationId, emu.guildId), { body: commands })) as { guild_id: string }[]
      const listed = (await rest.get(Routes.applicationCommands(emu.applicationId))) as { id: string }[]
      const commandIds: string[] = []
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return
        commandIds.push(interaction.commandId)
        await interaction.reply('ok')
      })
      await emu.sendChatInput('ask', { question: 'q' }).waitForResponse()

      expect(global).toMatchObject([{ name: 'ask', application_id: emu.applicationId, type: 1 }])
      expect(guild[0]?.guild_id).toBe(emu.guildId)
      expect(listed.map((command) => command.id)).toEqual(global.map((command) => command.id))
      expect(emu.globalCommands.map((command) => command.name)).toEqual(['ask'])
      expect(emu.requests.find((request) => request.route === 'putGlobalCommands')?.body).toEqual(commands)
      await vi.waitFor(() => expect(commandIds).toEqual([global[0]?.id]))
    })

    it('rejects commands Discord would reject, with a 50035 Invalid Form Body', async () => {
      emu = await startEmulator()
      const rest = new REST({ api: emu.restUrl }).setToken(emu.token)

      const attempt = rest.put(Routes.applicationCommands(emu.applicationId), { body: [{ name: 'Ask', description: '' }] })

      await expect(attempt).rejects.toMatchObject({ status: 400, code: 50035 })
      expect(emu.requests[0]?.response.errors['0']).toHaveProperty('name')
      expect(emu.requests[0]?.response.errors['0']).toHaveProperty('description')
      expect(emu.globalCommands).toEqual([])
    })

    it('serves /users/@me and /applications/@me, and answers unknown routes with a Discord-style 404 it records', async () => {
      emu = await startEmulator()
      const rest = new REST({ api: emu.restUrl }).setToken(emu.token)

      const me = (await rest.get(Routes.user('@me'))) as { id: string; bot: boolean }
      const app = (await rest.get(Routes.currentApplication())) as { id: string }
      const unknown = rest.get(Routes.guildBans(emu.guildId))

      expect(me).toMatchObject({ id: emu.botUser.id, bot: true })
      expect(app.id).toBe(emu.applicationId)
      await expect(unknown).rejects.toMatchObject({ status: 404, rawError: { message: '404: Not Found', code: 0 } })
      expect(emu.unknownRequests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /guilds/${emu.guildId}/bans`])
    })

    it('requires the bot token on authenticated routes', async () => {
      emu = await startEmulator()
      const rest = new REST({ api: emu.restUrl }).setToken('stolen')

      await expect(rest.get(Routes.applicationCommands(emu.applicationId))).rejects.toMatchObject({ status: 401 })
    })
  })
})
