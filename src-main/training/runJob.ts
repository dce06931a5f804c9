import type { EpochMetrics } from '@shared/domain'
import type { RunJobSpec } from '../store/types'
import { PROGRESS_INTERVAL_MS, type FromWorker, type StoredSnapshot } from './protocol'
import { train } from './trainer/train'
import { snapshotHooks } from './snapshotHooks'
import { packWeights } from './packedWeights'

/**
 * Runs one job and reports it as protocol messages: `started`, batched `epochs` (every epoch,
 * at most one message per PROGRESS_INTERVAL_MS), the stored weight snapshots and, while
 * `watching()` says so, live ones (snapshotHooks), then `done` or `failed`. Never throws. A stored
 * snapshot taken while nobody watches goes with the next `epochs` message rather than alone: each
 * message woke the receiving process (≈ 0.1 ms of its CPU, the article's 192 snapshots most of its
 * messages), and the queue holds such snapshots for those epochs' transaction anyway.
 */
export async function runJob(
  job: RunJobSpec,
  post: (m: FromWorker) => void,
  now: () => number = () => performance.now(),
  watching: () => boolean = () => false
): Promise<void> {
  const runId = job.runId
  let pending: EpochMetrics[] = []
  let snapshots: StoredSnapshot[] = []
  let lastFlush = now()
  const flush = () => {
    if (snapshots.length) post({ type: 'epochs', runId, epochs: pending, snapshots })
    else if (pending.length) post({ type: 'epochs', runId, epochs: pending })
    pending = []
    snapshots = []
    lastFlush = now()
  }
  try {
    const result = await train(
      { spec: job.spec, modelSpec: job.modelSpec, seed: job.seed, config: job.config },
      {
        onStart: (env) => post({ type: 'started', runId, env }),
        onEpoch: (m) => {
          pending.push(m)
          if (now() - lastFlush >= PROGRESS_INTERVAL_MS) flush()
        },
        snapshots: snapshotHooks(
          job.spec.training,
          now,
          (step, stored, weights) => {
            // a watched run's stored snapshots still go at once: its live view shows them
            if (stored && !watching()) snapshots.push({ step, weights: packWeights(weights) })
            else post({ type: 'weights', runId, step, stored, weights: packWeights(weights) })
          },
          watching
        )
      }
    )
    flush()
    post({
      type: 'done',
      runId,
      status: result.status,
      error: result.error,
      divergedAtEpoch: result.divergedAtEpoch,
      final: result.final,
      weights: result.weights
    })
  } catch (err) {
    flush()
    post({ type: 'failed', runId, error: err instanceof Error ? err.message : String(err) })
  }
}
