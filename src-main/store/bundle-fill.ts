import { ApiError } from '@shared/api'
import { RunEnvironment, type FinalMetrics } from '@shared/domain'
import { decodeNumbers, toExactJson } from './codec'
import { ACTIVE, now, type StoreDb } from './db'
import { insertEpochs } from './bundle-import'
import type { BundleRun } from './bundle-schema'
import { writeSnapshots } from './bundle-snapshots'
import { verdictColumns } from './writes'

const num = (v: unknown): number | null => (v === null ? null : (decodeNumbers(v) as number))

/**
 * A queued or running placeholder (a run handed to a Slurm task) takes the content of the bundle's
 * run with the same uid: status, metrics, environment, final, weights, every epoch and
 * the weight snapshots. Its id, tags
 * and notes stay (the user may have edited them meanwhile). A run that has ended here is left as it
 * is, so importing the same shard twice changes nothing. Inside the import's transaction.
 */
export function fillPlaceholder(s: StoreDb, id: number, run: BundleRun, at: number): boolean {
  const here = s.stmt('SELECT status, config_hash FROM runs WHERE id = ?').get(id) as { status: string; config_hash: string }
  if (here.status !== 'queued' && here.status !== 'running') return false
  if (here.config_hash !== run.configHash) {
    throw new ApiError({
      code: 'invalid',
      field: `runs[${at}].configHash`,
      message: `Invalid bundle: runs[${at}].configHash: run ${id} was planned with configuration ${here.config_hash}, the bundle's was trained with ${run.configHash}`
    })
  }
  if (run.environment !== null && !RunEnvironment.safeParse(run.environment).success) {
    throw new ApiError({
      code: 'invalid',
      field: `runs[${at}].environment`,
      message: `Invalid bundle: runs[${at}].environment is not a run environment`
    })
  }
  // nothing here will continue a run that was still active where the bundle was written
  const active = run.status === 'queued' || run.status === 'running'
  const status = active ? 'interrupted' : run.status
  const error = active ? `Interrupted: imported while it was ${run.status}; ${run.epochsDone} epochs were exported.` : run.error
  const final = run.final ? (decodeNumbers(run.final) as FinalMetrics) : null
  s.stmt('DELETE FROM epochs WHERE run_id = ?').run(id)
  s.stmt(
    `UPDATE runs SET status = ?, epochs_done = ?, train_mse = ?, interp_mse = ?, extrap_mse = ?, success_count = ?, backend = ?,
       error = ?, diverged_at_epoch = ?, started_at = ?, ended_at = ?, owner_pid = NULL, owner_token = NULL,
       solved = ?, solved_at = ?, best_iteration = ?, sparsity_error = ?
     WHERE id = ? AND status IN ${ACTIVE}`
  ).run(
    status,
    run.epochsDone,
    num(run.trainMse),
    num(run.interpMse),
    num(run.extrapMse),
    run.successCount,
    run.backend,
    error,
    run.divergedAtEpoch,
    run.startedAt,
    active ? (run.endedAt ?? now()) : run.endedAt,
    ...verdictColumns(final),
    id
  )
  s.stmt('UPDATE run_details SET environment = ?, final = ?, weights = ? WHERE run_id = ?').run(
    run.environment === null ? null : JSON.stringify(run.environment),
    final ? toExactJson(final) : null,
    run.weights ? toExactJson(decodeNumbers(run.weights)) : null,
    id
  )
  insertEpochs(s, id, run, at)
  writeSnapshots(s, id, run.snapshots, at)
  return true
}
