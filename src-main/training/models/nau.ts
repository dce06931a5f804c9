import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { uniform } from './init'
import { sparsity } from './sparsity'
import { matrix, param, type Input, type Unit } from './types'

/**
 * Neural addition unit (Madsen & Johansen 2020): y = W·x with W clamped to [−1, 1] after every
 * step and the sparsity regulariser; W ~ U(−r, r), r = min(0.5, √3·√(2/(in+out))) as their code.
 */
export function createNau(inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  const W = param('W', outDim, inDim, { min: -1, max: 1 })
  const r = Math.min(0.5, Math.sqrt(3) * Math.sqrt(2 / (inDim + outDim)))
  uniform(W, rng, -r, r)
  return {
    kind: 'nau',
    inDim,
    outDim,
    params: [W],
    rowsThroughKernels: true,
    refresh() {},
    forward(input: Input, y: Float64Array) {
      K.gemmNT(input.x, input.n, inDim, W.value, outDim, y)
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      K.gemmTNAcc(dy, input.n, outDim, input.x, inDim, W.grad)
      if (dx) K.gemmNN(dy, input.n, outDim, W.value, inDim, dx)
    },
    regularize: (weight: number) => sparsity(W, weight),
    sparsityWeights: () => [W.value],
    matrices: () => [matrix('W', outDim, inDim, W.value)],
    tfForward: (tf, p, x) => tf.matMul(x, p.W, false, true)
  }
}
