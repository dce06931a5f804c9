import type { Rng } from '../rng'
import { nacOptimalR, uniform, xavierNormal } from './init'
import { param, type Param, type Tensor, type Tf } from './types'

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** How Ŵ and M̂ start: see NacInit in src-shared/domain/model.ts. */
export type NacStart = 'glorot' | 'madsen'

/** Ŵ and M̂ both from N(0, 2/(in+out)) (the article's xavier_normal_) or U[−r, r] (stable-nalu). */
export function nacStart(kind: NacStart, rng: Rng, rows: number, cols: number): (p: Param) => void {
  if (kind === 'glorot') return (p) => xavierNormal(p, rng, cols, rows)
  const r = nacOptimalR(cols, rows)
  return (p) => uniform(p, rng, -r, r)
}

/**
 * The NAC's weight construction W = tanh(Ŵ) ⊙ σ(M̂), which pushes weights towards −1, 0 and 1.
 * Ŵ and M̂ start Glorot-normal, as the article's `nn.init.xavier_normal_` does, unless `init` says otherwise.
 */
export class NacWeights {
  readonly What: Param
  readonly Mhat: Param
  /** the effective weights, rows = outputs */
  readonly W: Float64Array
  private readonly t: Float64Array
  private readonly s: Float64Array

  /** `init` overrides the Glorot-normal start (iNALU has its own). */
  constructor(
    readonly rows: number,
    readonly cols: number,
    rng: Rng,
    prefix = '',
    init?: (p: Param, which: 'W' | 'M') => void
  ) {
    this.What = param(`${prefix}What`, rows, cols)
    this.Mhat = param(`${prefix}Mhat`, rows, cols)
    const start = init ?? ((p: Param) => xavierNormal(p, rng, cols, rows))
    start(this.What, 'W')
    start(this.Mhat, 'M')
    this.W = new Float64Array(rows * cols)
    this.t = new Float64Array(rows * cols)
    this.s = new Float64Array(rows * cols)
    this.refresh()
  }

  refresh(): void {
    const wh = this.What.value,
      mh = this.Mhat.value
    for (let i = 0; i < this.W.length; i++) {
      const t = Math.tanh(wh[i])
      const s = 1 / (1 + Math.exp(-mh[i]))
      this.t[i] = t
      this.s[i] = s
      this.W[i] = t * s
    }
  }

  /** Chains dL/dW into Ŵ and M̂: dŴ = dW·(1 − tanh²)·σ, dM̂ = dW·tanh·σ(1 − σ). */
  backward(dW: Float64Array): void {
    const gw = this.What.grad,
      gm = this.Mhat.grad
    for (let i = 0; i < this.W.length; i++) {
      const t = this.t[i],
        s = this.s[i],
        d = dW[i]
      gw[i] += d * (1 - t * t) * s
      gm[i] += d * t * s * (1 - s)
    }
  }

  tf(tf: Tf, What: Tensor, Mhat: Tensor): Tensor {
    return tf.mul(tf.tanh(What), tf.sigmoid(Mhat))
  }
}

/** log(|x| + ε), the NALU's log-space input: a table-driven log within 1 ulp, vectorised (logAbs.ts). */
export { fillLogAbs } from './logAbs'

/** d/dx log(|x| + ε), with tfjs's convention for |x|' at 0 (−1). */
export function logAbsGrad(x: number, eps: number): number {
  return (x > 0 ? 1 : -1) / (Math.abs(x) + eps)
}
