import type { LabStore } from '../store'
import { collectExperiment, type Collected } from '../slurm/collect'
import { commandLineCluster, SlurmError, type SlurmCluster } from '../slurm/cluster'
import { epochsWithSlurm } from '../slurm/label'
import { experimentRuns } from '../slurm/submit'
import { experimentFlags, openExistingStore } from './experimentFlags'
import type { CliIo } from './io'
import { table } from './table'

export const COLLECT_USAGE = `Usage: npm run lab -- collect --experiment ID [--db PATH] [--json]
  Brings home what an experiment's Slurm tasks have finished: each ended task's SQLite shard is
  imported into the database (collecting twice adds nothing); runs of tasks still pending or
  running are shown with their Slurm state and progress.
  --experiment ID   the experiment (npm run lab -- list shows it)
  --db PATH         database (default: NALU_LAB_DB, then the app's)
  --json            print one JSON object {imported, ended, waiting, notes, runs}`

/** One line a run: where it is on the cluster and what it reached. */
export function slurmRunsTable(store: LabStore, experimentId: number): string {
  const runs = experimentRuns(store, experimentId)
  const slurm = store.slurm.runs(runs.map((r) => r.id))
  return table(
    ['id', 'model', 'seed', 'status', 'epochs', 'slurm job', 'slurm state', 'interp MSE', 'extrap MSE'],
    runs.map((r) => {
      const s = slurm.get(r.id)
      return [
        r.id,
        r.model,
        r.seed,
        r.status,
        `${epochsWithSlurm(r.status, r.epochsDone, s)}/${r.epochs}`,
        s ? `${s.jobId}_${s.task}` : null,
        s?.state ?? null,
        r.interpMse,
        r.extrapMse
      ]
    })
  )
}

/** The experiment's runs with their Slurm task (null for runs never sent), as `--json` prints them. */
export function slurmRunsJson(store: LabStore, experimentId: number): object[] {
  const runs = experimentRuns(store, experimentId)
  const slurm = store.slurm.runs(runs.map((r) => r.id))
  return runs.map((r) => ({ ...r, slurm: slurm.get(r.id) ?? null }))
}

/** The runs as a table, or as one JSON array with `json`. */
export function printRuns(store: LabStore, experimentId: number, json: boolean, io: CliIo): void {
  io.stdout(json ? `${JSON.stringify(slurmRunsJson(store, experimentId))}\n` : slurmRunsTable(store, experimentId))
}

export function describeCollected(c: Collected): string {
  const lines = [
    `${c.imported.length} run(s) brought home, ${c.ended.length} ended without a result, ${c.waiting.length} still on the cluster`
  ]
  for (const e of c.ended) lines.push(`run ${e.runId}: ${e.status}: ${e.error}`)
  lines.push(...c.notes)
  return `${lines.join('\n')}\n`
}

/** `npm run lab -- collect`: exit 0 when it could read the cluster and the shards, 1 otherwise. */
export async function collectCommand(argv: string[], io: CliIo, cluster: SlurmCluster = commandLineCluster()): Promise<number> {
  const flags = experimentFlags('collect', argv, COLLECT_USAGE, io)
  if (typeof flags === 'number') return flags
  const { experimentId } = flags
  const store = openExistingStore('collect', flags.db, io, { integrityCheck: 'quick' })
  if (!store) return 1
  try {
    const collected = await collectExperiment(store, cluster, experimentId)
    if (flags.json) {
      io.stdout(`${JSON.stringify({ ...collected, runs: slurmRunsJson(store, experimentId) })}\n`)
    } else {
      io.stdout(slurmRunsTable(store, experimentId))
      io.stderr(describeCollected(collected))
    }
    return 0
  } catch (err) {
    if (err instanceof SlurmError) {
      io.stderr(`collect: ${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    store.close()
  }
}
