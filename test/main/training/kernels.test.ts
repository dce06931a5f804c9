import { describe, expect, it } from 'vitest'
import { createKernels, jsKernels, weightGrad } from '../../../src-main/training/kernels'
import { Rng } from '../../../src-main/training/rng'

const rng = new Rng(42, 1)
const rand = (len: number) => Float64Array.from({ length: len }, () => rng.uniform(-1, 1))

/** Naive triple loops: the definition each kernel must meet. */
function nt(A: Float64Array, n: number, k: number, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(n * m)
  for (let r = 0; r < n; r++) for (let o = 0; o < m; o++) for (let j = 0; j < k; j++) C[r * m + o] += A[r * k + j] * B[o * k + j]
  return C
}

const close = (a: Float64Array, b: Float64Array) => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(b[i])))
}

// shapes with and without edge rows (n % 4), edge columns (m % 2) and odd k, small and large
const SHAPES: [number, number, number][] = [
  [32, 100, 10],
  [200, 100, 20],
  [33, 100, 11],
  [7, 64, 3],
  [18, 32, 5],
  [40, 3, 2],
  [5, 2, 1],
  [64, 101, 8]
]

describe('matrix kernels (plain JS and WebAssembly SIMD) meet the naive definition', () => {
  for (const kernels of [jsKernels, createKernels()]) {
    for (const [n, k, m] of SHAPES) {
      it(`${kernels.name}: ${n}×${k} by ${m}×${k}`, () => {
        const A = rand(n * k),
          B = rand(m * k),
          D = rand(n * m)
        const C = new Float64Array(n * m)
        kernels.gemmNT(A, n, k, B, m, C)
        close(C, nt(A, n, k, B, m))

        // C (m × k) += Dᵀ·A: the same as transposing D and A through the naive product
        const acc = rand(m * k)
        const want = Float64Array.from(acc)
        for (let o = 0; o < m; o++) for (let j = 0; j < k; j++) for (let r = 0; r < n; r++) want[o * k + j] += D[r * m + o] * A[r * k + j]
        kernels.gemmTNAcc(D, n, m, A, k, acc)
        close(acc, want)

        // C (n × k) = D·B, then += D·B
        const out = rand(n * k)
        const nn = new Float64Array(n * k)
        for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) for (let o = 0; o < m; o++) nn[r * k + j] += D[r * m + o] * B[o * k + j]
        kernels.gemmNN(D, n, m, B, k, out)
        close(out, nn)
        kernels.gemmNN(D, n, m, B, k, out, true)
        close(
          out,
          nn.map((v) => 2 * v)
        )
      })
    }
  }

  // weightGrad takes the WebAssembly kernels' gemmTN (no C read), which must give what zeroing C and
  // gemmTNAcc give, bit for bit (one of the article's NAC and NALU steps' weight gradients)
  for (const [n, k, m] of SHAPES)
    it(`wasm-simd: weightGrad (gemmTN) is C zeroed then gemmTNAcc, bit for bit: ${n}×${k} by ${m}`, () => {
      const wasm = createKernels()
      expect('gemmTN' in wasm).toBe(true)
      const D = rand(n * m),
        A = rand(n * k)
      const want = rand(m * k)
      want.fill(0)
      wasm.gemmTNAcc(D, n, m, A, k, want)
      // C's old values, whatever they are, are not part of the result
      const got = rand(m * k)
      weightGrad(wasm, D, n, m, A, k, got)
      expect(Array.from(new BigUint64Array(got.buffer))).toEqual(Array.from(new BigUint64Array(want.buffer)))
    })

  it('a pinned operand is read from the kernels’ own copy, with the same result', () => {
    const wasm = createKernels()
    const [n, k, m] = [64, 100, 10]
    const A = rand(n * k),
      B = rand(m * k)
    wasm.pin(A)
    const C = new Float64Array(n * m)
    for (let i = 0; i < 3; i++) {
      const W = rand(m * k) // the weights change between calls; the pinned data does not
      wasm.gemmNT(A, n, k, W, m, C)
      close(C, nt(A, n, k, W, m))
    }
    wasm.gemmNT(A, n, k, B, m, C)
    close(C, nt(A, n, k, B, m))
  })
})
