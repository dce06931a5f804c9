import type { EpochMetrics, FinalMetrics, LearnedWeights } from '../../../src-shared/domain'
import type { Model } from '../models/model'
import type { Slice } from './batches'

/** Final metrics of the last epoch, with one success flag per output against its threshold. */
export function finalMetrics(last: EpochMetrics, thresholds: number[]): FinalMetrics {
  return {
    trainMse: last.trainMse,
    interpMse: last.interpMse,
    extrapMse: last.extrapMse,
    // ≤, not <: an output whose target is always 0 has threshold 0, and an exact solution must count
    success: last.perOutput.extrap.map((mse, k) => mse <= thresholds[k]),
    thresholds
  }
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
