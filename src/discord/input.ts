/**
 * Discord's markup in typed text: user, role and channel mentions (`<@123>`,
 * `<@!123>`, `<@&456>`, `<#789>`), custom emoji (`<:name:123>`, `<a:name:123>`),
 * timestamps (`<t:1704715200:R>`), command links (`</ask:123>`) and guide
 * links (`<id:customize>`). Members see names or pictures there; the text
 * holds ids, whose digits are no words of a question.
 */
const DISCORD_MARKUP = /<(?:@[!&]?\d+|#\d+|a?:\w{1,32}:\d+|t:-?\d+(?::[tTdDfFR])?|\/[-_'\p{L}\p{N} ]{1,98}:\d+|id:[\w-]+(?::\d+)?)>/gu

/** The text a member typed, without Discord's markup, as the question to search for. */
export function stripDiscordMarkup (text: string): string {
  return text.replace(DISCORD_MARKUP, ' ')
}
