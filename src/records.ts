/**
 * The bot's durable memory of what was asked and what readers thought of the
 * answers: two append-only JSONL files in the data folder, each line synced
 * to disk before the member is told it was recorded. Member ids are never
 * stored, only a keyed hash (HMAC-SHA256 with a key kept beside the files).
 */
import { createHmac, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import type { QuestionRecord, VoteRecord } from './core/usage.js'
import { appendLineDurably, readTextIfExists, writeFileAtomically } from './io.js'

const QUESTIONS_FILE = 'questions.jsonl'
const VOTES_FILE = 'feedback.jsonl'
const KEY_FILE = 'member-hash.key'

const questionSchema = z.object({
  at: z.string(),
  guildId: z.string().nullable(),
  question: z.string(),
  answered: z.boolean(),
  citedIds: z.array(z.string()),
})

const voteSchema = z.object({
  at: z.string(),
  guildId: z.string().nullable(),
  answerId: z.string(),
  question: z.string(),
  citedIds: z.array(z.string()),
  member: z.string(),
  vote: z.enum(['up', 'down']),
})

/** Records of one file; a line torn by a crash mid-write (or damaged) is skipped and counted. */
function parseLines<T> (text: string | null, schema: z.ZodType<T>): { records: T[], skipped: number } {
  const records: T[] = []
  let skipped = 0
  for (const line of (text ?? '').split('\n')) {
    if (line.trim() === '') continue
    try {
      const parsed = schema.safeParse(JSON.parse(line))
      if (parsed.success) records.push(parsed.data)
      else skipped += 1
    } catch {
      skipped += 1
    }
  }
  return { records, skipped }
}

export class RecordLog {
  private constructor (
    private readonly dir: string,
    private readonly key: Buffer,
    readonly questions: QuestionRecord[],
    readonly votes: VoteRecord[],
    /** Lines that could not be read back (a torn last line after a crash). */
    readonly skipped: number
  ) {}

  /** Opens (or starts) the records in `dir`, creating the hashing key on first use. */
  static async open (dir: string): Promise<RecordLog> {
    const keyPath = join(dir, KEY_FILE)
    let keyText = await readTextIfExists(keyPath)
    if (keyText === null || keyText.trim().length < 32) {
      keyText = randomBytes(32).toString('hex')
      await writeFileAtomically(keyPath, keyText)
    }
    const questions = parseLines(await readTextIfExists(join(dir, QUESTIONS_FILE)), questionSchema)
    const votes = parseLines(await readTextIfExists(join(dir, VOTES_FILE)), voteSchema)
    return new RecordLog(dir, Buffer.from(keyText.trim(), 'hex'), questions.records, votes.records, questions.skipped + votes.skipped)
  }

  /** The member's id as stored: the same for one member, unlinkable to the id without the key. */
  memberHash (memberId: string): string {
    return createHmac('sha256', this.key).update(memberId).digest('hex').slice(0, 32)
  }

  /** Counts the question at once (for /stats) and resolves once it is on disk. */
  async recordQuestion (record: QuestionRecord): Promise<void> {
    this.questions.push(record)
    await appendLineDurably(join(this.dir, QUESTIONS_FILE), JSON.stringify(record))
  }

  /** Counts the vote at once (for /stats) and resolves once it is on disk. */
  async recordVote (record: VoteRecord): Promise<void> {
    this.votes.push(record)
    await appendLineDurably(join(this.dir, VOTES_FILE), JSON.stringify(record))
  }
}
