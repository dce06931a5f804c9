import { nacRefresh, type NacRefresh } from '../kernels/elementwise'
import type { Kernels } from '../kernels/types'
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
  /** a buffer for dL/dW that backward reads in place, where the refresh has one (the Float32 path's), else null */
  readonly dW: Float64Array | null
  /** W and its gradient factors, computed in WebAssembly SIMD (or its JS twin: the same bits) */
  private readonly r: NacRefresh

  /** `init` overrides the Glorot-normal start (iNALU has its own); `K`'s own refresh where it has one (the Float32 path's). */
  constructor(
    readonly rows: number,
    readonly cols: number,
    rng: Rng,
    prefix = '',
    init?: (p: Param, which: 'W' | 'M') => void,
    K?: Pick<Kernels, 'nacRefresh'>
  ) {
    this.What = param(`${prefix}What`, rows, cols)
    this.Mhat = param(`${prefix}Mhat`, rows, cols)
    const start = init ?? ((p: Param) => xavierNormal(p, rng, cols, rows))
    start(this.What, 'W')
    start(this.Mhat, 'M')
    this.r = K?.nacRefresh?.(rows * cols) ?? nacRefresh(rows * cols)
    this.r.adopt?.(this.What, this.Mhat)
    this.W = this.r.W
    this.dW = this.r.dW ?? null
    this.refresh()
  }

  /** tanh and σ within 3 and 2 ulp of Math's (kernels/exp.ts), the same bits on both kernels. */
  refresh(): void {
    this.r.run(this.What.value, this.Mhat.value)
  }

  /** Chains dL/dW into Ŵ and M̂: dŴ = dW·(1 − tanh²)·σ, dM̂ = dW·tanh·σ(1 − σ). */
  backward(dW: Float64Array): void {
    if (this.r.chain) this.r.chain(dW, this.What.grad, this.Mhat.grad)
    else chain(dW, this.r.fa, this.r.fb, this.What.grad, this.Mhat.grad, this.W.length)
  }

  tf(tf: Tf, What: Tensor, Mhat: Tensor): Tensor {
    return tf.mul(tf.tanh(What), tf.sigmoid(Mhat))
  }
}

/** gw += dW·fa and gm += dW·fb over n weights (a function of arrays: V8 optimises its loop better than a method reading fields) */
function chain(dW: Float64Array, fa: Float64Array, fb: Float64Array, gw: Float64Array, gm: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const d = dW[i]
    gw[i] += d * fa[i]
    gm[i] += d * fb[i]
  }
}

/** log(|x| + ε), the NALU's log-space input: a table-driven log within 1 ulp, vectorised (logAbs.ts). */
export { fillLogAbs } from './logAbs'

/** d/dx log(|x| + ε), with tfjs's convention for |x|' at 0 (−1). */
export function logAbsGrad(x: number, eps: number): number {
  return (x > 0 ? 1 : -1) / (Math.abs(x) + eps)
}
