import { existsSync } from 'node:fs'
import { resolveDbPath } from '../config/dbPath'
import { openStore, type LabStore, type OpenOptions } from '../store'
import { integerFlag, parseFlags, UsageError } from './args'
import type { CliIo } from './io'

/** The flags of the commands that read one experiment of an existing database (`summary`, `collect`). */
const OPTIONS = {
  experiment: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export interface ExperimentFlags {
  experimentId: number
  db: string | undefined
  json: boolean
}

/**
 * The flags, or the exit code when the command is over already: 0 after printing `usage` for
 * --help, 2 after printing a usage mistake.
 */
export function experimentFlags(command: string, argv: string[], usage: string, io: CliIo): ExperimentFlags | number {
  try {
    const v = parseFlags(command, argv, OPTIONS)
    if (v.help) {
      io.stdout(`${usage}\n`)
      return 0
    }
    const experimentId = integerFlag(command, 'experiment', v.experiment, 1, Number.MAX_SAFE_INTEGER)
    if (experimentId === undefined) {
      throw new UsageError(`${command}: --experiment ID is required (the experiment ids are in \`npm run lab -- list\`)`)
    }
    return { experimentId, db: v.db, json: v.json === true }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n`)
      return 2
    }
    throw err
  }
}

/** The database --db names, opened; null (the reason printed) when it is missing or cannot be opened. */
export function openExistingStore(command: string, db: string | undefined, io: CliIo, options?: OpenOptions): LabStore | null {
  const path = resolveDbPath({ flag: db })
  if (path !== ':memory:' && !existsSync(path)) {
    io.stderr(`${command}: no database at ${path}\n`)
    return null
  }
  try {
    return openStore(path, options)
  } catch (err) {
    io.stderr(`${command}: ${(err as Error).message}\n`)
    return null
  }
}
