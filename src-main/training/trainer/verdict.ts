import type { EpochMetrics, RunVerdict } from '@shared/domain'

/**
 * The official analysis picks the best point among the last 5,000 evaluation points
 * (export/function_task_static.r, best.range): for a paper run of 5·10⁶ iterations evaluated every
 * 1,000 that is every point but iteration 0; shorter runs use all of theirs.
 */
export const BEST_RANGE = 5000

/** An output is below its threshold; a threshold of 0 (a target that is always 0) needs an exact 0. */
export function below(mse: number, threshold: number): boolean {
  return mse < threshold || (threshold === 0 && mse === 0)
}

const allBelow = (extrap: number[], thresholds: number[]): boolean =>
  extrap.length > 0 && extrap.every((mse, k) => below(mse, thresholds[k]))

/**
 * Index of the point with the lowest interpolation MSE among the last BEST_RANGE points, the first
 * of equals (R's which.min, which skips NaN); -1 when no point has a finite one.
 */
export function bestPoint(points: readonly EpochMetrics[]): number {
  let best = -1
  for (let i = Math.max(0, points.length - BEST_RANGE); i < points.length; i++) {
    const v = points[i].interpMse
    if (Number.isNaN(v)) continue
    if (best < 0 || v < points[best].interpMse) best = i
  }
  return best
}

/** The first point at which every output's extrapolation MSE is below its threshold, or null. */
export function firstSolved(points: readonly EpochMetrics[], thresholds: number[]): number | null {
  for (const p of points) if (allBelow(p.perOutput.extrap, thresholds)) return p.epoch
  return null
}

export interface Judgement {
  verdict: RunVerdict
  /** per output, below its threshold at the best point (all false without one) */
  success: boolean[]
}

/**
 * Madsen & Johansen's verdict over a run's evaluation points: at the point with the lowest
 * interpolation MSE the run is solved if every output's extrapolation MSE is below its ε-perfect
 * threshold; solvedAt is the first point below; the sparsity error is the one at the best point.
 */
export function judge(points: readonly EpochMetrics[], thresholds: number[]): Judgement {
  const b = bestPoint(points)
  const best = b >= 0 ? points[b] : null
  const success = thresholds.map((t, k) => (best ? below(best.perOutput.extrap[k], t) : false))
  return {
    success,
    verdict: {
      rule: 'best-interpolation',
      solved: best !== null && success.length > 0 && success.every(Boolean),
      solvedAt: firstSolved(points, thresholds),
      bestIteration: best ? best.epoch : null,
      threshold: thresholds.length ? thresholds.reduce((a, t) => a + t, 0) / thresholds.length : NaN,
      sparsityError: best?.sparsityError ?? null
    }
  }
}
