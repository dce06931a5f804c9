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

/** Per unit, a zeroed accumulator of its gate values per output, or null for a unit without gates. */
export function gateSums(model: Model): (Float64Array | null)[] {
  return model.units.map((u) => (u.sumGates ? new Float64Array(u.outDim) : null))
}

/**
 * The learned weights, with each gated unit's mean gate per output over the extrapolation set:
 * from `sums` when the evaluation at this step already added them up (Engine.squaredErrorsAndGates,
 * the same forward pass), else from a forward pass over the set here; none for a model without gates.
 */
export function learnedWeights(model: Model, extrap: Slice[], sums?: (Float64Array | null)[]): LearnedWeights {
  model.refresh()
  const rows = extrap.reduce((n, s) => n + s.n, 0)
  let gates = sums
  if (!gates) {
    gates = gateSums(model)
    if (gates.some((g) => g !== null)) {
      for (const s of extrap) {
        model.forward(s.input, false)
        model.units.forEach((u, i) => u.sumGates?.(s.n, (gates as Float64Array[])[i]))
      }
    }
  }
  return model.weights(gates.map((acc) => (acc ? Array.from(acc, (v) => v / rows) : null)))
}

/** The name of the first parameter holding NaN or ±Infinity, if any. */
export function nonFiniteParam(model: Model): string | null {
  for (const p of model.params) {
    for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i])) return p.name
  }
  return null
}
