import type { ModelSpec, UnitSpec } from '@shared/domain'
import { ModelSpec as ModelSchema, UnitSpec as UnitSchema } from '@shared/domain'
import type { Kernels } from '../../../src-main/training/kernels'
import { Model } from '../../../src-main/training/models/model'
import { Input, type Tf } from '../../../src-main/training/models/types'
import { Rng } from '../../../src-main/training/rng'

/** Inputs of mixed sign kept away from 0, where |x| and log|x| have their kinks. */
export function inputs(n: number, d: number, seed: number, lo = 0.3, hi = 2.5): Float64Array {
  const rng = new Rng(seed, 11)
  return Float64Array.from({ length: n * d }, () => (rng.next() < 0.5 ? -1 : 1) * rng.uniform(lo, hi))
}

export function unit(spec: Record<string, unknown>): UnitSpec {
  return UnitSchema.parse(spec)
}

export function model(units: Record<string, unknown>[], hidden = 3): ModelSpec {
  return ModelSchema.parse({ units, hidden })
}

/**
 * A model with the loss L = Σ R ⊙ y for fixed random R, so dL/dy = R: the fused backward pass
 * against finite differences and tfjs autodiff of the same loss.
 */
export class Probe {
  readonly model: Model
  readonly R: Float64Array
  constructor(
    spec: ModelSpec,
    readonly inDim: number,
    readonly outDim: number,
    readonly x: Float64Array,
    readonly n: number,
    kernels: Kernels,
    seed = 3
  ) {
    this.model = new Model(spec, inDim, outDim, new Rng(seed, 5), kernels)
    const rng = new Rng(seed, 6)
    this.R = Float64Array.from({ length: n * outDim }, () => rng.uniform(-1, 1))
  }

  /** Unstable input: no cached transform survives a change of x during finite differences. */
  loss(x: Float64Array = this.x): number {
    this.model.refresh()
    const y = this.model.forward(new Input(x, this.n, this.inDim, false), false)
    let s = 0
    for (let i = 0; i < this.n * this.outDim; i++) s += this.R[i] * y[i]
    return s
  }

  /** The fused gradient of every parameter (copies). */
  fusedGrads(): Float64Array[] {
    this.model.refresh()
    const input = new Input(this.x, this.n, this.inDim, false)
    this.model.zeroGrad()
    this.model.forward(input, true)
    this.model.backward(input, this.R)
    return this.model.params.map((p) => Float64Array.from(p.grad))
  }

  /** Central differences of the loss for up to `limit` elements of each parameter. */
  finiteDiffs(limit = 24, h = 1e-6): { param: number; name: string; index: number; fd: number }[] {
    const out: { param: number; name: string; index: number; fd: number }[] = []
    for (const [k, p] of this.model.params.entries()) {
      const step = Math.max(1, Math.floor(p.value.length / limit))
      for (let i = 0; i < p.value.length; i += step) {
        const v = p.value[i]
        p.value[i] = v + h
        const up = this.loss()
        p.value[i] = v - h
        const down = this.loss()
        p.value[i] = v
        out.push({ param: k, name: p.name, index: i, fd: (up - down) / (2 * h) })
      }
    }
    this.model.refresh()
    return out
  }

  /** tfjs autodiff of the same loss through the units' tfjs definitions (float32). */
  tfGrads(tf: Tf): Float64Array[] {
    const vars = this.model.units.map((u) => u.params.map((p) => tf.variable(tf.tensor2d(Float32Array.from(p.value), [p.rows, p.cols]))))
    const x = tf.tensor2d(Float32Array.from(this.x), [this.n, this.inDim])
    const R = tf.tensor2d(Float32Array.from(this.R), [this.n, this.outDim])
    const flat = vars.flat()
    const { grads, value } = tf.variableGrads(() => tf.sum<ReturnType<Tf['scalar']>>(tf.mul(R, this.model.tfForward(tf, vars, x))), flat)
    const out = flat.map((v) => Float64Array.from(grads[v.name].dataSync()))
    tf.dispose([x, R, value, ...flat, ...Object.values(grads)])
    return out
  }
}

/** Largest |a − b| relative to the largest |b| (and at least `floor`). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-8): number {
  let diff = 0
  let scale = floor
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return diff / scale
}
