import type { EpochMetrics } from '@shared/domain'
import type { RunJobSpec } from '../store/types'
import { PROGRESS_INTERVAL_MS, type FromWorker } from './protocol'
import { train } from './trainer/train'
import { snapshotHooks } from './snapshotHooks'
import { packWeights } from './packedWeights'

/**
 * Runs one job and reports it as protocol messages: `started`, batched `epochs` (every epoch,
 * at most one message per PROGRESS_INTERVAL_MS), the stored weight snapshots and, while
 * `watching()` says so, live ones (snapshotHooks), then `done` or `failed`. Never throws.
 */
export async function runJob(
  job: RunJobSpec,
  post: (m: FromWorker) => void,
  now: () => number = () => performance.now(),
  watching: () => boolean = () => false
): Promise<void> {
  const runId = job.runId
  let pending: EpochMetrics[] = []
  let lastFlush = now()
  const flush = () => {
    if (pending.length) post({ type: 'epochs', runId, epochs: pending })
    pending = []
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
          (step, stored, weights) => post({ type: 'weights', runId, step, stored, weights: packWeights(weights) }),
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
