/**
 * `npm run bench:html`: how fast and how faithfully web pages are read, against
 * the text parser on the same articles, in one run on the same machine.
 *
 *   npm run bench:html -- --corpus ../shared/data/realtimeqa-2024/articles.jsonl.gz --pages 300
 *
 * Each corpus record is rendered into a page shaped like a real news site's
 * (metadata in JSON-LD and Open Graph, ~60 KB of inline script, navigation,
 * a consent banner, share bar, newsletter box, related stories, footer). The
 * pages live in memory only; nothing of the corpus is written anywhere.
 * Printed: pages per second, per-page p50/p99, peak RSS, and fidelity: the
 * share of the text parser's paragraphs the HTML reader returns verbatim, and
 * pages where any furniture text reached the paragraphs.
 */
import { parseArgs } from 'node:util'
import { parseArticle } from '../src/core/articles.js'
import { parseHtmlArticle } from '../src/core/html.js'
import type { Article } from '../src/core/types.js'
import { readLines } from '../src/io.js'
import { FURNITURE, newsPage as page, type Row } from './bench/pages.js'

const { values } = parseArgs({ options: { corpus: { type: 'string' }, pages: { type: 'string', default: '300' } } })
if (values.corpus === undefined) {
  process.stderr.write('Usage: npm run bench:html -- --corpus FILE.jsonl[.gz] [--pages N]\n')
  process.exit(2)
}
const wanted = Number(values.pages)

const rows: Row[] = []
for await (const line of readLines(values.corpus)) {
  const record = JSON.parse(line) as Partial<Row> & { id: string | number }
  if (typeof record.text !== 'string' || typeof record.title !== 'string' || record.title.trim().length === 0) continue
  rows.push({ id: String(record.id), title: record.title, date: record.date ?? null, publisher: record.publisher ?? null, url: record.url ?? null, text: record.text })
  if (rows.length >= wanted) break
}
const pages = rows.map(page)

function measure (name: string, parse: (i: number) => Article | null): { name: string, articles: Array<Article | null>, totalMs: number, p50: number, p99: number, peakRssMB: number } {
  global.gc?.()
  const times: number[] = []
  const articles: Array<Article | null> = []
  let peak = process.memoryUsage().rss
  const started = performance.now()
  for (let i = 0; i < rows.length; i++) {
    const start = performance.now()
    articles.push(parse(i))
    times.push(performance.now() - start)
    if (i % 10 === 0) peak = Math.max(peak, process.memoryUsage().rss)
  }
  const totalMs = performance.now() - started
  times.sort((a, b) => a - b)
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0
  return { name, articles, totalMs, p50: at(0.5), p99: at(0.99), peakRssMB: peak / 1e6 }
}

const safely = (parse: () => Article): Article | null => {
  try {
    return parse()
  } catch {
    return null
  }
}
const text = measure('text parser (baseline)', i => safely(() => parseArticle(rows[i]?.id ?? '', `${rows[i]?.title ?? ''}\n\n${rows[i]?.text ?? ''}`)))
const html = measure('HTML reader', i => safely(() => parseHtmlArticle(rows[i]?.id ?? '', pages[i] ?? '', { url: rows[i]?.url ?? null })))

let expected = 0
let kept = 0
let leaks = 0
let dated = 0
text.articles.forEach((article, i) => {
  const read = html.articles[i]
  const got = new Set(read?.paragraphs.map(p => p.text) ?? [])
  expected += article?.paragraphs.length ?? 0
  kept += article?.paragraphs.filter(p => got.has(p.text)).length ?? 0
  const all = read?.paragraphs.map(p => `${p.text} ${p.heading ?? ''}`).join('\n') ?? ''
  if (FURNITURE.some(f => all.includes(f))) leaks += 1
  if (read?.dateSource === 'metadata' && read.date === rows[i]?.date) dated += 1
})
const withDates = rows.filter(r => r.date !== null).length
const pageKB = pages.reduce((sum, p) => sum + p.length, 0) / pages.length / 1024

process.stdout.write(`${rows.length} pages, ${pageKB.toFixed(0)} KB each on average\n\n`)
process.stdout.write('| | pages/s | p50 | p99 | peak RSS | failed |\n| --- | --- | --- | --- | --- | --- |\n')
for (const m of [text, html]) {
  process.stdout.write(`| ${m.name} | ${(rows.length / (m.totalMs / 1000)).toFixed(0)} | ${m.p50.toFixed(1)} ms | ${m.p99.toFixed(1)} ms | ${m.peakRssMB.toFixed(0)} MB | ${m.articles.filter(a => a === null).length} |\n`)
}
process.stdout.write(`| ratio (HTML / text) | ${(text.totalMs / html.totalMs).toFixed(3)}× | ${(html.p50 / text.p50).toFixed(0)}× | ${(html.p99 / text.p99).toFixed(0)}× | | |\n\n`)
process.stdout.write(`paragraphs of the text parser returned verbatim: ${kept}/${expected} (${(100 * kept / Math.max(1, expected)).toFixed(1)}%)\n`)
process.stdout.write(`pages with furniture in their paragraphs: ${leaks}\n`)
process.stdout.write(`dated from article:published_time: ${dated}/${withDates}\n`)
