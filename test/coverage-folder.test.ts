import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSeeds } from '../src/core/coverage.js'
import { hashCoverage, readSeedFiles, writeFileAtomically } from '../src/io.js'
import { runCliCapturing } from './cli-helpers.js'
import { scratchSeeds, SEED_IDS } from './helpers.js'
import { GRAPH_PAGE, WINDOWS_1252_HTML, windows1252Bytes } from './web/pages.js'

let scratch: Awaited<ReturnType<typeof scratchSeeds>>
let outside: string
beforeEach(async () => {
  scratch = await scratchSeeds()
  outside = await mkdtemp(join(tmpdir(), 'dateline-outside-'))
  // Stands in for /etc/passwd: a file the coverage folder must never quote.
  await writeFile(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n')
})
afterEach(async () => {
  await scratch.remove()
  await rm(outside, { recursive: true, force: true })
})

const ask = async (argv: string[]): ReturnType<typeof runCliCapturing> => await runCliCapturing(argv)

describe('reading the coverage folder', () => {
  it('never reads a file whose real path leaves the folder, and says so', async () => {
    await symlink(join(outside, 'passwd'), join(scratch.dir, 'passwd.txt'))
    const files = await readSeedFiles(scratch.dir)
    expect(files.find(f => f.name === 'passwd.txt')).toEqual({
      name: 'passwd.txt', text: null, metadataText: null, problem: 'is a symbolic link to a file outside the coverage folder; not read',
    })
    const { problems } = parseSeeds(files)
    expect(problems.map(p => p.message)).toEqual(['seed "passwd.txt": is a symbolic link to a file outside the coverage folder; not read'])
  })

  it('keeps the system\'s user list out of answers (npm run ask -- --seeds DIR "root daemon nologin")', async () => {
    await symlink(join(outside, 'passwd'), join(scratch.dir, 'passwd.txt'))
    const { stdout, stderr } = await ask(['--seeds', scratch.dir, '--json', 'root daemon nologin'])
    expect(JSON.parse(stdout)).toMatchObject({ answered: false, citations: [] })
    expect(stdout).not.toContain('/bin/bash')
    expect(stderr).toContain('seed "passwd.txt": is a symbolic link to a file outside the coverage folder; not read')
  })

  it('skips symbolic link loops and links to missing files, reporting each', async () => {
    await symlink('loop-b.txt', join(scratch.dir, 'loop-a.txt'))
    await symlink('loop-a.txt', join(scratch.dir, 'loop-b.txt'))
    await symlink('nowhere.txt', join(scratch.dir, 'dangling.txt'))
    const { problems } = parseSeeds(await readSeedFiles(scratch.dir))
    expect(problems.map(p => p.message)).toEqual([
      'seed "dangling.txt": is a symbolic link to a missing file; not read',
      'seed "loop-a.txt": is a symbolic link loop; not read',
      'seed "loop-b.txt": is a symbolic link loop; not read',
    ])
  })

  it('follows a link that stays inside the folder', async () => {
    await mkdir(join(scratch.dir, 'archive'))
    await writeFile(join(scratch.dir, 'archive', 'story.txt'), 'Archived headline\n\nThe archived story is still coverage.')
    await symlink(join('archive', 'story.txt'), join(scratch.dir, 'story.txt'))
    const { articles, problems } = parseSeeds(await readSeedFiles(scratch.dir))
    expect(problems).toEqual([])
    expect(articles.find(a => a.id === 'story')?.title).toBe('Archived headline')
  })

  it('does not read a sidecar that links outside the folder, and keeps its article', async () => {
    await writeFile(join(outside, 'secret.json'), '{"title": "from outside"}')
    await writeFile(join(scratch.dir, 'story.txt'), 'Headline\n\nBody of the story.')
    await symlink(join(outside, 'secret.json'), join(scratch.dir, 'story.meta.json'))
    const { articles, problems } = parseSeeds(await readSeedFiles(scratch.dir))
    expect(articles.find(a => a.id === 'story')?.title).toBe('Headline')
    expect(problems.map(p => p.message)).toEqual(['seed "story.txt": read without its metadata file "story.meta.json": is a symbolic link to a file outside the coverage folder; not read'])
  })

  it('keeps an article whose sidecar is malformed, reporting the sidecar', async () => {
    await writeFile(join(scratch.dir, 'story.txt'), 'Headline\n\n8 Jan, 2024 15:34\n\nBody of the story.')
    await writeFile(join(scratch.dir, 'story.meta.json'), '{"outlet": "RT",}')
    const { articles, problems } = parseSeeds(await readSeedFiles(scratch.dir))
    expect(articles.find(a => a.id === 'story')).toMatchObject({ title: 'Headline', date: '2024-01-08', outlet: null })
    expect(problems.map(p => p.message)).toEqual([expect.stringMatching(/^seed "story.txt": read without its metadata file "story.meta.json": not valid JSON \(/)])
  })

  it('reads .html and .htm pages, decoding each page\'s charset', async () => {
    await scratch.write('kestrel.html', GRAPH_PAGE)
    await scratch.write('chess.htm', windows1252Bytes(WINDOWS_1252_HTML))
    const { articles, problems } = parseSeeds(await readSeedFiles(scratch.dir))
    expect(problems).toEqual([])
    expect(articles.find(a => a.id === 'kestrel')).toMatchObject({ outlet: 'Coastal Ledger', date: '2024-03-14', dateSource: 'metadata' })
    expect(articles.find(a => a.id === 'chess')?.paragraphs[0]?.text).toContain('José Müller')
  })

  it('answers from an HTML page in the folder (npm run ask -- --seeds DIR)', async () => {
    await scratch.write('kestrel.html', GRAPH_PAGE)
    const { stdout } = await ask(['--seeds', scratch.dir, '--json', 'How many berths will the Kestrel Bay terminal expansion add?'])
    const answer = JSON.parse(stdout)
    expect(answer.citations[0]).toMatchObject({ articleId: 'kestrel', outlet: 'Coastal Ledger', date: '2024-03-14', dateSource: 'metadata', url: null })
    expect(answer.citations[0].excerpt).toContain('four berths')
  })

  it('does not read a file too large to be an article', async () => {
    await scratch.write('dump.html', Buffer.alloc(21 * 1024 * 1024, ' '))
    const { problems } = parseSeeds(await readSeedFiles(scratch.dir))
    expect(problems.map(p => p.message)).toEqual(['seed "dump.html": is larger than 20 MB; not read'])
  })

  it('ignores hidden files and temporaries, so a half-written file is never read', async () => {
    await scratch.write('.story.txt.123-abcd.tmp', 'Half a head')
    await scratch.write('.hidden.txt', 'Hidden\n\nNot coverage.')
    const before = await hashCoverage('seeds', scratch.dir)
    await scratch.write('.dateline-feeds.json', '{"feeds": []}')
    expect(await hashCoverage('seeds', scratch.dir)).toBe(before)
    const names = (await readSeedFiles(scratch.dir)).map(f => f.name)
    expect(names.some(name => name.startsWith('.'))).toBe(false)
  })

  it('changes the coverage hash when an article is edited in place, even to text of the same length', async () => {
    const path = join(scratch.dir, `${SEED_IDS.valdai}.txt`)
    const before = await hashCoverage('seeds', scratch.dir)
    expect(await hashCoverage('seeds', scratch.dir)).toBe(before)
    await writeFile(path, (await readFile(path, 'utf8')).replace('Valdai', 'Vxldai'))
    expect(await hashCoverage('seeds', scratch.dir)).not.toBe(before)
  })

  it('changes the coverage hash when a sidecar changes, and never hashes what a link outside points to', async () => {
    const before = await hashCoverage('seeds', scratch.dir)
    await scratch.write('story.meta.json', '{"outlet": "RT"}')
    const withSidecar = await hashCoverage('seeds', scratch.dir)
    expect(withSidecar).not.toBe(before)
    await symlink(join(outside, 'passwd'), join(scratch.dir, 'passwd.txt'))
    const withLink = await hashCoverage('seeds', scratch.dir)
    await writeFile(join(outside, 'passwd'), 'changed')
    expect(await hashCoverage('seeds', scratch.dir)).toBe(withLink)
  })
})

describe('writeFileAtomically', () => {
  it('leaves no temporary file behind, durable or not', async () => {
    await writeFileAtomically(join(scratch.dir, 'a.txt'), 'A\n\nText.')
    await writeFileAtomically(join(scratch.dir, 'b.txt'), [Buffer.from('B\n\n'), Buffer.from('Text.')], { durable: true })
    const names = await readdir(scratch.dir)
    expect(names.filter(name => name.endsWith('.tmp'))).toEqual([])
    expect(parseSeeds(await readSeedFiles(scratch.dir)).articles.filter(a => ['a', 'b'].includes(a.id)).map(a => a.title)).toEqual(['A', 'B'])
  })
})
