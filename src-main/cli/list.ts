import { existsSync } from 'node:fs'
import type { RunRow, Schedule } from '@shared/domain'
import { resolveDbPath } from '../config/dbPath'
import { openStore } from '../store'
import { integerFlag, parseFlags, UsageError } from './args'
import type { CliIo } from './io'
import { table } from './table'
import { epochsWithSlurm, statusWithSlurm } from '../slurm/label'
import type { SlurmRunInfo } from '../store/slurm'

/**
 * The table shows the newest runs, as the app's history page does: a history of 10,000 runs
 * printed whole is a second of scrolling nobody reads. Scripts read --json, which lists every run.
 */
export const TABLE_PAGE = 100

export const LIST_USAGE = `Usage: npm run lab -- list [--db PATH] [--limit N | --all] [--json]
  --db PATH   database (default: NALU_LAB_DB, then the app's)
  --limit N   the newest N runs (default: ${TABLE_PAGE} in the table, every run with --json)
  --all       every run (a history of thousands takes a second or more to print)
  --json      print one JSON array of the runs (the history table's rows)`

const OPTIONS = {
  db: { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const
const PAGE = 1000

/** `npm run lab -- list`: the newest stored runs (or every one), oldest first. A missing database lists nothing. */
export function listCommand(argv: string[], io: CliIo): number {
  let v
  let limit: number
  try {
    v = parseFlags('list', argv, OPTIONS)
    if (v.all && v.limit !== undefined) throw new UsageError('list: --limit and --all exclude each other (--all lists every run)')
    limit = integerFlag('list', 'limit', v.limit, 1, 1_000_000) ?? (v.all || v.json ? Infinity : TABLE_PAGE)
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
  let total = 0
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
      // newest first, so a page stops early; printed oldest first, the newest run above the prompt
      for (let offset = 0; rows.length < limit; offset += PAGE) {
        const page = store.listRuns({ sort: 'id', dir: 'desc', offset, limit: Math.min(PAGE, limit - rows.length) })
        total = page.total
        // a run created meanwhile shifts the pages by one: a run already read comes again
        const last = rows.at(-1)?.id ?? Infinity
        rows.push(...page.rows.filter((r) => r.id < last))
        for (const [id, info] of store.slurm.runs(page.rows.map((r) => r.id))) slurm.set(id, info)
        for (const r of page.rows)
          if (!schedules.has(r.experimentId))
            schedules.set(r.experimentId, store.getStudy(r.experimentId)?.spec.training.schedule ?? 'epochs')
        if (rows.length >= page.total || page.rows.length === 0) break
      }
      rows.reverse()
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
  if (rows.length < total)
    io.stdout(`The newest ${rows.length} of ${total.toLocaleString('en')} runs; --all lists every run, --limit N the newest N.\n`)
  return 0
}
