import { describe, expect, it } from 'vitest'
import { createKernels, type Kernels } from '../../../../src-main/training/kernels'
import { DenseLayer } from '../../../../src-main/training/models/dense'
import { Rng } from '../../../../src-main/training/rng'

/** The same kernels without their fused bias and ReLU gradient: the layer then runs its own JS loops. */
function withoutFused(K: Kernels): Kernels {
  return {
    name: K.name,
    backend: K.backend,
    gemmNT: K.gemmNT.bind(K),
    gemmTNAcc: K.gemmTNAcc.bind(K),
    gemmNN: K.gemmNN.bind(K),
    naluMix: K.naluMix.bind(K),
    pin: K.pin.bind(K)
  }
}

const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))

/**
 * Inputs that reach the edge cases of v < 0 ? 0 : v and y > 0 ? dy : 0: a zero row (its products
 * ±0), biases ±∞, NaN and −0, and upstream gradients ±∞ and NaN, also where the ReLU is closed
 * (the mask must give 0 there, not NaN).
 */
function layerPair(inDim: number, outDim: number, relu: boolean, n: number, precision: 'float32' | 'float64') {
  const fused = createKernels('auto', precision)
  const layers = [fused, withoutFused(fused)].map((K) => new DenseLayer(inDim, outDim, relu, new Rng(5, 1), K))
  const rng = new Rng(9, 2)
  const x = Float64Array.from({ length: n * inDim }, (_, i) => (i < inDim ? 0 : rng.uniform(-3, 3)))
  const special = [-Infinity, Infinity, NaN, -0]
  for (const l of layers) {
    for (let j = 0; j < Math.min(4, outDim) * inDim; j++) l.W.value[j] = -Math.abs(l.W.value[j]) - 0.01
    special.forEach((v, o) => o < outDim && (l.b.value[o] = v))
  }
  const dy = Float64Array.from({ length: n * outDim }, (_, i) => (i % 11 === 3 ? [Infinity, -Infinity, NaN][i % 3] : rng.uniform(-1, 1)))
  return { layers, x, dy, fused }
}

// Float32: the bias and ReLU applied as the product is widened; Float64: on the product still in the
// kernels' memory, where the whole product is made there (other shapes: gemmNT and the JS loop)
describe.each(['float32', 'float64'] as const)(
  'the dense layer on the %s WebAssembly kernels (bias and ReLU without a branch per value)',
  (precision) => {
    // odd outputs: the kernels' scalar tail (Float32) or the JS edges (Float64); 50: the large problem's;
    // 100 → 10 on 32 and 1,000 rows: the article's batches and evaluation sets
    for (const [inDim, outDim, n] of [
      [9, 7, 6],
      [1000, 50, 128],
      [3, 5, 1],
      [100, 10, 32],
      [100, 10, 1000],
      [100, 10, 30]
    ] as const) {
      for (const relu of [true, false]) {
        it(`gives the bits of its own JS loops, ±0, ±∞ and NaN included (${n} rows, ${inDim} → ${outDim}, ${relu ? 'ReLU' : 'linear'})`, () => {
          const { layers, x, dy, fused } = layerPair(inDim, outDim, relu, n, precision)
          expect('gemmNTBias' in fused && 'reluGrad' in fused).toBe(true)
          const ys = layers.map((l) => {
            const y = new Float64Array(n * outDim)
            l.forward(x, n, y, true)
            return y
          })
          expect(bits(ys[0])).toEqual(bits(ys[1]))
          // the cases above do occur: NaN passed through, −∞ ReLU'd to 0 or kept
          expect(ys[0].some(Number.isNaN)).toBe(true)
          expect(ys[0][0]).toBe(relu ? 0 : -Infinity)

          const dxs = layers.map((l) => {
            const dx = new Float64Array(n * inDim)
            l.backward(x, n, dy, dx)
            return dx
          })
          expect(bits(layers[0].W.grad)).toEqual(bits(layers[1].W.grad))
          expect(bits(layers[0].b.grad)).toEqual(bits(layers[1].b.grad))
          expect(bits(dxs[0])).toEqual(bits(dxs[1]))
        })
      }
    }

    it('masks an infinite or NaN upstream gradient where the ReLU is closed, as the JS loop does', () => {
      const K = createKernels('auto', precision)
      const y = Float64Array.from([1, 0, -0, -2, NaN, 3, 0])
      const dy = Float64Array.from([NaN, Infinity, NaN, -Infinity, 5, -0, 2])
      const dz = new Float64Array(7)
      K.reluGrad!(y, dy, dz, 7)
      expect(Array.from(dz)).toEqual([NaN, 0, 0, 0, 0, -0, 0])
      expect(Object.is(dz[5], -0) && Object.is(dz[1], 0)).toBe(true)
    })
  }
)
