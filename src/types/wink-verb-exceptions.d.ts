// wink-eng-lite-web-model ships WordNet's irregular verb forms as a plain CommonJS object, without types.
declare module 'wink-eng-lite-web-model/dist/wn-verb-exceptions.js' {
  /** An inflected form → its base form ("won" → "win", "bought" → "buy"); a prototype-less object. */
  const exceptions: Readonly<Record<string, string | undefined>>
  export default exceptions
}
