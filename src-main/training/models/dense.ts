import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { uniform } from './init'
import { empty, ensure, Input, matrix, param, type Param, type Tensor, type Tensor2D, type Tf } from './types'

/**
 * A fully connected layer y = W·x + b, optionally ReLU'd, initialised as torch.nn.Linear is
 * (W and b from U(−1/√in, 1/√in)), the article's `nn.Linear`. Used by vanilla, linear and mlp.
 */
export class DenseLayer {
  readonly W: Param
  readonly b: Param
  private y: Float64Array = empty()
  private dz = empty()

  constructor(
    readonly inDim: number,
    readonly outDim: number,
    readonly relu: boolean,
    rng: Rng,
    private readonly K: Kernels,
    prefix = ''
  ) {
    this.W = param(`${prefix}W`, outDim, inDim)
    this.b = param(`${prefix}b`, 1, outDim)
    const bound = 1 / Math.sqrt(inDim)
    uniform(this.W, rng, -bound, bound)
    uniform(this.b, rng, -bound, bound)
  }

  forward(x: Float64Array, n: number, y: Float64Array, keep: boolean): void {
    const m = this.outDim
    this.K.gemmNT(x, n, this.inDim, this.W.value, m, y)
    const b = this.b.value
    for (let r = 0; r < n; r++) {
      const o0 = r * m
      for (let o = 0; o < m; o++) {
        const v = y[o0 + o] + b[o]
        y[o0 + o] = this.relu && v < 0 ? 0 : v
      }
    }
    if (keep) this.y = y
  }

  backward(x: Float64Array, n: number, dy: Float64Array, dx: Float64Array | null): void {
    const m = this.outDim
    let dz = dy
    if (this.relu) {
      this.dz = ensure(this.dz, n * m)
      dz = this.dz
      // ReLU passes the gradient where its output is positive (tfjs: step(x), 0 at x = 0)
      for (let i = 0; i < n * m; i++) dz[i] = this.y[i] > 0 ? dy[i] : 0
    }
    this.K.gemmTNAcc(dz, n, m, x, this.inDim, this.W.grad)
    const db = this.b.grad
    for (let r = 0; r < n; r++) for (let o = 0; o < m; o++) db[o] += dz[r * m + o]
    if (dx) this.K.gemmNN(dz, n, m, this.W.value, this.inDim, dx)
  }

  tf(tf: Tf, W: Tensor, b: Tensor, x: Tensor2D): Tensor2D {
    const z = tf.add<Tensor2D>(tf.matMul(x, W, false, true), tf.reshape(b, [1, this.outDim]))
    return this.relu ? tf.relu(z) : z
  }
}

/** `vanilla` (Linear + ReLU, the article's baseline) and `linear` (Linear alone). */
export function denseUnit(kind: 'vanilla' | 'linear', inDim: number, outDim: number, rng: Rng, K: Kernels) {
  const layer = new DenseLayer(inDim, outDim, kind === 'vanilla', rng, K)
  return {
    kind,
    inDim,
    outDim,
    params: [layer.W, layer.b],
    refresh() {},
    forward: (input: Input, y: Float64Array, keep: boolean) => layer.forward(input.x, input.n, y, keep),
    backward: (input: Input, dy: Float64Array, dx: Float64Array | null) => layer.backward(input.x, input.n, dy, dx),
    // the paper reports a sparsity error for its Linear and ReLU baselines too (their W)
    sparsityWeights: () => [layer.W.value],
    matrices: () => [matrix('W', outDim, inDim, layer.W.value), matrix('b', outDim, 1, layer.b.value)],
    tfForward: (tf: Tf, p: Record<string, Tensor>, x: Tensor2D) => layer.tf(tf, p.W, p.b, x)
  }
}
