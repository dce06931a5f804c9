import { randomUUID } from 'node:crypto'
import type { EpochMetrics, ExperimentSpec, FinalMetrics, RunEnvironment } from '@shared/domain'
import type { NewRun, RunEnd } from './types'
import { encodePerOutput, toExactJson } from './codec'
import { ACTIVE, conflict, notFound, now, type StoreDb } from './db'
import { currentOwner } from './owner'
import { insertSnapshots, type PendingSnapshot } from './snapshots'
import { writeTags } from './rows'

/** The experiment and one queued run per model × seed, owned by this process until they end. */
export function createExperiment(s: StoreDb, spec: ExperimentSpec, runs: NewRun[]): { experimentId: number; runIds: number[] } {
  return s.write(() => {
    const created = now()
    const experimentId = Number(
      s
        .stmt('INSERT INTO experiments (uid, name, preset, spec, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(randomUUID(), spec.name, spec.preset, JSON.stringify(spec), created).lastInsertRowid
    )
    const runIds = insertRuns(s, experimentId, spec, runs, created)
    return { experimentId, runIds }
  })
}

/** The length of a run in its own unit: epochs, or iterations for the 'iterations' schedule. */
export function runLength(spec: ExperimentSpec): number {
  return spec.training.schedule === 'iterations' ? spec.training.iterations : spec.training.epochs
}

/** Queued runs of an experiment, owned by this process; inside the caller's transaction. */
export function insertRuns(s: StoreDb, experimentId: number, spec: ExperimentSpec, runs: readonly NewRun[], created = now()): number[] {
  const owner = currentOwner()
  return runs.map((r) => {
    const id = Number(
      s
        .stmt(
          `INSERT INTO runs (uid, experiment_id, model, preset, seed, status, outputs, epochs, notes, config_hash,
                           created_at, owner_pid, owner_token)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          randomUUID(),
          experimentId,
          r.model,
          spec.preset,
          r.seed,
          r.outputs,
          runLength(spec),
          spec.notes,
          r.configHash,
          created,
          owner.pid,
          owner.token
        ).lastInsertRowid
    )
    s.stmt('INSERT INTO run_details (run_id, model_spec, config) VALUES (?, ?, ?)').run(
      id,
      JSON.stringify(r.modelSpec),
      JSON.stringify(r.config)
    )
    writeTags(s, id, spec.tags)
    return id
  })
}

function refuseState(s: StoreDb, runId: number, doing: string): never {
  const row = s.stmt('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string } | undefined
  if (!row) throw notFound('Run', runId)
  throw conflict(`Cannot ${doing} run ${runId}: it is ${row.status}`)
}

export function markRunning(s: StoreDb, runId: number, env: RunEnvironment): void {
  s.write(() => {
    const owner = currentOwner()
    const changed = s
      .stmt(
        `UPDATE runs SET status = 'running', started_at = ?, backend = ?, owner_pid = ?, owner_token = ?
       WHERE id = ? AND status = 'queued'`
      )
      .run(now(), env.backend, owner.pid, owner.token, runId).changes
    if (changed === 0) refuseState(s, runId, 'start')
    s.stmt('UPDATE run_details SET environment = ? WHERE run_id = ?').run(JSON.stringify(env), runId)
  })
}

/**
 * One transaction per call, touching two pages: the epoch's and the run row's (epochs_done is not
 * indexed), plus the weight snapshots that came with these epochs (snapshots.ts: stored as they
 * arrived, packed). The indexed metric columns are written once, when the run ends; the history
 * list reads an active run's newest metrics from its last epoch instead (rows.ts). Returns the
 * snapshots it left out and why (malformed, over the budget); the epochs are all stored or none.
 */
export function appendEpochs(
  s: StoreDb,
  runId: number,
  epochs: readonly EpochMetrics[],
  snapshots: readonly PendingSnapshot[] = []
): string[] {
  if (epochs.length === 0 && snapshots.length === 0) return []
  const last = epochs.length ? Math.max(...epochs.map((e) => e.epoch)) : null
  const blobs = epochs.map((e) => encodePerOutput(e.perOutput.interp, e.perOutput.extrap))
  return s.write(() => {
    const found =
      last === null
        ? s.stmt('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined
        : s.stmt('UPDATE runs SET epochs_done = max(epochs_done, ?) WHERE id = ?').run(last, runId).changes > 0
    if (!found) throw notFound('Run', runId)
    const ins = s.stmt(
      `INSERT INTO epochs (run_id, epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output, sparsity_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    )
    epochs.forEach((e, i) => {
      try {
        ins.run(runId, e.epoch, e.trainMse, e.interpMse, e.extrapMse, e.wallMs, blobs[i], e.sparsityError ?? null)
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw conflict(`Epoch ${e.epoch} of run ${runId} is already stored`)
        }
        throw err
      }
    })
    return insertSnapshots(s, runId, snapshots)
  })
}

/** The metric columns of an ended run without final metrics: those of its last stored epoch. */
export const LAST_EPOCH_METRICS = `
  train_mse = (SELECT train_mse FROM epochs WHERE run_id = runs.id AND epoch = runs.epochs_done),
  interp_mse = (SELECT interp_mse FROM epochs WHERE run_id = runs.id AND epoch = runs.epochs_done),
  extrap_mse = (SELECT extrap_mse FROM epochs WHERE run_id = runs.id AND epoch = runs.epochs_done)`

/** solved, solved_at, best_iteration, sparsity_error of the runs row (migration 002), from final.verdict. */
export function verdictColumns(f: FinalMetrics | null): [number | null, number | null, number | null, number | null] {
  const v = f?.verdict
  if (!v) return [null, null, null, null]
  const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null)
  return [v.solved ? 1 : 0, v.solvedAt, v.bestIteration, finite(v.sparsityError)]
}

export function finishRun(s: StoreDb, runId: number, end: RunEnd): void {
  s.write(() => {
    const f = end.final ?? null
    const ending = `status = ?, error = ?, diverged_at_epoch = ?, ended_at = ?, owner_pid = NULL, owner_token = NULL`
    const params = [end.status, end.error ?? null, end.divergedAtEpoch ?? null, now()]
    const v = verdictColumns(f)
    const changed = f
      ? s
          .stmt(
            `UPDATE runs SET ${ending}, train_mse = ?, interp_mse = ?, extrap_mse = ?, success_count = ?,
           solved = ?, solved_at = ?, best_iteration = ?, sparsity_error = ? WHERE id = ? AND status IN ${ACTIVE}`
          )
          .run(...params, f.trainMse, f.interpMse, f.extrapMse, f.success.filter(Boolean).length, ...v, runId).changes
      : s.stmt(`UPDATE runs SET ${ending}, ${LAST_EPOCH_METRICS} WHERE id = ? AND status IN ${ACTIVE}`).run(...params, runId).changes
    if (changed === 0) refuseState(s, runId, `finish (${end.status})`)
    s.stmt('UPDATE run_details SET final = ?, weights = ? WHERE run_id = ?').run(
      f ? toExactJson(f) : null,
      end.weights ? toExactJson(end.weights) : null,
      runId
    )
  })
}
