import type * as TfNamespace from '@tensorflow/tfjs-core'
import type { Model } from '../models/model'
import type { Tensor2D } from '../models/types'
import type { TfHandle } from '../tfjs'
import type { Slice } from './batches'
import type { Engine } from './engine'

/**
 * The reference path: each unit's tfjs definition, differentiated by tfjs autodiff (float32, on
 * the backend loaded). Gradients come back into the Float64 master parameters, so the optimiser,
 * clamping and regularisers are the very code the fused path runs.
 */
export function tfjsEngine(model: Model, { tf }: TfHandle): Engine {
  const params = model.params
  const vars = model.units.map((u) => u.params.map((p) => tf.variable(tf.tensor2d(Float32Array.from(p.value), [p.rows, p.cols]), true)))
  const flat = vars.flat()
  const tensors = new Map<Slice, { x: Tensor2D; y: Tensor2D }>()
  // a stable slice's tensors are made once; a batch rewritten in place (fresh or reshuffled rows) every time
  const of = (s: Slice) => {
    let t = s.input.stable ? tensors.get(s) : undefined
    if (!t) {
      const x = tf.tensor2d(Float32Array.from(s.input.x.subarray(0, s.n * s.input.d)), [s.n, s.input.d])
      const y = tf.tensor2d(Float32Array.from(s.y), [s.n, model.outDim])
      t = { x, y }
      if (s.input.stable) tensors.set(s, t)
    }
    return t
  }
  const release = (s: Slice, t: { x: Tensor2D; y: Tensor2D }) => {
    if (!s.input.stable) tf.dispose([t.x, t.y])
  }
  return {
    lossAndGrad(batch) {
      const t = of(batch)
      const { x, y } = t
      const { value, grads } = tf.variableGrads(
        () => tf.mean<TfNamespace.Scalar>(tf.squaredDifference(model.tfForward(tf, vars, x), y)),
        flat
      )
      const loss = value.dataSync()[0]
      flat.forEach((v, i) => {
        const g = grads[v.name]
        if (g) params[i].grad.set(g.dataSync())
        else params[i].grad.fill(0)
      })
      value.dispose()
      tf.dispose(Object.values(grads))
      release(batch, t)
      return loss
    },
    squaredErrors(set, acc) {
      for (const s of set) {
        const { x, y } = of(s)
        const sums = tf.tidy(() => tf.sum(tf.squaredDifference(model.tfForward(tf, vars, x), y), 0))
        const data = sums.dataSync()
        sums.dispose()
        for (let k = 0; k < acc.length; k++) acc[k] += data[k]
      }
    },
    sync() {
      model.refresh()
      tf.tidy(() => flat.forEach((v, i) => v.assign(tf.tensor2d(Float32Array.from(params[i].value), [params[i].rows, params[i].cols]))))
    },
    dispose() {
      tf.dispose(flat)
      for (const t of tensors.values()) tf.dispose([t.x, t.y])
    }
  }
}
