import type { LearnedWeights, ModelSpec } from '@shared/domain'
import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { sparsityWeight } from './sparsity'
import { createUnit } from './registry'
import { empty, ensure, Input, type Param, type Tensor, type Tensor2D, type Tf, type Unit } from './types'

/**
 * A model: one unit, or two in sequence joined by `hidden` values (e.g. NAU → NMU). The hidden
 * rows are an unstable Input: transforms of them are recomputed on every pass.
 */
export class Model {
  readonly units: Unit[]
  readonly params: Param[]
  private hidden: Input | null = null
  private dHidden = empty()
  private out = empty()

  constructor(
    readonly spec: ModelSpec,
    readonly inDim: number,
    readonly outDim: number,
    rng: Rng,
    readonly kernels: Kernels
  ) {
    const dims = spec.units.length === 1 ? [inDim, outDim] : [inDim, spec.hidden, outDim]
    this.units = spec.units.map((u, i) => createUnit(u, dims[i], dims[i + 1], rng, kernels))
    this.params = this.units.flatMap((u) => u.params)
    if (this.units.length === 2) this.hidden = new Input(empty(), 0, spec.hidden, false)
  }

  /** Outputs (n × outDim) for the input rows; the buffer is reused by the next call. */
  forward(input: Input, keep: boolean): Float64Array {
    this.out = ensure(this.out, input.n * this.outDim)
    if (!this.hidden) {
      this.units[0].forward(input, this.out, keep)
      return this.out
    }
    const h = this.hidden
    h.x = ensure(h.x, input.n * h.d)
    h.n = input.n
    this.units[0].forward(input, h.x, keep)
    h.touch()
    this.units[1].forward(h, this.out, keep)
    return this.out
  }

  /** Accumulates parameter gradients of the last (kept) forward pass. */
  backward(input: Input, dy: Float64Array): void {
    if (!this.hidden) {
      this.units[0].backward(input, dy, null)
      return
    }
    this.dHidden = ensure(this.dHidden, input.n * this.hidden.d)
    this.units[1].backward(this.hidden, dy, this.dHidden)
    this.units[0].backward(input, this.dHidden, null)
  }

  /**
   * Adds the sparsity regularisers of NAU/NMU units at step t (epoch or iteration) with
   * λ(t) = λ̂·clamp((t − start)/(end − start), 0, 1); returns their weighted sum.
   */
  regularize(t: number): number {
    let total = 0
    for (let i = 0; i < this.units.length; i++) {
      const spec = this.spec.units[i]
      const unit = this.units[i]
      if ((spec.kind === 'nau' || spec.kind === 'nmu') && unit.regularize) {
        const weight = sparsityWeight(spec.sparsity, t)
        if (weight > 0) total += weight * unit.regularize(weight)
      }
    }
    return total
  }

  /**
   * Madsen & Johansen's sparsity error: max over the discrete-valued weights (NAU, NMU, the NAC
   * weights of NAC/NALU/iNALU, a linear layer's W) of min(|W|, |1 − |W||); null if no unit has such.
   */
  sparsityError(): number | null {
    let worst: number | null = null
    for (const u of this.units) {
      for (const w of u.sparsityWeights?.() ?? []) {
        for (let i = 0; i < w.length; i++) {
          const a = Math.abs(w[i])
          const e = Math.min(a, Math.abs(1 - a))
          if (worst === null || e > worst) worst = e
        }
      }
    }
    return worst
  }

  refresh(): void {
    for (const u of this.units) u.refresh()
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0)
  }

  weights(gateMeans: (number[] | null)[]): LearnedWeights {
    return {
      units: this.units.map((u, i) => ({ kind: u.kind, matrices: u.matrices(gateMeans[i] ?? null), gates: gateMeans[i] ?? null }))
    }
  }

  tfForward(tf: Tf, vars: Tensor[][], x: Tensor2D): Tensor2D {
    let h = x
    this.units.forEach((u, i) => {
      const p: Record<string, Tensor> = {}
      u.params.forEach((param, k) => (p[param.name] = vars[i][k]))
      h = u.tfForward(tf, p, h)
    })
    return h
  }
}
