import { describe, expect, it } from 'vitest'
import { isPlaceName } from '../../src/core/places.js'

describe('isPlaceName', () => {
  it('knows countries by their ISO names and the aliases news uses', () => {
    for (const name of ['Russia', 'India', 'Ecuador', 'Cape Verde', 'Türkiye', 'Turkey', 'Ivory Coast', 'UK', 'U.S.', 'the United States']) {
      expect(isPlaceName(name, 'country'), name).toBe(true)
    }
  })

  it('knows a country by its name without the ISO qualifier, and by the short names the ISO list lacks', () => {
    expect(isPlaceName('Moldova', 'country')).toBe(true)
    expect(isPlaceName('Holy See', 'country')).toBe(true)
    for (const name of ['Britain', 'Scotland', 'Syria', 'Laos']) expect(isPlaceName(name, 'country'), name).toBe(true)
  })

  it('knows the fifty US states and the District of Columbia as states, not countries', () => {
    expect(isPlaceName('Texas', 'state')).toBe(true)
    expect(isPlaceName('New Hampshire', 'state')).toBe(true)
    expect(isPlaceName('District of Columbia', 'state')).toBe(true)
    expect(isPlaceName('Texas', 'country')).toBe(false)
    expect(isPlaceName('Guam', 'state')).toBe(false)
  })

  it('knows Georgia as both a country and a state', () => {
    expect(isPlaceName('Georgia', 'country')).toBe(true)
    expect(isPlaceName('Georgia', 'state')).toBe(true)
  })

  it('knows a part of a country or a state named by where it lies, but not a continent', () => {
    expect(isPlaceName('Southern California', 'state')).toBe(true)
    expect(isPlaceName('Upstate New York', 'state')).toBe(true)
    expect(isPlaceName('Eastern Ukraine', 'country')).toBe(true)
    expect(isPlaceName('North-East India', 'country')).toBe(true)
    // A state whose own name starts so is itself, not a part of another.
    expect(isPlaceName('South Carolina', 'state')).toBe(true)
    expect(isPlaceName('West Virginia', 'country')).toBe(false)
    for (const name of ['North America', 'Central America', 'Western Europe', 'Central Asia']) expect(isPlaceName(name), name).toBe(false)
  })

  it('does not take a city, a person or an organisation for a country or a state', () => {
    for (const name of ['Moscow', 'New Delhi', 'Kremlin', 'Jaishankar', 'Valdai Club']) expect(isPlaceName(name), name).toBe(false)
  })
})
