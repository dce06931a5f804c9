import { describe, expect, it } from 'vitest'
import { createKernels, jsKernels, weightGrad } from '../../../../src-main/training/kernels'
import gemm32TN from '../../../../src-main/training/kernels/gemm32TN.wat'
import type { Wasm32Kernels } from '../../../../src-main/training/kernels/wasm32'
import type { WasmApi } from '../../../../src-main/training/kernels/wasmApi'
import { Rng } from '../../../../src-main/training/rng'

const rng = new Rng(7, 1)
const rand = (len: number, lo = -1, hi = 1) => Float64Array.from({ length: len }, () => rng.uniform(lo, hi))

/**
 * Each result of the Float32 path against the Float64 JS kernels: within a float32 rounding of each
 * operand plus a float32 sum, relative to the sum of the terms' magnitudes (what a float32 BLAS
 * promises, and what cancellation in a signed sum can make large beside the result itself).
 */
function within32(got: Float64Array, want: Float64Array, scale: Float64Array, terms: number): void {
  expect(got.length).toBe(want.length)
  const bound = 4 * 2 ** -24 * (terms + 2)
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(bound * scale[i])
}

/** |A|·|B|ᵀ etc.: the magnitude each entry's error is relative to. */
const abs = (a: Float64Array) => a.map(Math.abs)

// edge rows (n % 4), edge columns (m % 2, m % 4), inner lengths that are not multiples of 8, the large problem's shape
const SHAPES: [number, number, number][] = [
  [32, 100, 10],
  [33, 101, 11],
  [7, 64, 3],
  [5, 2, 1],
  [1, 9, 6],
  [18, 30, 5],
  [128, 1000, 50]
]

