import type { EpochMetrics, FinalMetrics, LearnedWeights } from '@shared/domain'
import type { Model } from '../models/model'
import type { Slice } from './batches'
import { judge } from './verdict'

/**
 * Final metrics: the last evaluation point's losses, and the verdict of the paper's rule over all
 * points with each output's success flag at the best point (trainer/verdict.ts). Null without points.
 */
export function finalMetrics(points: readonly EpochMetrics[], thresholds: number[]): FinalMetrics | null {
  const last = points.at(-1)
  if (!last) return null
  const { success, verdict } = judge(points, thresholds)
  return { trainMse: last.trainMse, interpMse: last.interpMse, extrapMse: last.extrapMse, success, thresholds, verdict }
}

/** The learned weights, with each gated unit's mean gate per output over the extrapolation set. */
export function learnedWeights(model: Model, extrap: Slice[]): LearnedWeights {
  model.refresh()
  const sums = model.units.map((u) => (u.sumGates ? new Float64Array(u.outDim) : null))
  let rows = 0
  for (const s of extrap) {
    model.forward(s.input, false)
    model.units.forEach((u, i) => u.sumGates?.(s.n, sums[i] as Float64Array))
    rows += s.n
  }
  return model.weights(sums.map((acc) => (acc ? Array.from(acc, (v) => v / rows) : null)))
}

/** The name of the first parameter holding NaN or ±Infinity, if any. */
export function nonFiniteParam(model: Model): string | null {
  for (const p of model.params) {
    for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i])) return p.name
  }
  return null
}
