import { parseArgs } from 'node:util'

export interface ServeArgs {
  port: number
  db: string | null
}

export class UsageError extends Error {}

/** `--port N --db PATH`; anything else is a usage error with one line that says what is wrong. */
export function parseServeArgs(argv: string[]): ServeArgs {
  let values: { port?: string; db?: string }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, db: { type: 'string' } },
      strict: true,
      allowPositionals: false
    }))
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0])
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`)
  }
  return { port, db: values.db ?? null }
}
