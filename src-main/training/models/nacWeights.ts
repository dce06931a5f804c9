import { nacRefresh, type NacRefresh } from '../kernels/elementwise'
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
  /** W and its gradient factors, computed in WebAssembly SIMD (or its JS twin: the same bits) */
  private readonly r: NacRefresh

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
    this.r = nacRefresh(rows * cols)
    this.W = this.r.W
    this.refresh()
  }

  /** tanh and σ within 3 and 2 ulp of Math's (kernels/exp.ts), the same bits on both kernels. */
  refresh(): void {
    this.r.run(this.What.value, this.Mhat.value)
  }

  /** Chains dL/dW into Ŵ and M̂: dŴ = dW·(1 − tanh²)·σ, dM̂ = dW·tanh·σ(1 − σ). */
  backward(dW: Float64Array): void {
    const gw = this.What.grad,
      gm = this.Mhat.grad,
      fa = this.r.fa,
      fb = this.r.fb
    for (let i = 0; i < this.W.length; i++) {
      const d = dW[i]
      gw[i] += d * fa[i]
      gm[i] += d * fb[i]
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
