import { existsSync } from 'node:fs'
import type { RunRow, Schedule } from '@shared/domain'
import { resolveDbPath } from '../config/dbPath'
import { openStore } from '../store'
import { parseFlags, UsageError } from './args'
import type { CliIo } from './io'
import { table } from './table'
import { epochsWithSlurm, statusWithSlurm } from '../slurm/label'
import type { SlurmRunInfo } from '../store/slurm'

export const LIST_USAGE = `Usage: npm run lab -- list [--db PATH] [--json]
  --db PATH   database (default: NALU_LAB_DB, then the app's)
  --json      print one JSON array of the runs (the history table's rows)`

const OPTIONS = { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const
const PAGE = 1000

/** `npm run lab -- list`: every stored run, oldest first. A missing database lists nothing. */
export function listCommand(argv: string[], io: CliIo): number {
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
  const slurm = new Map<number, SlurmRunInfo>()
  // a run counts epochs or iterations as its experiment's schedule says: the column names the unit
  const schedules = new Map<number, Schedule>()
  // list never creates a database: a --db that names no file is almost always a typo
  if (v.db !== undefined && path !== ':memory:' && !existsSync(path)) {
    io.stderr(`list: there is no database at ${path} (check --db; list does not create one).\n`)
    return 1
  }
  if (path === ':memory:' || existsSync(path)) {
    let store
    try {
      // recovery marks the runs of a process that died (kill -9, a crash) interrupted, as the app
      // would at its next start: the list shows the true state, not a dead process's 'running'
      store = openStore(path)
    } catch (err) {
      io.stderr(`list: ${(err as Error).message}\n`)
      return 1
    }
    try {
      for (let offset = 0; ; offset += PAGE) {
        const page = store.listRuns({ sort: 'id', dir: 'asc', offset, limit: PAGE })
        rows.push(...page.rows)
        for (const [id, info] of store.slurm.runs(page.rows.map((r) => r.id))) slurm.set(id, info)
        for (const r of page.rows)
          if (!schedules.has(r.experimentId))
            schedules.set(r.experimentId, store.getStudy(r.experimentId)?.spec.training.schedule ?? 'epochs')
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
  io.stdout(
    table(
      [
        'id',
        'experiment',
        'preset',
        'model',
        'seed',
        'status',
        'progress',
        'train MSE',
        'interp MSE',
        'extrap MSE',
        'success',
        'backend',
        'created'
      ],
      rows.map((r) => [
        r.id,
        r.experimentName,
        r.preset,
        r.model,
        r.seed,
        statusWithSlurm(r.status, slurm.get(r.id)),
        `${epochsWithSlurm(r.status, r.epochsDone, slurm.get(r.id))}/${r.epochs} ${schedules.get(r.experimentId) === 'iterations' ? 'iterations' : 'epochs'}`,
        r.trainMse,
        r.interpMse,
        r.extrapMse,
        r.successCount === null ? null : `${r.successCount}/${r.outputs}`,
        r.backend,
        r.createdAt
      ])
    )
  )
  return 0
}
