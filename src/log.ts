/**
 * The one logger: pino, writing JSON lines that a log shipper can read, or
 * the same records pretty-printed when a person is watching a terminal.
 * Every line is scrubbed of secrets before it is written, whatever logged it.
 */
import { pino, stdSerializers, stdTimeFunctions, type Logger } from 'pino'
import { prettyFactory } from 'pino-pretty'

export type { Logger }

export interface LogSink { write: (line: string) => unknown, isTTY?: boolean }

export interface LogOptions {
  /** Strings never to print (the bot token); each is replaced wherever it appears. */
  secrets: readonly string[]
  /** Where lines go. Default: standard error, so standard output stays free for answers. */
  sink?: LogSink
  /** 'json' (one object a line), 'pretty' (for people), or 'auto': pretty at a terminal. Default 'auto'. */
  format?: 'json' | 'pretty' | 'auto'
  /** Default 'info'. */
  level?: string
}

const REDACTED = '[redacted]'

/** Replaces every secret, and anything shaped like an Authorization header, before it is written. */
export function redact (text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED)
  return out.replace(/\b(Bot|Bearer)\s+[\w.-]{20,}/g, `$1 ${REDACTED}`)
}

export function createLogger (options: LogOptions): Logger {
  const sink = options.sink ?? process.stderr
  const format = options.format ?? 'auto'
  const pretty = format === 'pretty' || (format === 'auto' && sink.isTTY === true)
  const prettify = pretty ? prettyFactory({ colorize: sink.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }) : null
  const stream = {
    write: (line: string): void => {
      const clean = redact(line, options.secrets)
      sink.write(prettify === null ? clean : prettify(clean))
    },
  }
  return pino({
    level: options.level ?? 'info',
    base: { service: 'dateline' },
    timestamp: stdTimeFunctions.isoTime,
    serializers: { err: stdSerializers.err },
  }, stream)
}
