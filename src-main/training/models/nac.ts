import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { NacWeights } from './nacWeights'
import { matrix, type Input, type Tensor2D, type Unit } from './types'

/** Neural accumulator (Trask et al. 2018): y = W·x with W = tanh(Ŵ) ⊙ σ(M̂); no bias. */
export function createNac(inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  const w = new NacWeights(outDim, inDim, rng)
  const dW = new Float64Array(outDim * inDim)
  return {
    kind: 'nac',
    inDim,
    outDim,
    params: [w.What, w.Mhat],
    refresh: () => w.refresh(),
    forward(input: Input, y: Float64Array) {
      K.gemmNT(input.x, input.n, inDim, w.W, outDim, y)
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      dW.fill(0)
      K.gemmTNAcc(dy, input.n, outDim, input.x, inDim, dW)
      w.backward(dW)
      if (dx) K.gemmNN(dy, input.n, outDim, w.W, inDim, dx)
    },
    matrices: () => [
      matrix('W = tanh(Ŵ)⊙σ(M̂)', outDim, inDim, w.W),
      matrix('Ŵ', outDim, inDim, w.What.value),
      matrix('M̂', outDim, inDim, w.Mhat.value)
    ],
    tfForward: (tf, p, x) => tf.matMul(x, w.tf(tf, p.What, p.Mhat) as Tensor2D, false, true)
  }
}
