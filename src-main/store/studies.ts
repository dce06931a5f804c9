import type { ExperimentSpec, RunStatus, StudyMetric } from '@shared/domain'
import type { NewRun } from './types'
import { realOrNaN } from './codec'
import { ACTIVE, conflict, notFound, type StoreDb } from './db'
import { currentOwner } from './owner'
import { insertRuns } from './writes'

/** A run of a study as its summary needs it: state and verdict, no series. */
export interface StudyRun {
  id: number
  model: string
  /** the run's ModelSpec as stored (JSON): what tells two models with one label apart */
  modelSpec: string
  seed: number
  status: RunStatus
  epochsDone: number
  epochs: number
  solved: boolean | null
  solvedAt: number | null
  sparsityError: number | null
  startedAt: string | null
  endedAt: string | null
}

export interface Study {
  id: number
  name: string
  preset: string | null
  spec: ExperimentSpec
  runs: StudyRun[]
}

interface StudyRunSql {
  id: number
  model: string
  model_spec: string
  seed: number
  status: RunStatus
  epochs_done: number
  epochs: number
  solved: number | null
  solved_at: number | null
  sparsity_error: number | null
  started_at: string | null
  ended_at: string | null
}

/** The experiment and every run of it (one indexed scan of runs_experiment), in id order. */
export function getStudy(s: StoreDb, experimentId: number): Study | null {
  const e = s.stmt('SELECT id, name, preset, spec FROM experiments WHERE id = ?').get(experimentId) as
    { id: number; name: string; preset: string | null; spec: string } | undefined
  if (!e) return null
  const rows = s
    .stmt(
      `SELECT r.id, r.model, d.model_spec, r.seed, r.status, r.epochs_done, r.epochs, r.solved, r.solved_at, r.sparsity_error,
            r.started_at, r.ended_at
     FROM runs r JOIN run_details d ON d.run_id = r.id WHERE r.experiment_id = ? ORDER BY r.id`
    )
    .all(experimentId) as StudyRunSql[]
  return {
    id: e.id,
    name: e.name,
    preset: e.preset,
    spec: JSON.parse(e.spec) as ExperimentSpec,
    runs: rows.map((r) => ({
      id: r.id,
      model: r.model,
      modelSpec: r.model_spec,
      seed: r.seed,
      status: r.status,
      epochsDone: r.epochs_done,
      epochs: r.epochs,
      solved: r.solved === null ? null : r.solved === 1,
      solvedAt: r.solved_at,
      sparsityError: r.sparsity_error,
      startedAt: r.started_at,
      endedAt: r.ended_at
    }))
  }
}

const METRIC_COLUMN: Record<StudyMetric, string> = { trainMse: 'train_mse', interpMse: 'interp_mse', extrapMse: 'extrap_mse' }

/**
 * One loss of each run at the evaluation points `xs` (where it has them) and at its last point, so a
 * curve ends where the run ended. Primary-key lookups, not a scan: a paper run has 5001 points, of
 * which a chart wants a few hundred; the per-output blobs are never decoded.
 */
export function readCurves(
  s: StoreDb,
  runIds: readonly number[],
  metric: StudyMetric,
  xs: readonly number[]
): Map<number, { x: number[]; y: number[] }> {
  const col = METRIC_COLUMN[metric]
  const stmt = s
    .stmt(
      `SELECT epoch, ${col} FROM epochs WHERE run_id = ? AND epoch IN (SELECT value FROM json_each(?))
     UNION
     SELECT * FROM (SELECT epoch, ${col} FROM epochs WHERE run_id = ? ORDER BY epoch DESC LIMIT 1)
     ORDER BY 1`
    )
    .raw(true)
  const wanted = JSON.stringify(xs)
  const out = new Map<number, { x: number[]; y: number[] }>()
  for (const id of runIds) {
    const rows = stmt.all(id, wanted, id) as [number, number | null][]
    out.set(id, { x: rows.map((r) => r[0]), y: rows.map((r) => realOrNaN(r[1])) })
  }
  return out
}

/**
 * More seeds for a study: the spec's seed list becomes `spec.seeds` and the new runs are queued,
 * in one transaction, so the stored spec always names exactly the seeds that have runs.
 */
export function addRuns(s: StoreDb, experimentId: number, spec: ExperimentSpec, runs: readonly NewRun[]): number[] {
  return s.write(() => {
    const changed = s.stmt('UPDATE experiments SET spec = ? WHERE id = ?').run(JSON.stringify(spec), experimentId).changes
    if (changed === 0) throw notFound('Experiment', experimentId)
    return insertRuns(s, experimentId, spec, runs)
  })
}

/**
 * Puts ended runs back in the queue to train again from the start (there is no checkpoint to go on
 * from): their stored points, final metrics, weights and verdict are cleared, so the run reads as
 * new. Active runs are refused: another process may be training them.
 */
export function requeueRuns(s: StoreDb, ids: readonly number[]): void {
  s.write(() => {
    const owner = currentOwner()
    for (const id of ids) {
      const row = s.stmt('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined
      if (!row) throw notFound('Run', id)
      if (row.status === 'queued' || row.status === 'running') throw conflict(`Cannot queue run ${id} again: it is ${row.status}`)
      s.stmt('DELETE FROM epochs WHERE run_id = ?').run(id)
      s.stmt(
        `UPDATE runs SET status = 'queued', epochs_done = 0, train_mse = NULL, interp_mse = NULL, extrap_mse = NULL,
           success_count = NULL, solved = NULL, solved_at = NULL, best_iteration = NULL, sparsity_error = NULL, error = NULL,
           diverged_at_epoch = NULL, backend = NULL, started_at = NULL, ended_at = NULL, owner_pid = ?, owner_token = ?
         WHERE id = ? AND status NOT IN ${ACTIVE}`
      ).run(owner.pid, owner.token, id)
      s.stmt('UPDATE run_details SET environment = NULL, final = NULL, weights = NULL WHERE run_id = ?').run(id)
    }
  })
}
