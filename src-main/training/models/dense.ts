import type { Kernels } from '../kernels'
import { addBias, reluGradJs } from '../kernels/js'
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
    if (this.K.gemmNTBias) this.K.gemmNTBias(x, n, this.inDim, this.W.value, m, y, this.b.value, this.relu)
    else {
      this.K.gemmNT(x, n, this.inDim, this.W.value, m, y)
      addBias(y, this.b.value, n, m, this.relu)
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
      if (this.K.reluGrad) this.K.reluGrad(this.y, dy, dz, n * m)
      else reluGradJs(this.y, dy, dz, n * m)
    }
    this.K.gemmTNAcc(dz, n, m, x, this.inDim, this.W.grad)
    sumRows(dz, n, m, this.b.grad)
    if (dx) this.K.gemmNN(dz, n, m, this.W.value, this.inDim, dx)
  }

  tf(tf: Tf, W: Tensor, b: Tensor, x: Tensor2D): Tensor2D {
    const z = tf.add<Tensor2D>(tf.matMul(x, W, false, true), tf.reshape(b, [1, this.outDim]))
    return this.relu ? tf.relu(z) : z
  }
}

// the layer's loops as functions of arrays, which V8 optimises better than methods reading fields
// (its bias, ReLU and ReLU gradient are in kernels/js.ts, shared with the WebAssembly kernels' fallbacks)

/** db += the column sums of dz (n × m) */
function sumRows(dz: Float64Array, n: number, m: number, db: Float64Array): void {
  for (let r = 0; r < n; r++) for (let o = 0; o < m; o++) db[o] += dz[r * m + o]
}

/** `vanilla` (Linear + ReLU, the article's baseline) and `linear` (Linear alone). */
export function denseUnit(kind: 'vanilla' | 'linear', inDim: number, outDim: number, rng: Rng, K: Kernels) {
  const layer = new DenseLayer(inDim, outDim, kind === 'vanilla', rng, K)
  return {
    kind,
    inDim,
    outDim,
    params: [layer.W, layer.b],
    rowsThroughKernels: true,
    refresh() {},
    forward: (input: Input, y: Float64Array, keep: boolean) => layer.forward(input.x, input.n, y, keep),
    backward: (input: Input, dy: Float64Array, dx: Float64Array | null) => layer.backward(input.x, input.n, dy, dx),
    // the paper reports a sparsity error for its Linear and ReLU baselines too (their W)
    sparsityWeights: () => [layer.W.value],
    matrices: () => [matrix('W', outDim, inDim, layer.W.value), matrix('b', outDim, 1, layer.b.value)],
    tfForward: (tf: Tf, p: Record<string, Tensor>, x: Tensor2D) => layer.tf(tf, p.W, p.b, x)
  }
}
