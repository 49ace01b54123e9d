/**
 * Web pages to articles. A news page states most of what a citation needs
 * in its metadata (Open Graph, JSON-LD, `<time>`), which is read first and
 * trusted over the text; the body is found by @mozilla/readability over a
 * linkedom DOM, after the page furniture that Readability keeps (consent
 * banners, newsletter boxes, share bars, related stories, paywall prompts)
 * is removed. The text then goes through the same steps as a text article,
 * so the boilerplate rules of boilerplate.ts apply to it too.
 */
import { createRequire } from 'node:module'
import { articleFromLines, SourceError, type ArticleLine, type PageFindings, type ParseOptions } from './articles.js'
import { findBylineDate, parseBylineDate, parseTimestamp, type Timestamp } from './dates.js'
import { normalizeLine, stripBullet } from './text.js'
import type { Article, ArticleMetadata } from './types.js'

// Loaded with the first page rather than at import: text-only coverage, the
// CLI and the search worker then start without them (about 0.3 s of CPU).
const require = createRequire(import.meta.url)
let libraries: { parseHTML: typeof import('linkedom').parseHTML, Readability: typeof import('@mozilla/readability').Readability } | undefined
function domLibraries (): NonNullable<typeof libraries> {
  libraries ??= {
    parseHTML: (require('linkedom') as typeof import('linkedom')).parseHTML,
    Readability: (require('@mozilla/readability') as typeof import('@mozilla/readability')).Readability,
  }
  return libraries
}

export interface HtmlParseOptions {
  /** How errors name the input, e.g. 'seed "story.html"'. Default: 'page "<id>"'. */
  origin?: string | undefined
  /**
   * Where the page came from. It resolves a relative canonical link, and is
   * the article's url when the page names no canonical one.
   */
  url?: string | null | undefined
  /** A sidecar's overrides, as for text articles. */
  metadata?: ArticleMetadata | undefined
}

/** Which metadata gave a publication date, strongest first. */
export type PageDateOrigin = 'article:published_time' | 'json-ld' | 'time element' | 'byline'

/** What a page says about itself, before its body is read. */
export interface PageMetadata {
  title: string | null
  outlet: string | null
  /** The page's canonical URL, absolute (http or https), if it names one. */
  canonicalUrl: string | null
  published: (Timestamp & { from: PageDateOrigin }) | null
  /** The last-modified date (YYYY-MM-DD) the page states. */
  modified: string | null
}

const ARTICLE_TYPE = /^(?:[A-Z][A-Za-z]*)?(?:Article|BlogPosting)$|^Report$/

/** Page furniture, by the class, id or role words sites give it. */
const FURNITURE = /(?:^|[\s_-])(?:cookies?|consent|gdpr|cmp|newsletters?|subscribe|subscription|signup|sign-up|paywall|regwall|piano|meter|share|sharing|sharebar|social|related|recommended|recommendations|more-stories|read-more|readmore|also-read|promo|outbrain|taboola|advert|advertisement|ads?|sponsored|trending|most-popular|popular|comments?|disqus|breadcrumbs?|author-bio)(?:$|[\s_-])/i
/** Elements that never hold article text. */
const NEVER_TEXT = 'script, style, noscript, template, iframe, svg, canvas, form, button, input, select, textarea, nav, footer, dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"], [role="navigation"], [role="complementary"], [role="contentinfo"], [hidden]'

// ---------------------------------------------------------------- metadata

function metaContent (document: Document, ...keys: string[]): string | null {
  for (const key of keys) {
    for (const attribute of ['property', 'name', 'itemprop']) {
      const value = document.querySelector(`meta[${attribute}="${key}"]`)?.getAttribute('content')?.trim()
      if (value != null && value.length > 0) return value
    }
  }
  return null
}

type JsonObject = Record<string, unknown>
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every object of a page's JSON-LD blocks, with `@graph` and arrays flattened. */
function jsonLdNodes (document: Document): JsonObject[] {
  const nodes: JsonObject[] = []
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4) return
    if (Array.isArray(value)) { for (const item of value) visit(item, depth + 1); return }
    if (!isObject(value)) return
    nodes.push(value)
    if (value['@graph'] !== undefined) visit(value['@graph'], depth + 1)
  }
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0)
    } catch {
      // A malformed block is common (trailing commas, HTML comments); the page's other metadata still counts.
    }
  }
  return nodes
}

