import { integerFlag, parseFlags, UsageError } from '../cli/args'

export { UsageError }

export interface ServeArgs {
  port: number
  db: string | null
  /** --help / -h: print SERVE_USAGE and exit */
  help: boolean
}

export const SERVE_USAGE = `Usage: npm run serve -- [--port N] [--db PATH]
  Browser mode: the app in your browser, its server on this machine (127.0.0.1 only).
  --port N      port to listen on, 0 to 65535 (default 0: any free port)
  --db PATH     database (default: NALU_LAB_DB, then the app's)
  -h, --help    this text`

/** `--port N --db PATH`; anything else is a usage error with one line that says what is wrong. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const values = parseFlags('serve', argv, { port: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } })
  return { port: integerFlag('serve', 'port', values.port, 0, 65535) ?? 0, db: values.db ?? null, help: !!values.help }
}
