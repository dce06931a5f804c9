import { weightGrad, type Kernels } from '../kernels'
import type { Rng } from '../rng'
import { fillLogAbs, logAbsGrad, nacStart, NacWeights, type NacStart } from './nacWeights'
import { empty, ensure, matrix, type Input, type Tensor2D, type Unit } from './types'

/**
 * Neural accumulator (Trask et al. 2018), W = tanh(Ŵ) ⊙ σ(M̂), no bias. NAC+ (op 'add'): y = W·x.
 * NAC• (op 'mul'): y = exp(W·log(|x| + ε)), the NAC in log space, Madsen & Johansen's NAC•
 * (stable-nalu network/simple_function_static.py, nac_mul 'normal').
 */
export function createNac(op: 'add' | 'mul', init: NacStart, eps: number, inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  const w = new NacWeights(outDim, inDim, rng, '', nacStart(init, rng, outDim, inDim), K)
  const dW = w.dW ?? new Float64Array(outDim * inDim)
  const mul = op === 'mul'
  const logKey = `logabs:${eps}`
  let y1 = empty(),
    dz = empty(),
    tmp = empty()
  return {
    kind: 'nac',
    inDim,
    outDim,
    params: [w.What, w.Mhat],
    // x in JS only for dL/dx of the log-space NAC
    rowsThroughKernels: true,
    refresh: () => w.refresh(),
    forward(input: Input, y: Float64Array) {
      if (!mul) return K.gemmNT(input.x, input.n, inDim, w.W, outDim, y)
      const L = input.derived(logKey, eps, fillLogAbs)
      K.gemmNT(L, input.n, inDim, w.W, outDim, y)
      const len = input.n * outDim
      y1 = ensure(y1, len)
      for (let i = 0; i < len; i++) y1[i] = y[i] = Math.exp(y[i])
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      if (!mul) {
        weightGrad(K, dy, input.n, outDim, input.x, inDim, dW)
        w.backward(dW)
        if (dx) K.gemmNN(dy, input.n, outDim, w.W, inDim, dx)
        return
      }
      const n = input.n,
        len = n * outDim
      const L = input.derived(logKey, eps, fillLogAbs)
      dz = ensure(dz, len)
      for (let i = 0; i < len; i++) dz[i] = dy[i] * y1[i]
      weightGrad(K, dz, n, outDim, L, inDim, dW)
      w.backward(dW)
      if (dx) {
        tmp = ensure(tmp, n * inDim)
        K.gemmNN(dz, n, outDim, w.W, inDim, tmp)
        for (let i = 0; i < n * inDim; i++) dx[i] = tmp[i] * logAbsGrad(input.x[i], eps)
      }
    },
    sparsityWeights: () => [w.W],
    matrices: () => [
      matrix('W = tanh(Ŵ)⊙σ(M̂)', outDim, inDim, w.W),
      matrix('Ŵ', outDim, inDim, w.What.value),
      matrix('M̂', outDim, inDim, w.Mhat.value)
    ],
    tfForward(tf, p, x) {
      const W = w.tf(tf, p.What, p.Mhat) as Tensor2D
      if (!mul) return tf.matMul(x, W, false, true)
      return tf.exp(tf.matMul(tf.log(tf.add(tf.abs(x), eps)), W, false, true)) as Tensor2D
    }
  }
}
