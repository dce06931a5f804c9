import { describe, expect, it } from 'vitest'
import { createKernels, type Kernels } from '../../../../src-main/training/kernels'
import { createNalu } from '../../../../src-main/training/models/nalu'
import { Input } from '../../../../src-main/training/models/types'
import { Rng } from '../../../../src-main/training/rng'

/** The same kernels without their one-call NALU forward: the unit then makes its two products and the step itself. */
function withoutFused(K: Kernels): Kernels {
  return {
    name: K.name,
    backend: K.backend,
    gemmNT: K.gemmNT.bind(K),
    gemmTNAcc: K.gemmTNAcc.bind(K),
    gemmTN: K.gemmTN?.bind(K),
    gemmNN: K.gemmNN.bind(K),
    naluMix: K.naluMix.bind(K),
    pin: K.pin.bind(K)
  }
}

const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))

describe('the NALU’s forward in one call of the Float64 WebAssembly kernels (Kernels.naluForward)', () => {
  // the article's batch and evaluation set (whole in WebAssembly), a batch with an edge row block and
  // odd outputs (the three calls then), inputs of mixed signs and a zero (log|x| at ε)
  for (const [n, inDim, outDim, variant] of [
    [32, 100, 10, 'article'],
    [1000, 100, 10, 'article'],
    [30, 100, 10, 'article'],
    [32, 20, 3, 'paper'],
    [64, 40, 6, 'paper']
  ] as const) {
    it(`gives the bits of the products and the step made one by one (${n} rows, ${inDim} → ${outDim}, ${variant})`, () => {
      const fused = createKernels()
      expect('naluForward' in fused).toBe(true)
      const units = [fused, withoutFused(fused)].map((K) => createNalu(variant, 'glorot', 1e-7, inDim, outDim, new Rng(11, 4), K))
      const rng = new Rng(2, 7)
      const x = Float64Array.from({ length: n * inDim }, (_, i) => (i === 5 ? 0 : rng.uniform(-10, 10)))
      const inputs = units.map(() => new Input(x, n, inDim, true))
      // an evaluation pass (ag and m not kept), then a training pass and its backward
      const evals = units.map((u, i) => {
        const y = new Float64Array(n * outDim)
        u.forward(inputs[i], y, false)
        const gates = new Float64Array(outDim)
        u.sumGates?.(n, gates)
        return [y, gates]
      })
      expect(bits(evals[0][0])).toEqual(bits(evals[1][0]))
      expect(bits(evals[0][1])).toEqual(bits(evals[1][1]))
      const dy = Float64Array.from({ length: n * outDim }, () => rng.uniform(-1, 1))
      units.forEach((u, i) => {
        u.forward(inputs[i], new Float64Array(n * outDim), true)
        u.backward(inputs[i], dy, null)
      })
      units[0].params.forEach((p, k) => expect(bits(p.grad)).toEqual(bits(units[1].params[k].grad)))
      expect(units[0].params.some((p) => p.grad.some((v) => v !== 0))).toBe(true)
    })
  }
})
