import { describe, expect, it } from 'vitest'
import { catalogOf, passageFingerprints } from '../../src/core/catalog.js'
import { diffCatalogs } from '../../src/core/diff.js'
import { buildLibrary } from '../../src/core/library.js'
import { article } from '../helpers.js'

const LONG = 'x'.repeat(450)

function libraryOf (...articles: ReturnType<typeof article>[]): ReturnType<typeof buildLibrary> {
  return buildLibrary(articles)
}

async function diff (before: ReturnType<typeof buildLibrary>, after: ReturnType<typeof buildLibrary>): Promise<Awaited<ReturnType<typeof diffCatalogs>>> {
  let fingerprinted: readonly string[] = []
  const result = await diffCatalogs(catalogOf(before), catalogOf(after), {
    before: async ids => { fingerprinted = ids; return passageFingerprints(before, ids) },
    after: async ids => passageFingerprints(after, ids),
  })
  return { ...result, fingerprinted } as Awaited<ReturnType<typeof diffCatalogs>> & { fingerprinted: readonly string[] }
}

describe('diffCatalogs', () => {
  it('counts articles and their passages added and removed', async () => {
    const before = libraryOf(article('kept', ['Kept paragraph.']), article('gone', [`${LONG} one.`, `${LONG} two.`]))
    const after = libraryOf(article('kept', ['Kept paragraph.']), article('new', [`${LONG} three.`]))
    expect(await diff(before, after)).toMatchObject({
      articles: { added: 1, removed: 1, changed: 0 },
      passages: { added: 1, removed: 2, changed: 0 },
    })
  })

  it('compares passages by position, and only within articles whose content changed', async () => {
    const before = libraryOf(article('edited', [`${LONG} first.`, `${LONG} second.`]), article('same', ['Same.']))
    const after = libraryOf(article('edited', [`${LONG} first, corrected.`, `${LONG} second.`, `${LONG} third.`]), article('same', ['Same.']))
    expect(await diff(before, after)).toEqual({
      articles: { added: 0, removed: 0, changed: 1 },
      passages: { added: 1, removed: 0, changed: 1 },
      fingerprinted: ['edited'],
    })
  })

  it('reports nothing for identical coverage, without fingerprinting anything', async () => {
    const coverage = [article('a', ['One.']), article('b', ['Two.'])]
    expect(await diff(libraryOf(...coverage), libraryOf(...coverage))).toEqual({
      articles: { added: 0, removed: 0, changed: 0 },
      passages: { added: 0, removed: 0, changed: 0 },
      fingerprinted: [],
    })
  })
})
