import { describe, expect, it } from 'vitest'
import { stripDiscordMarkup } from '../../src/discord/input.js'

describe('stripDiscordMarkup', () => {
  it('removes user, nickname, role and channel mentions', () => {
    expect(stripDiscordMarkup('<@123> <@!123>x<@&456> <#789>Kudankulam?')).toBe('   x   Kudankulam?')
  })

  it('removes custom emoji, timestamps, command and guide links', () => {
    expect(stripDiscordMarkup('<:kudos:12> <a:wave_2:34> <t:1704715200> <t:1704715200:R> </ask:56> </news digest:78> <id:customize>')).toBe('             ')
  })

  it('keeps everything that is not Discord markup', () => {
    const text = 'a < b > c, <https://rt.com/x>, @everyone, <@name>, <:no id:>, <t:soon>, 2 < 3'
    expect(stripDiscordMarkup(text)).toBe(text)
  })
})
