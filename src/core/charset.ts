/**
 * Bytes to text. Web pages declare their encoding in a byte-order mark, the
 * HTTP Content-Type header or a `<meta charset>` / `http-equiv` tag; older
 * news sites still serve windows-1252 or ISO-8859-1, and decoding those as
 * UTF-8 turns "Müller" into "M�ller" in a citation.
 */
import sniffHTMLEncoding from 'html-encoding-sniffer'
import { decode, isSupported, labelToName } from 'whatwg-encoding'

/** The encoding browsers assume for a page that declares none and is not valid UTF-8. */
const LEGACY_DEFAULT = 'windows-1252'

export interface DecodedText {
  text: string
  /** The WHATWG name of the encoding used, e.g. "utf-8", "windows-1252". */
  encoding: string
}

/**
 * Decodes with iconv-lite's tables (through whatwg-encoding) rather than
 * TextDecoder: Node 20's TextDecoder("windows-1252") drops 0x80–0x9F, the
 * bytes of €, curly quotes and dashes in that encoding.
 */
function decodeAs (bytes: Uint8Array, label: string): DecodedText {
  const name = labelToName(label)
  const encoding = name !== null && isSupported(name) ? name : LEGACY_DEFAULT
  return { text: decode(bytes, encoding), encoding: encoding.toLowerCase() }
}

function validUtf8 (bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetOf (contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')
  return match?.[1] ?? null
}

/**
 * Decodes an HTML page as a browser would: byte-order mark, then the
 * transport's charset (the Content-Type header, when the page was fetched),
 * then the page's own `<meta>` declaration. A page that declares nothing is
 * read as UTF-8 when it is valid UTF-8 (as nearly all modern pages are), and
 * as windows-1252 otherwise.
 */
export function decodeHtml (bytes: Uint8Array, transportCharset: string | null = null): DecodedText {
  const declared = sniffHTMLEncoding(bytes, {
    ...(transportCharset !== null ? { transportLayerEncodingLabel: transportCharset } : {}),
    defaultEncoding: '',
  })
  if (declared !== '') return decodeAs(bytes, declared)
  const utf8 = validUtf8(bytes)
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' }
  return decodeAs(bytes, LEGACY_DEFAULT)
}

const BOMS: ReadonlyArray<[number[], string]> = [[[0xEF, 0xBB, 0xBF], 'utf-8'], [[0xFF, 0xFE], 'utf-16le'], [[0xFE, 0xFF], 'utf-16be']]

/**
 * Decodes a plain-text article (.txt, .md, .jsonl): UTF-8, or UTF-16 when a
 * byte-order mark says so. Returns null for anything else: a text file has
 * no header to declare a legacy charset, and guessing one would put wrong
 * letters into verbatim quotes.
 */
export function decodePlainText (bytes: Uint8Array): string | null {
  for (const [mark, encoding] of BOMS) {
    if (mark.every((byte, i) => bytes[i] === byte)) {
      try {
        return new TextDecoder(encoding, { fatal: true }).decode(bytes)
      } catch {
        return null
      }
    }
  }
  return validUtf8(bytes)
}

/**
 * Decodes an XML document (a feed): byte-order mark, then the transport's
 * charset, then the XML declaration's `encoding`, else UTF-8 as XML says.
 */
export function decodeXml (bytes: Uint8Array, transportCharset: string | null = null): DecodedText {
  for (const [mark, encoding] of BOMS) {
    if (mark.every((byte, i) => bytes[i] === byte)) return decodeAs(bytes, encoding)
  }
  if (transportCharset !== null && labelToName(transportCharset) !== null) return decodeAs(bytes, transportCharset)
  const declaration = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))
  if (declaration?.[1] !== undefined && labelToName(declaration[1]) !== null) return decodeAs(bytes, declaration[1])
  return decodeAs(bytes, 'utf-8')
}
