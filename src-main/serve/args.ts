import { integerFlag, parseFlags, UsageError } from '../cli/args'

export { UsageError }

export interface ServeArgs {
  port: number
  db: string | null
}

/** `--port N --db PATH`; anything else is a usage error with one line that says what is wrong. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const values = parseFlags('serve', argv, { port: { type: 'string' }, db: { type: 'string' } })
  return { port: integerFlag('serve', 'port', values.port, 0, 65535) ?? 0, db: values.db ?? null }
}
