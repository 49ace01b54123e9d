/**
 * Site furniture that scrapers leave in article text. None of it may be
 * indexed or cited: "Read Also: <unrelated headline>" would otherwise answer
 * questions the article never discusses.
 */

/** Lines that end the article: what follows is the comment form or the footer. */
const END_OF_ARTICLE: readonly RegExp[] = [
  /^leave a (?:reply|comment)\b/i,
  /^(?:\d+\s+)?comments?\s*(?:\(\d+\))?$/i,
  /^about the author$/i,
]

const BOILERPLATE_LINE: readonly RegExp[] = [
  // Cross-links to other stories: "Read Also: …", "Also Read:- …", "READ MORE | …".
  /^(?:read also|also read|read more|see also|also see|must read|don'?t miss|recommended|related(?: stories| articles| news)?|watch|listen)\s*[:|–—-]/i,
  /^skip to (?:main )?content$/i,
  /^(?:recent posts|recent comments|related posts|popular posts|latest news|trending(?: now)?|categories|archives|tags?|share(?: this(?: article| story)?)?(?: on)?|advertisement|sponsored|menu|search|home)\s*:?$/i,
  /^let'?s get social$/i,
  /^follow us\b/i,
  /^(?:subscribe|sign up)\b.*\b(?:newsletter|updates|alerts)\b/i,
  /your email address will not be published/i,
  /required fields are marked/i,
  /^(?:click|tap) (?:here|to (?:read|share|subscribe))\b/i,
  /^all rights reserved\.?$/i,
  /^(?:updated|published)?\s*:?\s*\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago$/i,
  /^(?:photo|image|file photo|representational image)\s*(?:credit)?\s*:/i,
  // Web page furniture that survives extraction: consent banners, paywall prompts, share bars.
  /^(?:this (?:site|website) uses|we use) cookies\b/i,
  /^(?:accept|reject|allow|manage)(?: all)? cookies$/i,
  /^(?:subscribe|sign in|log in|register)(?: now)? to (?:continue|keep|read)\b/i,
  /^already (?:a subscriber|subscribed|have an account)\b/i,
  /^this (?:article|story|content) is (?:only )?(?:for|available to|reserved for|exclusive to) (?:paying )?(?:subscribers|members|premium)\b/i,
  /^(?:share|share this|share on|tweet|email|print|copy link)(?:\s*(?:[|·•,/]\s*)?(?:facebook|twitter|x|whatsapp|linkedin|email|reddit|telegram|print|copy link))*$/i,
  /^(?:get|receive) (?:our|the) .{0,40}\bnewsletter\b/i,
]

export function endsArticle (line: string): boolean {
  return END_OF_ARTICLE.some(pattern => pattern.test(line))
}

/** Messaging-app promos: "We are now on WhatsApp! Follow …", "Join our Telegram channel". */
const MESSAGING_APP = /whatsapp|telegram/i
const MESSAGING_PROMO = /\b(?:whatsapp|telegram)\b.*\b(?:follow|join|subscribe|channel)\b|\b(?:follow|join|subscribe)\b.*\b(?:whatsapp|telegram)\b|we are now on whatsapp/i

export function isBoilerplate (line: string): boolean {
  // The promo pattern scans the whole line, so it runs only where an app is named.
  if (MESSAGING_APP.test(line) && MESSAGING_PROMO.test(line)) return true
  if (COPYRIGHT.test(line) && afterCopyrightNotice(line) === null) return true
  return BOILERPLATE_LINE.some(pattern => pattern.test(line))
}

const COPYRIGHT = /^(?:copyright|©|\(c\))\s/i
/** A notice that a long line opens with ("© Joanna Moncrieff 2013.All rights reserved. A challenging reappraisal…"). */
const LEADING_NOTICE = /^(?:copyright|©|\(c\))\s.{0,160}?all rights reserved\.?\s*/i
/** A line longer than this that opens with a copyright notice holds more than the notice. */
const NOTICE_CHARS = 200

/**
 * The text after a copyright notice that opens a long line: abstracts and
 * one-line records often start with one, and the rest is the article. Null
 * when the line is only a notice, or does not open with one.
 */
export function afterCopyrightNotice (line: string): string | null {
  if (line.length <= NOTICE_CHARS || !COPYRIGHT.test(line)) return null
  const notice = LEADING_NOTICE.exec(line)
  if (notice === null) return null
  const rest = line.slice(notice[0].length).trim()
  return rest.length > 0 ? rest : null
}

const OUTLET_IN_PROMO: readonly RegExp[] = [
  // "We are now on WhatsApp! Follow and share RT India in English and in Hindi"
  /\b[Ff]ollow (?:and share )?(?:us,? )?([A-Z][\w.&' -]{1,40}?) (?:in English|on (?:WhatsApp|Telegram|X|Twitter|Facebook|Instagram|Google News))\b/,
  // "© 2024 The Hindu. All rights reserved."
  /^(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?([A-Z][\w.&' -]{1,40}?)(?:[.,]|\s+all rights|$)/i,
]

/** The outlet a promo or copyright line names about itself, if any. */
export function outletNamedIn (line: string): string | null {
  for (const pattern of OUTLET_IN_PROMO) {
    const name = pattern.exec(line)?.[1]?.trim()
    if (name != null && name.length > 1) return name
  }
  return null
}
