import { describe, expect, it } from 'vitest'
import { catalogOf } from '../../src/core/catalog.js'
import { buildLibrary } from '../../src/core/library.js'
import { distinctiveNames, SourceFinder, sourceFinderFor } from '../../src/core/sources.js'
import { article, SEED_IDS, shippedLibrary } from '../helpers.js'

describe('distinctiveNames', () => {
  it('takes capitalised words that start no sentence, looking past initials and titles', () => {
    const names = distinctiveNames([article('a', [
      'The summit opened in Geneva on Monday. Delegates from Oslo met Minister S. Jaishankar and Dr. Singh there.',
      'Geneva\'s hotels were full: Everyone came. "Delegates" said the BBC.',
    ])])
    expect(names.get('a')).toEqual(['Geneva', 'Monday', 'Oslo', 'Minister', 'Jaishankar', 'Singh', 'BBC'])
  })

  it('puts first the names that tell an article apart from the others', () => {
    const names = distinctiveNames([
      article('a', ['Talks in India and India again, with India on the Kudankulam plant.']),
      article('b', ['Trade with India grew.']),
      article('c', ['Oil from India rose.']),
    ], 2)
    expect(names.get('a')).toEqual(['Kudankulam', 'India'])
    // "Trade" starts its sentence, so it is no name.
    expect(names.get('b')).toEqual(['India'])
  })
})

describe('SourceFinder', () => {
  const finder = async (): Promise<SourceFinder> => {
    const library = await shippedLibrary()
    return sourceFinderFor(library, catalogOf(library).sources)
  }

  it('finds an article by the start of a name it mentions, though its title does not', async () => {
    const find = await finder()
    expect(find.find('val', 25)).toEqual([SEED_IDS.valdai])
    expect(find.find('kud', 25)).toEqual([SEED_IDS.putin])
  })

  it('forgives a misspelt name', async () => {
    expect((await finder()).find('Jaishenkar', 25)).toContain(SEED_IDS.undated)
  })

  it('matches title words in any case, the outlet and the date as a reader writes it', async () => {
    const find = await finder()
    expect(find.find('candid TALKS', 25)).toEqual([SEED_IDS.valdai])
    expect(find.find('RT India', 25)).toEqual([SEED_IDS.valdai])
    for (const date of ['2024-01-08', '8 Jan 2024', 'January 2024']) expect(find.find(date, 25)).toEqual([SEED_IDS.valdai])
  })

  it('puts a pasted id first, and lists the first articles when nothing is typed', async () => {
    const find = await finder()
    expect(find.find(` ${SEED_IDS.putin} `, 25)[0]).toBe(SEED_IDS.putin)
    expect(find.find('', 3)).toEqual([SEED_IDS.valdai, SEED_IDS.kwatra, SEED_IDS.putin])
  })

  it('needs every typed word, and settles for any when no article has them all', async () => {
    const find = await finder()
    expect(find.find('Valdai Kremlin', 25).sort()).toEqual([SEED_IDS.valdai, SEED_IDS.putin].sort())
    expect(find.find('Valdai Vivekananda', 25)).toEqual([SEED_IDS.valdai])
  })

  it('ignores little words, except the one still being typed', () => {
    const library = buildLibrary([
      article('a', ['Text.'], { title: 'India talks' }),
      article('b', ['Text.'], { title: 'The independent view of talks' }),
    ])
    const find = new SourceFinder(catalogOf(library).sources, new Map())
    expect(find.find('the talks', 25).sort()).toEqual(['a', 'b'])
    expect(find.find('talks in', 25).sort()).toEqual(['a', 'b'])
  })
})
