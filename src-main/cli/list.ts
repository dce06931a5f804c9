import { existsSync } from 'node:fs'
import type { RunRow } from '../../src-shared/domain'
import { resolveDbPath } from '../config/dbPath'
import { openStore } from '../store'
import { parseFlags, UsageError } from './args'
import type { CliIo } from './io'
import { table } from './table'

export const LIST_USAGE = `Usage: npm run lab -- list [--db PATH] [--json]
  --db PATH   database (default: NALU_LAB_DB, then the app's)
  --json      print one JSON array of the runs (the history table's rows)`

const OPTIONS = { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const
const PAGE = 1000

/** `npm run lab -- list`: every stored run, oldest first. A missing database lists nothing. */
export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  let v
  try {
    v = parseFlags('list', argv, OPTIONS)
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n`)
      return 2
    }
    throw err
  }
  if (v.help) {
    io.stdout(`${LIST_USAGE}\n`)
    return 0
  }
  const path = resolveDbPath({ flag: v.db })
  const rows: RunRow[] = []
  if (path === ':memory:' || existsSync(path)) {
    let store
    try {
      store = openStore(path, { recover: false })
    } catch (err) {
      io.stderr(`list: ${(err as Error).message}\n`)
      return 1
    }
    try {
      for (let offset = 0; ; offset += PAGE) {
        const page = store.listRuns({ sort: 'id', dir: 'asc', offset, limit: PAGE })
        rows.push(...page.rows)
        if (rows.length >= page.total || page.rows.length === 0) break
      }
    } finally {
      store.close()
    }
  }
  if (v.json) {
    io.stdout(`${JSON.stringify(rows)}\n`)
    return 0
  }
  if (!rows.length) {
    io.stdout(`No runs in ${path}\n`)
    return 0
  }
  io.stdout(table(
    ['id', 'experiment', 'preset', 'model', 'seed', 'status', 'epochs', 'train MSE', 'interp MSE', 'extrap MSE', 'success', 'backend', 'created'],
    rows.map((r) => [
      r.id, r.experimentName, r.preset, r.model, r.seed, r.status, `${r.epochsDone}/${r.epochs}`, r.trainMse, r.interpMse, r.extrapMse,
      r.successCount === null ? null : `${r.successCount}/${r.outputs}`, r.backend, r.createdAt
    ])
  ))
  return 0
}
