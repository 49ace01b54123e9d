/**
 * Running the CLI in a spec. Kept apart from helpers.ts: the CLI loads
 * discord.js (to render as Discord would), which specs of the chart must not
 * load after Vega-Lite (it adds Set.prototype.toJSON, which discord.js's
 * event emitter trips over when it loads).
 */
import { Readable } from 'node:stream'
import { runCli } from '../src/cli.js'

/** Settings as on a fresh machine: no .env read, nothing set. */
export const NO_SETTINGS = { env: {}, dotenvPath: null }

/**
 * `npm run ask -- …` through the same runCli the real command runs, with
 * stdin given and stdout and stderr captured; settings only as given, so a
 * developer's .env never leaks into a spec.
 */
export async function runCliCapturing (argv: string[], stdin = '', env: Record<string, string> = {}): Promise<{ code: number, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } },
  }, { ...NO_SETTINGS, env })
  return { code, stdout, stderr }
}
