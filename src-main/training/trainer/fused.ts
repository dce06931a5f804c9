import type { Model } from '../models/model'
import { addSquaredErrors, mseGrad } from './batches'
import type { Engine } from './engine'

/** The hand-written Float64 kernels: forward, MSE and backward without any allocation per batch. */
export function fusedEngine(model: Model, maxBatch: number): Engine {
  const m = model.outDim
  const dy = new Float64Array(maxBatch * m)
  return {
    rowsThroughKernels: model.units[0].rowsThroughKernels === true,
    lossAndGrad(batch) {
      model.zeroGrad()
      const y = model.forward(batch.input, true)
      const loss = mseGrad(y, batch.y, batch.n * m, dy)
      model.backward(batch.input, dy)
      return loss
    },
    squaredErrors(set, acc) {
      for (const s of set) addSquaredErrors(model.forward(s.input, false), s.y, s.n, m, acc)
    },
    squaredErrorsAndGates(set, acc, gates) {
      for (const s of set) {
        addSquaredErrors(model.forward(s.input, false), s.y, s.n, m, acc)
        model.units.forEach((u, i) => u.sumGates?.(s.n, gates[i] as Float64Array))
      }
    },
    sync: () => model.refresh(),
    dispose() {}
  }
}
