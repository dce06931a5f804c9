import type { LearnedWeights, TrainingSpec } from '@shared/domain'
import { LIVE_SNAPSHOT_MS, SnapshotPlan, snapshotSteps } from '@shared/weights'
import type { TrainHooks } from './trainer/train'

/** 4 maps a second of the article's NALU (8 matrices of 10 × 100) is 32,000 numbers: keep well above that, cap the rest */
export const LIVE_VALUES_PER_SECOND = 200_000

/**
 * When a training run hands out its weights: at every step of its snapshot schedule (log-spaced,
 * stored for replay, within SNAPSHOT_BUDGET), and in between at most once every LIVE_SNAPSHOT_MS
 * for the live weight map (less often for a model whose maps would exceed LIVE_VALUES_PER_SECOND).
 * `send` gets whether the snapshot is one of the stored ones.
 */
export function snapshotHooks(
  training: Pick<TrainingSpec, 'schedule' | 'epochs' | 'iterations'>,
  now: () => number,
  send: (step: number, stored: boolean, weights: LearnedWeights) => void
): NonNullable<TrainHooks['snapshots']> {
  const last = training.schedule === 'iterations' ? training.iterations : training.epochs
  const plan = new SnapshotPlan(snapshotSteps(last))
  let lastLive = -Infinity
  let stored = false
  // a big model's maps come less often: about LIVE_VALUES_PER_SECOND numbers a second on the wire at most
  let interval = LIVE_SNAPSHOT_MS
  return {
    due(step) {
      // the plan is asked at every step, so its pointer advances even when the clock says yes
      stored = plan.due(step)
      return stored || now() - lastLive >= interval
    },
    take(step, weights) {
      lastLive = now()
      const values = weights.units.reduce((n, u) => n + u.matrices.reduce((m, x) => m + x.data.length, 0), 0)
      interval = Math.max(LIVE_SNAPSHOT_MS, (1000 * values) / LIVE_VALUES_PER_SECOND)
      send(step, stored, weights)
    }
  }
}
