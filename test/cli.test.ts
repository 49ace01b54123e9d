import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.js'
import { NO_SETTINGS, runCliCapturing } from './cli-helpers.js'
import { GOLDEN, scratchSeeds, SEED_IDS } from './helpers.js'

const cli = runCliCapturing

describe('npm run ask', () => {
  it('prints the reply as it would appear in Discord, from a real process', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'ask', '--', '--seeds', 'seeds', GOLDEN.question], { env: { ...process.env, DISCORD_TOKEN: '' } })
    expect(stdout).toContain(GOLDEN.rendered)
    expect(stdout).toContain(GOLDEN.sourceLine)
  })

  it('prints a machine-readable answer with --json', async () => {
    const { code, stdout } = await cli(['--json', 'Who chairs the Valdai club?'])
    expect(code).toBe(0)
    const answer = JSON.parse(stdout)
    expect(Object.keys(answer)).toEqual(['question', 'answered', 'citations', 'articles', 'figures'])
    expect(answer.citations[0]).toEqual({
      n: 1,
      articleId: SEED_IDS.valdai,
      title: 'India and Russia hold candid talks on bilateral ties',
      outlet: 'RT India',
      date: '2024-01-08',
      dateSource: 'byline',
      url: null,
      excerpt: expect.stringContaining(GOLDEN.excerpt),
      score: expect.any(Number),
    })
  })

  it('answers a question in other words than the coverage\'s with the passage that means it, by the shipped word vectors', async () => {
    // The seeds say "a buyer-seller relationship", never "friendship"; another passage matches more of the other words.
    const { stdout } = await cli(['--json', 'What kind of friendship in defence have India and Russia moved on from?'])
    expect(JSON.parse(stdout).citations[0].excerpt).toContain('have transitioned from a buyer-seller relationship')
  })

  it('lists the ranked articles behind a JSON answer, up to --limit', async () => {
    const byDefault = JSON.parse((await cli(['--json', 'India Russia relations'])).stdout)
    expect(byDefault.citations).toHaveLength(3)
    // Every shipped article speaks of India and Russia: all five are ranked, best first.
    expect(byDefault.articles).toHaveLength(5)
    const scores = byDefault.articles.map((a: { score: number }) => a.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(byDefault.articles[0]).toEqual({ articleId: expect.any(String), score: expect.any(Number) })
    const limited = JSON.parse((await cli(['--json', '--limit', '2', 'India Russia relations'])).stdout)
    expect(limited.articles).toEqual(byDefault.articles.slice(0, 2))
    expect(limited.citations).toHaveLength(2)
  })

  it('says "no coverage found" for questions only boilerplate could match', async () => {
    const { stdout } = await cli(['Orry Christmas Bollywood'])
    expect(stdout).toBe('**Orry Christmas Bollywood**\nNo coverage found for “Orry Christmas Bollywood”. Nothing in the indexed articles answers it.\n')
  })

  it('answers JSONL questions on stdin in one run, one JSON answer a line', async () => {
    const input = [
      JSON.stringify({ id: 'q1', question: 'Who chairs the Valdai club?' }),
      '',
      'Orry Christmas Bollywood',
      JSON.stringify({ id: 'q3', question: 'Jaishankar Russia', date: '2023-12-01' }),
    ].join('\n')
    const { code, stdout } = await cli([], input)
    expect(code).toBe(0)
    const answers = stdout.trim().split('\n').map(line => JSON.parse(line))
    expect(answers.map(a => [a.id, a.answered, a.citations[0]?.articleId])).toEqual([
      ['q1', true, SEED_IDS.valdai],
      [undefined, false, undefined],
      ['q3', true, expect.any(String)],
    ])
    // A question's date means "as of": coverage published later is left out.
    const cited = answers[2].citations.map((c: { date: string | null }) => c.date)
    expect(cited.filter((date: string | null) => date !== null && date > '2023-12-01')).toEqual([])
    expect(cited).toContain('2023-11-13')
  })

  it('asks interactively at a terminal until an empty line', async () => {
    const stdin = Object.assign(Readable.from(['Who chairs the Valdai club?\n', '\n', 'never read\n']), { isTTY: true })
    let stdout = ''
    const code = await runCli([], { stdin, stdout: { write: (text: string) => { stdout += text } }, stderr: { write: () => {} } }, NO_SETTINGS)
    expect(code).toBe(0)
    expect(stdout).toContain('Dateline: 5 articles, 33 passages. Ask a question (empty line or Ctrl+D to quit).')
    expect(stdout).toContain(GOLDEN.rendered)
    expect(stdout).not.toContain('never read')
  })

  it('reads a JSONL corpus with --corpus', async () => {
    const scratch = await scratchSeeds()
    try {
      const corpus = join(scratch.dir, 'corpus.jsonl')
      await writeFile(corpus, [
        { id: 'storm', title: 'Storm Henk batters Britain', date: '2024-01-03', url: 'https://example.org/henk', publisher: 'Example News', text: 'Storm Henk brought winds of 94mph to southern England.' },
        { id: 'darts', title: 'Humphries is world champion', date: '2024-01-04', url: null, publisher: 'Example Sport', text: 'Luke Humphries beat Luke Littler 7-4 in the final.' },
      ].map(r => JSON.stringify(r)).join('\n'))
      // The CLI keeps a snapshot of a corpus; this one belongs in the scratch folder.
      const { stdout } = await cli(['--corpus', corpus, '--json', 'Who won the darts final against Littler?'], '', { SNAPSHOT_DIR: join(scratch.dir, '.snapshots') })
      expect(JSON.parse(stdout).citations[0]).toMatchObject({ articleId: 'darts', outlet: 'Example Sport', date: '2024-01-04', dateSource: 'metadata' })
    } finally {
      await scratch.remove()
    }
  })

  it('reads another seeds folder with --seeds, warning about files it skipped', async () => {
    const scratch = await scratchSeeds()
    try {
      await scratch.write('broken.txt', Buffer.from([0xff, 0xfe, 0x00]))
      const { code, stderr, stdout } = await cli(['--seeds', scratch.dir, GOLDEN.question])
      expect(code).toBe(0)
      expect(stderr).toBe('warning: skipped seed "broken.txt": is not UTF-8 text\n')
      // The question itself is echoed even when nothing answers it, so look for the cited excerpt.
      expect(stdout).toContain(GOLDEN.rendered)
    } finally {
      await scratch.remove()
    }
  })

  it('explains bad options and exits 2', async () => {
    const { code, stderr } = await cli(['--since', 'yesterday', 'q'])
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe('error: --since must be a date as YYYY-MM-DD, got "yesterday"')
    expect((await cli(['--limit', '101', 'q'])).stderr.split('\n')[0]).toBe('error: --limit must be a whole number from 1 to 100, got "101"')
  })

  it('fails clearly when the seeds folder does not exist', async () => {
    const { code, stderr } = await cli(['--seeds', 'no/such/dir', 'q'])
    expect(code).toBe(1)
    expect(stderr).toBe('error: Dateline seeds: cannot read folder "no/such/dir" (ENOENT)\n')
  })
})
