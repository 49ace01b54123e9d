// html-encoding-sniffer ships no types; this is its whole public API (v4).
declare module 'html-encoding-sniffer' {
  export default function sniffHTMLEncoding (
    bytes: Uint8Array,
    options?: { transportLayerEncodingLabel?: string, defaultEncoding?: string },
  ): string
}