function types (node: JsonObject): string[] {
  const type = node['@type']
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string').map(t => t.replace(/^.*[/:]/, ''))
}

function text (value: unknown): string | null {
  if (typeof value === 'string') return normalizeLine(value).length > 0 ? normalizeLine(value) : null
  if (Array.isArray(value)) return text(value[0])
  if (isObject(value)) return text(value['@value'] ?? value.name)
  return null
}

interface JsonLdArticle { headline: string | null, published: string | null, modified: string | null, publisher: string | null }

function jsonLdArticle (nodes: JsonObject[]): JsonLdArticle | null {
  const byId = new Map<string, JsonObject>()
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node)
  const resolve = (value: unknown): unknown => {
    const first = Array.isArray(value) ? value[0] : value
    if (isObject(first) && typeof first['@id'] === 'string' && first.name === undefined) return byId.get(first['@id']) ?? first
    return first
  }
  const article = nodes.find(node => types(node).some(t => ARTICLE_TYPE.test(t)))
  if (article === undefined) return null
  return {
    headline: text(article.headline) ?? text(article.name),
    published: text(article.datePublished) ?? text(article.dateCreated),
    modified: text(article.dateModified),
    publisher: text(resolve(article.publisher)),
  }
}

function absoluteHttpUrl (value: string | null | undefined, base: string | null): string | null {
  if (value == null || value.trim().length === 0) return null
  try {
    const url = base === null ? new URL(value.trim()) : new URL(value.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function timestampFrom (value: string | null | undefined): Timestamp | null {
  if (value == null) return null
  return parseTimestamp(value) ?? parseBylineDate(normalizeLine(value))
}

/** `<time datetime>` elements: one marked as the publication date first, then the first one. */
function timeElementDate (document: Document): Timestamp | null {
  const marked = [
    ...document.querySelectorAll('time[itemprop="datePublished"], [itemprop="datePublished"][datetime], time[pubdate], time[class*="publish"]'),
  ]
  for (const element of [...marked, ...document.querySelectorAll('time[datetime]')]) {
    if (isModifiedElement(element)) continue
    const found = timestampFrom(element.getAttribute('datetime') ?? element.getAttribute('content'))
    if (found !== null) return found
  }
  return null
}

function isModifiedElement (element: Element): boolean {
  const words = `${element.getAttribute('itemprop') ?? ''} ${element.getAttribute('class') ?? ''}`
  if (/modif|updat/i.test(words)) return true
  const before = element.previousSibling?.textContent ?? ''
  return /\b(?:updated|modified)\s*:?\s*(?:on)?\s*$/i.test(before)
}

/** Strips " | Outlet" or " - Outlet" from a title that carries the site's name. */
function withoutSiteName (title: string, outlet: string | null): string {
  if (outlet === null) return title
  for (const separator of [' | ', ' - ', ' – ', ' — ', ' :: ', ' · ']) {
    const suffix = `${separator}${outlet}`
    if (title.toLowerCase().endsWith(suffix.toLowerCase()) && title.length > suffix.length) return title.slice(0, -suffix.length).trim()
  }
  return title
}

/** Reads what a page says about itself: title, outlet, canonical URL, publication and modified dates. */
export function readPageMetadata (document: Document, pageUrl: string | null = null): PageMetadata {
  const ld = jsonLdArticle(jsonLdNodes(document))
  const outlet = metaContent(document, 'og:site_name') ?? ld?.publisher ?? metaContent(document, 'application-name')
  const rawTitle = metaContent(document, 'og:title', 'twitter:title') ?? ld?.headline ?? text(document.querySelector('title')?.textContent) ?? text(document.querySelector('h1')?.textContent)
  const canonical = absoluteHttpUrl(document.querySelector('link[rel~="canonical"]')?.getAttribute('href'), pageUrl) ??
    absoluteHttpUrl(metaContent(document, 'og:url'), pageUrl)

  let published: PageMetadata['published'] = null
  const fromMeta = timestampFrom(metaContent(document, 'article:published_time', 'og:article:published_time'))
  const fromLd = timestampFrom(ld?.published)
  if (fromMeta !== null) published = { ...fromMeta, from: 'article:published_time' }
  else if (fromLd !== null) published = { ...fromLd, from: 'json-ld' }
  else {
    const fromTime = timeElementDate(document)
    if (fromTime !== null) published = { ...fromTime, from: 'time element' }
  }

  const modified = timestampFrom(metaContent(document, 'article:modified_time', 'og:updated_time', 'dateModified') ?? ld?.modified)?.date ??
    timestampFrom(document.querySelector('time[itemprop="dateModified"], [itemprop="dateModified"][datetime]')?.getAttribute('datetime'))?.date ??
    null

  return {
    title: rawTitle === null ? null : withoutSiteName(normalizeLine(rawTitle), outlet === null ? null : normalizeLine(outlet)),
    outlet: outlet === null ? null : normalizeLine(outlet),
    canonicalUrl: canonical,
    published,
    modified,
  }
}

// ---------------------------------------------------------------- body

function isFurniture (element: Element): boolean {
  const words = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''} ${element.getAttribute('role') ?? ''} ${element.getAttribute('data-component') ?? ''}`
  if (!FURNITURE.test(words)) return false
  // A container that holds the article itself may carry such a word ("article-body has-paywall").
  if (element.querySelector('h1, [itemprop="articleBody"]') !== null) return false
  const longParagraphs = [...element.querySelectorAll('p')].filter(p => (p.textContent ?? '').length > 200).length
  return longParagraphs < 3
}

/** Removes what is never article text, and the furniture Readability would keep. */
function removeFurniture (document: Document): void {
  for (const element of [...document.querySelectorAll(NEVER_TEXT)]) element.remove()
  for (const element of [...document.querySelectorAll('body *')]) {
    if (['MAIN', 'ARTICLE', 'BODY', 'HTML'].includes(element.tagName)) continue
    if (element.isConnected && isFurniture(element)) element.remove()
  }
  // A short block around a date ("Posted <time>Friday evening</time>") is a date line, not prose.
  for (const time of [...document.querySelectorAll('time')]) {
    let block: Element | null = time
    while (block !== null && !BLOCK.has(block.tagName)) block = block.parentElement
    if (block !== null && block.isConnected && (block.textContent ?? '').trim().length <= MAX_DATE_LINE) block.remove()
  }
}

/** Longest block still read as a date line when it holds a `<time>`. */
const MAX_DATE_LINE = 80

/** Text of the byline element: Readability's pick, or an element marked as byline or date line. */
function bylineText (document: Document): string | null {
  const element = document.querySelector('[class*="byline"], [class*="dateline"], [class*="article-date"], [class*="publish"], [rel="author"]')
  const value = element?.textContent
  return value == null ? null : normalizeLine(value.replace(/\s+/g, ' '))
}

const BLOCK = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'BLOCKQUOTE', 'PRE', 'TABLE', 'TR', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FIGURE', 'FIGCAPTION', 'ASIDE', 'HR', 'ADDRESS', 'DETAILS', 'SUMMARY'])
const HEADING = /^H[1-6]$/
/** Longest bold-only paragraph read as a subheading ("<p><strong>Trade</strong></p>"). */
const MAX_BOLD_HEADING = 90

/** Text of an inline run, with `<br>` as a line break. */
function inlineText (node: Node, out: string[]): void {
  if (node.nodeType === 3) { out.push(node.textContent ?? ''); return }
  if (node.nodeType !== 1) return
  const element = node as Element
  if (element.tagName === 'BR') { out.push('\n'); return }
  for (const child of element.childNodes) inlineText(child, out)
}

function pushText (lines: ArticleLine[], raw: string, kind: ArticleLine['kind']): void {
  for (const part of raw.split(/\n+/)) {
    const normalized = normalizeLine(part.replace(/\s+/g, ' '))
    if (normalized.length === 0) continue
    // A list written as paragraphs ("• Trade: …") is still a list.
    const { text, bullet } = kind === 'paragraph' ? stripBullet(normalized) : { text: normalized, bullet: false }
    lines.push({ text, kind: bullet ? 'item' : kind })
  }
}

function isBoldHeading (element: Element): boolean {
  const children = [...element.childNodes].filter(child => child.nodeType !== 3 || (child.textContent ?? '').trim().length > 0)
  const only = children[0]
  if (children.length !== 1 || only === undefined || only.nodeType !== 1) return false
  const tag = (only as Element).tagName
  const value = (element.textContent ?? '').trim()
  return (tag === 'STRONG' || tag === 'B') && value.length <= MAX_BOLD_HEADING && !/[.!?"')\]]$/.test(value)
}

/** Walks the extracted article into lines that keep its structure: headings, paragraphs, list items. */
function toLines (root: Element): ArticleLine[] {
  const lines: ArticleLine[] = []
  const walk = (element: Element): void => {
    let run: string[] = []
    const flush = (): void => { pushText(lines, run.join(''), 'paragraph'); run = [] }
    for (const child of element.childNodes) {
      if (child.nodeType !== 1) { inlineText(child, run); continue }
      const node = child as Element
      if (!BLOCK.has(node.tagName)) { inlineText(node as Node, run); continue }
      flush()
      const tag = node.tagName
      if (tag === 'FIGCAPTION' || tag === 'HR' || tag === 'ASIDE') continue
      if (HEADING.test(tag) || tag === 'DT' || tag === 'SUMMARY') { pushText(lines, node.textContent ?? '', 'heading'); continue }
      if (tag === 'P' || tag === 'PRE' || tag === 'DD' || tag === 'ADDRESS') {
        const out: string[] = []
        inlineText(node as Node, out)
        pushText(lines, out.join(''), isBoldHeading(node) ? 'heading' : 'paragraph')
        continue
      }
      if (tag === 'LI') {
        if ([...node.children].some(c => BLOCK.has(c.tagName))) {
          const before = lines.length
          walk(node)
          for (const line of lines.slice(before)) if (line.kind === 'paragraph') line.kind = 'item'
        } else {
          const out: string[] = []
          inlineText(node as Node, out)
          pushText(lines, out.join(''), 'item')
        }
        continue
      }
      if (tag === 'TR') {
        const cells = [...node.children].map(cell => normalizeLine((cell.textContent ?? '').replace(/\s+/g, ' '))).filter(cell => cell.length > 0)
        if (cells.length > 0) lines.push({ text: cells.join(' · '), kind: 'paragraph' })
        continue
      }
      walk(node)
    }
    flush()
  }
  walk(root)
  return lines
}

/**
 * Reads one HTML page into an article. Publication date, in this order:
 * `article:published_time`, JSON-LD `datePublished` (also inside `@graph`),
 * a `<time datetime>` element (these three count as `metadata`), then a date
 * in the byline (`byline`); a sidecar's date overrides them all. The page's
 * modified date is kept apart in `modified`.
 */
export function parseHtmlArticle (id: string, html: string, options: HtmlParseOptions = {}): Article {
  const origin = options.origin ?? `page "${id}"`
  const pageUrl = absoluteHttpUrl(options.url, null)
  const { parseHTML, Readability } = domLibraries()
  const { document } = parseHTML(html)
  const page = readPageMetadata(document, pageUrl)

  removeFurniture(document)
  let published: PageFindings['published'] = page.published === null ? null : { date: page.published.date, time: page.published.time, dateSource: 'metadata' }
  const bylineElement = bylineText(document)

  const reader = new Readability(document, {
    serializer: (node: Node) => node,
    disableJSONLD: true,
    charThreshold: 200,
  })
  const extracted = reader.parse()
  const root = extracted?.content as Element | null | undefined
  if (root == null) {
    const hasText = (document.body?.textContent ?? '').trim().length > 0
    throw new SourceError(origin, hasText ? 'has no citable text after removing boilerplate' : 'has no text', id)
  }
  if (published == null) {
    const byline = findBylineDate(extracted?.byline ?? '') ?? findBylineDate(bylineElement ?? '')
    if (byline !== null) published = { ...byline, dateSource: 'byline' }
  }

  const parseOptions: ParseOptions & PageFindings = {
    origin,
    title: page.title ?? extracted?.title ?? undefined,
    outlet: page.outlet ?? undefined,
    url: page.canonicalUrl ?? pageUrl ?? undefined,
    metadata: options.metadata,
    published,
    modified: page.modified,
  }
  return articleFromLines(id, toLines(root), parseOptions)
}
