import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { DenseLayer } from './dense'
import { empty, ensure, matrix, type Input, type Unit } from './types'

/** Two Linear layers with a ReLU between them (torch.nn.Linear's initialisation for both). */
export function createMlp(inDim: number, outDim: number, hidden: number, rng: Rng, K: Kernels): Unit {
  const l1 = new DenseLayer(inDim, hidden, true, rng, K, 'h.')
  const l2 = new DenseLayer(hidden, outDim, false, rng, K, 'o.')
  let h = empty()
  let dh = empty()
  return {
    kind: 'mlp',
    inDim,
    outDim,
    params: [l1.W, l1.b, l2.W, l2.b],
    rowsThroughKernels: true,
    refresh() {},
    forward(input: Input, y: Float64Array, keep: boolean) {
      h = ensure(h, input.n * hidden)
      l1.forward(input.x, input.n, h, keep)
      l2.forward(h, input.n, y, keep)
    },
    backward(input: Input, dy: Float64Array, dx: Float64Array | null) {
      dh = ensure(dh, input.n * hidden)
      l2.backward(h, input.n, dy, dh)
      l1.backward(input.x, input.n, dh, dx)
    },
    matrices() {
      // W2·W1 is the map the MLP would compute without its ReLU: the closest thing to one matrix
      const w = new Float64Array(outDim * inDim)
      const W1 = l1.W.value,
        W2 = l2.W.value
      for (let o = 0; o < outDim; o++)
        for (let k = 0; k < hidden; k++) {
          const c = W2[o * hidden + k]
          for (let j = 0; j < inDim; j++) w[o * inDim + j] += c * W1[k * inDim + j]
        }
      return [
        matrix('W2·W1 (ReLU ignored)', outDim, inDim, w),
        matrix('h.W', hidden, inDim, W1),
        matrix('h.b', hidden, 1, l1.b.value),
        matrix('o.W', outDim, hidden, W2),
        matrix('o.b', outDim, 1, l2.b.value)
      ]
    },
    tfForward(tf, p, x) {
      return l2.tf(tf, p['o.W'], p['o.b'], l1.tf(tf, p['h.W'], p['h.b'], x))
    }
  }
}
