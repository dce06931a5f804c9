import type { Rng } from '../rng'
import { uniform } from './init'
import { sparsity } from './sparsity'
import { matrix, param, type Input, type Tensor2D, type Unit } from './types'

/**
 * Neural multiplication unit (Madsen & Johansen 2020): y_o = Π_i (W_oi·x_i + 1 − W_oi), W clamped
 * to [0, 1] after every step, with the sparsity regulariser; W ~ U(0.25, 0.75) as their code.
 * Gradients of the product use prefix and suffix products, so a zero factor is handled exactly.
 */
export function createNmu(inDim: number, outDim: number, rng: Rng): Unit {
  const D = inDim,
    O = outDim
  const W = param('W', O, D, { min: 0, max: 1 })
  uniform(W, rng, 0.25, 0.75)
  const t = new Float64Array(D)
  const pre = new Float64Array(D + 1)
  return {
    kind: 'nmu',
    inDim,
    outDim,
    params: [W],
    refresh() {},
    forward(input: Input, y: Float64Array) {
      const x = input.x,
        w = W.value
      for (let r = 0; r < input.n; r++) {
        for (let o = 0; o < O; o++) {
          let prod = 1
          for (let j = 0; j < D; j++) {
            const wj = w[o * D + j]
            prod *= wj * x[r * D + j] + 1 - wj
          }
          y[r * O + o] = prod
        }
      }
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      const x = input.x,
        w = W.value,
        gw = W.grad
      if (dx) dx.fill(0, 0, input.n * D)
      for (let r = 0; r < input.n; r++) {
        for (let o = 0; o < O; o++) {
          const d = dy[r * O + o]
          pre[0] = 1
          for (let j = 0; j < D; j++) {
            const wj = w[o * D + j]
            t[j] = wj * x[r * D + j] + 1 - wj
            pre[j + 1] = pre[j] * t[j]
          }
          let suf = 1
          for (let j = D - 1; j >= 0; j--) {
            const dt = d * pre[j] * suf
            gw[o * D + j] += dt * (x[r * D + j] - 1)
            if (dx) dx[r * D + j] += dt * w[o * D + j]
            suf *= t[j]
          }
        }
      }
    },
    regularize: (weight: number) => sparsity(W, weight),
    sparsityWeights: () => [W.value],
    matrices: () => [matrix('W', O, D, W.value)],
    tfForward(tf, p, x) {
      // (n, 1, D) ⊙ (1, O, D) → (n, O, D), product over the inputs
      const w = tf.expandDims(p.W, 0)
      const terms = tf.add(tf.mul(tf.expandDims(x, 1), w), tf.sub(1, w))
      return tf.prod<Tensor2D>(terms, 2)
    }
  }
}
