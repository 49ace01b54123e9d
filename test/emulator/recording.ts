// Types describing what the emulator records about REST traffic.

/** Which emulated endpoint a request hit; `unknown` means the bot called something the emulator does not model. */
export type RouteKind =
  | 'gateway'
  | 'gatewayBot'
  | 'currentUser'
  | 'currentApplication'
  | 'getGlobalCommands'
  | 'putGlobalCommands'
  | 'postGlobalCommand'
  | 'getGuildCommands'
  | 'putGuildCommands'
  | 'postGuildCommand'
  | 'interactionCallback'
  | 'getOriginal'
  | 'editOriginal'
  | 'deleteOriginal'
  | 'followUp'
  | 'getFollowUp'
  | 'editFollowUp'
  | 'deleteFollowUp'
  | 'createChannelMessage'
  | 'unknown'

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  name: string;
  size: number;
  contentType: string;
  data: Buffer;
}

/**
 * Request bodies are arbitrary JSON chosen by the bot; typing them as `any` lets specs
 * reach into `body.data.embeds[0].title` without a cast on every line.
 */
export type RecordedBody = any

export interface RecordedRequest {
  /** Position in the emulator-wide request log, so ordering across interactions is assertable. */
  index: number;
  method: string;
  /** Decoded path below the versioned API root, e.g. `/webhooks/1/tok/messages/@original`; the full path for unknown prefixes. */
  path: string;
  /** The raw request target as received, including base path and query string. */
  url: string;
  query: Record<string, string>;
  route: RouteKind;
  /** Parsed JSON body (or the `payload_json` part of a multipart body); `null` when there was none. */
  body: RecordedBody;
  files: RecordedFile[];
  authorization: string | null;
  /** `performance.now()` when the request finished arriving. */
  receivedAt: number;
  /** The status the emulator answered with. */
  status: number;
  response: RecordedBody;
  /** The interaction this request belongs to, when it targets an interaction token. */
  interactionId: string | null;
  /** Milliseconds between the interaction reaching the bot and this request arriving. */
  sinceDispatchMs: number | null;
}
