// whatwg-encoding ships no types; these are the functions Dateline uses (v3).
declare module 'whatwg-encoding' {
  /** The canonical WHATWG name for a label ("latin1" → "windows-1252"), or null. */
  export function labelToName (label: string): string | null
  /** Decodes with the named encoding; a byte-order mark overrides it. Throws for an unsupported name. */
  export function decode (bytes: Uint8Array, encodingName: string): string
  export function isSupported (name: string): boolean
}
