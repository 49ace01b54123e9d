/**
 * The plain-MiniSearch reference for `npm run eval`: MiniSearch with its
 * default options, one document per paragraph of the raw text (no parsing, no
 * boilerplate removal). Reads batch questions on stdin as the CLI does and
 * prints one JSON answer a line in the CLI's shape, so both are scored alike.
 *
 *   tsx scripts/eval/baseline.ts (--corpus FILE | --seeds DIR) [--with-title] [--limit N] < questions.jsonl
 *
 * --with-title indexes each record's title beside its text, as the SciFact
 * and SQuAD READMEs measure their reference (fields title and text).
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import MiniSearch from 'minisearch'
import { seedId } from '../../src/core/coverage.js'
import { readLines, readSeedFiles } from '../../src/io.js'

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    seeds: { type: 'string' },
    'with-title': { type: 'boolean', default: false },
    limit: { type: 'string', default: '10' },
  },
})

interface Record { id: string, title: string, text: string }

async function * records (): AsyncGenerator<Record> {
  if (values.seeds !== undefined) {
    for (const seed of await readSeedFiles(values.seeds)) yield { id: seedId(seed.name), title: '', text: seed.text ?? '' }
    return
  }
  if (values.corpus === undefined) throw new Error('eval baseline: --corpus or --seeds is required')
  for await (const line of readLines(values.corpus)) {
    const { id, title, text } = JSON.parse(line) as { id: string | number, title?: string, text: string }
    yield { id: String(id), title: title ?? '', text }
  }
}

interface Paragraph { id: number, articleId: string, title: string, text: string }

const withTitle = values['with-title'] === true
const limit = Number(values.limit)
const paragraphs: Paragraph[] = []
const index = new MiniSearch<Paragraph>({ fields: withTitle ? ['title', 'text'] : ['text'] })
for await (const record of records()) {
  const batch: Paragraph[] = []
  for (const text of record.text.split(/\n+/)) {
    if (text.trim().length === 0) continue
    const paragraph = { id: paragraphs.length, articleId: record.id, title: record.title, text }
    paragraphs.push(paragraph)
    batch.push(paragraph)
  }
  index.addAll(batch)
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim().length === 0) continue
  const { id, question } = JSON.parse(line) as { id?: unknown, question: string }
  const results = index.search(question)
  const cited = results.slice(0, limit).map(r => paragraphs[r.id as number]).filter(p => p !== undefined)
  const articles: Array<{ articleId: string, score: number }> = []
  const seen = new Set<string>()
  for (const result of results) {
    const articleId = paragraphs[result.id as number]?.articleId ?? ''
    if (seen.has(articleId)) continue
    seen.add(articleId)
    articles.push({ articleId, score: result.score })
    if (articles.length >= limit) break
  }
  process.stdout.write(`${JSON.stringify({
    id,
    question,
    answered: results.length > 0,
    citations: cited.map((p, i) => ({ n: i + 1, articleId: p.articleId, excerpt: p.text })),
    articles,
  })}\n`)
}