describe('the Float32 kernels (products in float32, Float64 in and out)', () => {
  const f32 = createKernels('auto', 'float32')

  it('are what the float32 precision gets here', () => {
    expect(f32.name).toBe('wasm-simd-f32')
    expect(createKernels('auto', 'float64').name).toBe('wasm-simd')
  })

  for (const [n, k, m] of SHAPES) {
    it(`agree with the Float64 JS kernels within float32 rounding: ${n}×${k} by ${m}×${k}`, () => {
      const A = rand(n * k, -10, 10),
        B = rand(m * k),
        D = rand(n * m)
      const want = new Float64Array(n * m),
        scale = new Float64Array(n * m),
        got = new Float64Array(n * m)
      jsKernels.gemmNT(A, n, k, B, m, want)
      jsKernels.gemmNT(abs(A), n, k, abs(B), m, scale)
      f32.gemmNT(A, n, k, B, m, got)
      within32(got, want, scale, k)

      // += Dᵀ·A onto a gradient already holding values: they are kept in Float64, not rounded
      const start = rand(m * k, -1e6, 1e6)
      const acc = Float64Array.from(start),
        accWant = Float64Array.from(start),
        accScale = new Float64Array(m * k)
      jsKernels.gemmTNAcc(D, n, m, A, k, accWant)
      jsKernels.gemmTNAcc(abs(D), n, m, abs(A), k, accScale)
      f32.gemmTNAcc(D, n, m, A, k, acc)
      within32(
        acc.map((v, i) => v - start[i]),
        accWant.map((v, i) => v - start[i]),
        accScale,
        n
      )
      // = Dᵀ·A whatever the array held: the values += gives onto zeros
      const over = rand(m * k, -1e6, 1e6),
        zeros = new Float64Array(m * k)
      f32.gemmTNAcc(D, n, m, A, k, zeros)
      weightGrad(f32, D, n, m, A, k, over)
      expect(over).toEqual(zeros)
      // the kernels without gemmTN: zeroed, then accumulated
      const jsOver = rand(m * k, -1e6, 1e6),
        jsZeros = new Float64Array(m * k)
      jsKernels.gemmTNAcc(D, n, m, A, k, jsZeros)
      weightGrad(jsKernels, D, n, m, A, k, jsOver)
      expect(jsOver).toEqual(jsZeros)

      // D·B, then += D·B
      const out = rand(n * k),
        nnWant = new Float64Array(n * k),
        nnScale = new Float64Array(n * k)
      jsKernels.gemmNN(D, n, m, B, k, nnWant)
      jsKernels.gemmNN(abs(D), n, m, abs(B), k, nnScale)
      f32.gemmNN(D, n, m, B, k, out)
      within32(out, nnWant, nnScale, m)
      f32.gemmNN(D, n, m, B, k, out, true)
      within32(
        out,
        nnWant.map((v) => 2 * v),
        nnScale.map((v) => 2 * v),
        m
      )
    })
  }

  it('round to float32, not just compute in Float64: a product finer than float32 is lost', () => {
    // 1 + 2⁻³⁰ is 1 in float32; Float64 keeps it
    const A = Float64Array.from({ length: 8 }, () => 1 + 2 ** -30),
      B = new Float64Array(8).fill(1)
    const C = new Float64Array(1)
    f32.gemmNT(A, 1, 8, B, 1, C)
    expect(C[0]).toBe(8)
    jsKernels.gemmNT(A, 1, 8, B, 1, C)
    expect(C[0]).toBe(8 + 8 * 2 ** -30)
  })

  it('a pinned data set is rounded once and read from its copy while the weights change', () => {
    const kernels = createKernels('auto', 'float32')
    const [n, k, m] = [64, 100, 10]
    const A = rand(n * k)
    kernels.pin(A)
    for (let i = 0; i < 3; i++) {
      const W = rand(m * k),
        want = new Float64Array(n * m),
        scale = new Float64Array(n * m),
        got = new Float64Array(n * m)
      jsKernels.gemmNT(A, n, k, W, m, want)
      jsKernels.gemmNT(abs(A), n, k, abs(W), m, scale)
      kernels.gemmNT(A, n, k, W, m, got)
      within32(got, want, scale, k)
      // the same pinned rows as the A of a weight gradient
      const D = rand(n * m),
        g = new Float64Array(m * k),
        gWant = new Float64Array(m * k),
        gScale = new Float64Array(m * k)
      kernels.gemmTNAcc(D, n, m, A, k, g)
      jsKernels.gemmTNAcc(D, n, m, A, k, gWant)
      jsKernels.gemmTNAcc(abs(D), n, m, abs(A), k, gScale)
      within32(g, gWant, gScale, n)
    }
  })

  it('a gathered batch is read from the float32 rows of its pinned source, fresh after every gather', () => {
    const kernels = createKernels('auto', 'float32')
    const [rows, k, m, n] = [40, 37, 6, 9]
    const src = rand(rows * k, -5, 5),
      W = rand(m * k)
    kernels.pin(src)
    const out = new Float64Array(12 * k)
    const order = Uint32Array.from({ length: rows }, (_, i) => (i * 7) % rows)
    for (const start of [0, 9, 27]) {
      kernels.gather!(src, k, order, start, n, out)
      const copy = new Float64Array(n * k)
      for (let r = 0; r < n; r++) copy.set(src.subarray(order[start + r] * k, (order[start + r] + 1) * k), r * k)
      // the Float64 rows are there for JS readers
      expect(out.subarray(0, n * k)).toEqual(copy)
      const got = new Float64Array(n * m),
        want = new Float64Array(n * m),
        scale = new Float64Array(n * m)
      kernels.gemmNT(out, n, k, W, m, got)
      jsKernels.gemmNT(copy, n, k, W, m, want)
      jsKernels.gemmNT(abs(copy), n, k, abs(W), m, scale)
      within32(got, want, scale, k)
      const g = new Float64Array(m * k),
        gWant = new Float64Array(m * k),
        gScale = new Float64Array(m * k),
        D = rand(n * m)
      kernels.gemmTNAcc(D, n, m, out, k, g)
      jsKernels.gemmTNAcc(D, n, m, copy, k, gWant)
      jsKernels.gemmTNAcc(abs(D), n, m, abs(copy), k, gScale)
      within32(g, gWant, gScale, n)
    }
  })

  it('take the weight gradient of a mostly zero D (a ReLU’s) from its nonzero values alone, with the bits of the dense kernel', () => {
    for (const [n, k, m] of SHAPES) {
      const A = rand(n * k, -10, 10)
      // 55 % zeros, −0 and values below float32's range among them; the last column all zero, the first all nonzero
      const D = rand(n * m).map((v, i) => {
        const o = i % m
        if (o === 0 && m > 1) return v || 0.5
        if (o === m - 1 && m > 1) return i % 2 ? 0 : -0
        const u = rng.uniform(0, 1)
        return u < 0.45 ? 0 : u < 0.5 ? -0 : u < 0.55 ? 1e-50 : v
      })
      const start = rand(m * k, -3, 3)
      const run = (below: number) => {
        const kernels = createKernels('auto', 'float32') as Wasm32Kernels
        kernels.weightGrad.sparseBelow = below
        const acc = Float64Array.from(start)
        kernels.gemmTNAcc(Float64Array.from(D), n, m, A, k, acc)
        const over = rand(m * k)
        kernels.gemmTN(Float64Array.from(D), n, m, A, k, over)
        return { acc, over }
      }
      const sparse = run(1),
        dense = run(0)
      expect(sparse.over).toEqual(dense.over)
      expect(sparse.acc).toEqual(dense.acc)
      const want = new Float64Array(m * k),
        scale = new Float64Array(m * k)
      jsKernels.gemmTNAcc(D, n, m, A, k, want)
      jsKernels.gemmTNAcc(abs(D), n, m, abs(A), k, scale)
      within32(sparse.over, want, scale, n)
    }
  })

  it('keep taking the dense kernel for a dense D, and the sparse one again once the same D turns sparse', () => {
    const [n, k, m] = [16, 24, 8]
    const A = rand(n * k),
      D = rand(n * m)
    const kernels = createKernels('auto', 'float32')
    const g = () => {
      const out = new Float64Array(m * k)
      kernels.gemmTN!(D, n, m, A, k, out)
      return out
    }
    for (let call = 0; call < 70; call++) g()
    // now mostly zero: within 65 calls it is looked at again, and the result is right throughout
    D.forEach((_, i) => (D[i] = i % 5 ? 0 : D[i]))
    const want = new Float64Array(m * k),
      scale = new Float64Array(m * k)
    jsKernels.gemmTNAcc(D, n, m, A, k, want)
    jsKernels.gemmTNAcc(abs(D), n, m, abs(A), k, scale)
    for (let call = 0; call < 70; call++) within32(g(), want, scale, n)
  })

  it('list, for the sparse kernel, each column’s nonzero values with their rows’ offsets in A, in row order', () => {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    const mem = new api.Memory({ initial: 1 })
    const tn = new api.Instance(new api.Module(gemm32TN), { env: { mem } }).exports as { compact: (...a: number[]) => number }
    const f = new Float32Array(mem.buffer),
      i32 = new Int32Array(mem.buffer)
    // D: 5 rows × 3 columns, row stride 4
    const D = [
      [1, 0, 2],
      [-0, 3, 0],
      [4, 1e-50, 0],
      [0, -5, 0],
      [6, 0, 0]
    ]
    D.forEach((row, r) => row.forEach((v, o) => (f[r * 4 + o] = v)))
    const [L, N, kb] = [400, 800, 1000]
    expect(tn.compact(0, 4, 5, 3, kb, L, N)).toBe(6)
    const lists = [0, 1, 2].map((o) =>
      Array.from({ length: i32[N / 4 + o] }, (_, t) => [i32[L / 4 + (o * 5 + t) * 2] / kb, f[L / 4 + (o * 5 + t) * 2 + 1]])
    )
    expect(lists).toEqual([
      [
        [0, 1],
        [2, 4],
        [4, 6]
      ],
      [
        [1, 3],
        [3, -5]
      ],
      [[0, 2]]
    ])
  })
})
