import countries from 'i18n-iso-countries/index.js'
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' }
import { states } from 'states-us'

/**
 * Names of countries and of US states, so "Which country…?" and "Which
 * state…?" are answered by a sentence naming one: wink-nlp's light model
 * tags "Ecuador" as a proper noun, not as a place, and a name alone at the
 * start of a sentence has no "in" or "from" before it to tell.
 *
 * Country names are i18n-iso-countries' English ones with their aliases
 * ("Türkiye", "Turkey"; "US", "U.S."); US states are states-us's fifty and
 * the District of Columbia.
 */

/** What a place name names. */
export type PlaceKind = 'country' | 'state'

/**
 * Short names news uses that the ISO list does not give: its names are
 * official ("Syrian Arab Republic", "Lao People's Democratic Republic") and
 * the nations of the United Kingdom are not ISO countries.
 */
const COUNTRY_SHORT_NAMES = ['Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'America', 'Syria', 'Laos',
  'Brunei', 'Burma', 'Cabo Verde', 'Swaziland', 'Holland', 'Vatican', 'Vatican City', 'East Timor', 'Czech Republic']

const key = (name: string): string => name.toLowerCase().replace(/^the\s+/, '').replace(/\s+/g, ' ').trim()

/**
 * Each ISO name, and its forms without the qualifier after a comma or in
 * brackets ("Moldova, Republic of" → Moldova; "Holy See (Vatican City
 * State)" → Holy See and Vatican City State).
 */
function namesOf (name: string): string[] {
  const names = [name]
  const comma = name.indexOf(', ')
  if (comma > 0) names.push(name.slice(0, comma))
  const bracket = /^(.*?)\s*\((.+)\)$/.exec(name)
  if (bracket !== null) names.push(bracket[1] ?? '', bracket[2] ?? '')
  return names.filter(n => n.length > 0)
}

/** Each name → what it names: "Georgia" is a country and a state. */
function placeNames (): ReadonlyMap<string, readonly PlaceKind[]> {
  countries.registerLocale(english)
  const names = new Map<string, PlaceKind[]>()
  const add = (name: string, kind: PlaceKind): void => {
    const named = key(name)
    const kinds = names.get(named)
    if (kinds === undefined) names.set(named, [kind])
    else if (!kinds.includes(kind)) kinds.push(kind)
  }
  for (const aliases of Object.values(countries.getNames('en', { select: 'all' }))) {
    for (const name of aliases.flatMap(namesOf)) add(name, 'country')
  }
  for (const name of COUNTRY_SHORT_NAMES) add(name, 'country')
  for (const state of states) if (!state.territory || state.abbreviation === 'DC') add(state.name, 'state')
  return names
}

const PLACE_NAMES = placeNames()

/**
 * A part of a country or state named by where it lies ("Southern California",
 * "Eastern Ukraine", "Upstate New York"). Tried only when the whole name is
 * not a place's, so "South Carolina" and "North Macedonia" stay themselves;
 * "North America" is a continent, not the country "America".
 */
const REGION_OF = /^(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central|upstate|downstate|coastal|rural)\s+(.+)$/i

/** Whether a name as written ("Cape Verde", "the U.S.", "Southern California") is a country's or a US state's; of the kind given, when one is. */
export function isPlaceName (name: string, kind: PlaceKind | null = null): boolean {
  let kinds = PLACE_NAMES.get(key(name))
  const region = kinds === undefined ? REGION_OF.exec(name.trim())?.[1] : undefined
  if (region !== undefined && key(region) !== 'america') kinds = PLACE_NAMES.get(key(region))
  return kinds !== undefined && (kind === null || kinds.includes(kind))
}
