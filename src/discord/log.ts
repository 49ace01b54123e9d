/** A logger that can never print a secret: every line is scrubbed first. */
export interface Logger {
  info: (message: string, detail?: unknown) => void
  warn: (message: string, detail?: unknown) => void
  error: (message: string, detail?: unknown) => void
}

export interface LogSink { write: (line: string) => unknown }

const REDACTED = '[redacted]'

function describe (detail: unknown): string {
  if (detail === undefined) return ''
  if (detail instanceof Error) return ` ${detail.stack ?? `${detail.name}: ${detail.message}`}`
  try {
    return ` ${JSON.stringify(detail)}`
  } catch {
    return ` ${String(detail)}`
  }
}

/** Replaces every secret, and anything shaped like an Authorization header, before it is written. */
export function redact (text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED)
  return out.replace(/\b(Bot|Bearer)\s+[\w.-]{20,}/g, `$1 ${REDACTED}`)
}

export function createLogger (secrets: readonly string[], sink: LogSink = process.stderr, clock: () => Date = () => new Date()): Logger {
  const write = (level: string) => (message: string, detail?: unknown): void => {
    sink.write(`${clock().toISOString()} ${level} ${redact(`${message}${describe(detail)}`, secrets)}\n`)
  }
  return { info: write('info'), warn: write('warn'), error: write('error') }
}
