import type { LearnedWeights, TrainingSpec } from '@shared/domain'
// the module, not @shared/weights: its index brings zod and the domain schemas, ≈ 25 ms of CPU at each training process's start
import { LIVE_SNAPSHOT_MS, SnapshotPlan, snapshotSteps } from '@shared/weights/schedule'
import type { TrainHooks } from './trainer/train'

/** 4 maps a second of the article's NALU (8 matrices of 10 × 100) is 32,000 numbers: keep well above that, cap the rest */
export const LIVE_VALUES_PER_SECOND = 200_000

/**
 * When a training run hands out its weights: at every step of its snapshot schedule (log-spaced,
 * stored for replay, within SNAPSHOT_BUDGET), and in between, only while `watching()` says a view
 * shows this run's weights, at most once every LIVE_SNAPSHOT_MS for the live weight map (less
 * often for a model whose maps would exceed LIVE_VALUES_PER_SECOND). Nobody watching (the CLI, a
 * closed page) costs no live snapshot at all. `send` gets whether the snapshot is one of the stored ones.
 */
export function snapshotHooks(
  training: Pick<TrainingSpec, 'schedule' | 'epochs' | 'iterations'>,
  now: () => number,
  send: (step: number, stored: boolean, weights: LearnedWeights) => void,
  watching: () => boolean = () => false
): NonNullable<TrainHooks['snapshots']> {
  const last = training.schedule === 'iterations' ? training.iterations : training.epochs
  const plan = new SnapshotPlan(snapshotSteps(last))
  let lastLive = -Infinity
  let stored = false
  // a big model's maps come less often: about LIVE_VALUES_PER_SECOND numbers a second on the wire at most
  let interval = LIVE_SNAPSHOT_MS
  return {
    due(step) {
      // the plan is asked at every step, so its pointer advances even when a live one is due
      stored = plan.due(step)
      return stored || (watching() && now() - lastLive >= interval)
    },
    take(step, weights) {
      lastLive = now()
      const values = weights.units.reduce((n, u) => n + u.matrices.reduce((m, x) => m + x.data.length, 0), 0)
      interval = Math.max(LIVE_SNAPSHOT_MS, (1000 * values) / LIVE_VALUES_PER_SECOND)
      send(step, stored, weights)
    }
  }
}

/** How long one request to watch a run's weights lasts unless renewed (a view renews it while it shows them). */
export const WATCH_LEASE_MAX_MS = 60_000

/**
 * Who watches which run's weights, in a training process: a lease per run that ends `ms` after the
 * last request, so that a page closed without a word (a browser tab, a crashed window) stops the
 * live snapshots by itself.
 */
export class WatchLeases {
  private readonly until = new Map<number, number>()
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Watch `runId` for the next `ms` milliseconds (0 stops watching it). */
  watch(runId: number, ms: number): void {
    const end = this.now() + Math.min(Math.max(ms, 0), WATCH_LEASE_MAX_MS)
    if (ms > 0) this.until.set(runId, end)
    else this.until.delete(runId)
  }

  watching(runId: number): boolean {
    const end = this.until.get(runId)
    if (end === undefined) return false
    if (this.now() < end) return true
    this.until.delete(runId)
    return false
  }
}
