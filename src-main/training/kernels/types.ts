import type { NacRefresh } from './elementwise'
import type { Param } from '../models/types'

/**
 * The dense products every unit is built from, row-major Float64 in and out. One implementation in
 * plain JS, one in WebAssembly SIMD, and the Float32 path's (products in float32: wasm32.ts); a
 * run gets one Kernels object and every unit of its model uses it.
 */
export interface Kernels {
  readonly name: 'js' | 'wasm-simd' | 'wasm-simd-f32'
  /** what a run records (its backend: fused-<this>): the name, and for the Float32 path whether its multiply-adds fuse here */
  readonly backend: string
  /** C (n × m) = A (n × k) · Bᵀ, B being m × k. */
  gemmNT(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array): void
  /** C (m × k) += Dᵀ · A, D being n × m and A n × k (a weight gradient). */
  gemmTNAcc(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void
  /**
   * C (m × k) = Dᵀ · A, C's old values never read, where that saves work (the Float32 path's: no
   * copy of C into its memory to add to); absent: weightGrad fills C with 0 and accumulates.
   */
  gemmTN?(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void
  /** C (n × k) = D (n × m) · B (m × k), or += when `accumulate` (an input gradient). */
  gemmNN(D: Float64Array, n: number, m: number, B: Float64Array, k: number, C: Float64Array, accumulate?: boolean): void
  /**
   * The NALU's element-wise step over n rows of O outputs: g = σ(gate logit), m ← e^m and
   * y = g·a + (1 − g)·m, `ag` holding per row [a (O) | gate logits (O)]. Both implementations give
   * the same bits (kernels/exp.ts).
   */
  naluMix(ag: Float64Array, m: Float64Array, n: number, O: number, g: Float64Array, y: Float64Array): void
  /**
   * The NALU's whole forward: ag = x·WGᵀ (n × 2·O), m = L·Wmᵀ (n × O), then naluMix, with their bits,
   * where the products and the step stay in the kernels' memory (the Float64 WebAssembly kernels);
   * ag and m are written only when `keep`. Absent: the three calls.
   */
  naluForward?(
    x: Float64Array,
    L: Float64Array,
    n: number,
    D: number,
    WG: Float64Array,
    O: number,
    Wm: Float64Array,
    ag: Float64Array,
    m: Float64Array,
    g: Float64Array,
    y: Float64Array,
    keep: boolean
  ): void
  /**
   * The dense layer's forward in one pass: C = A·Bᵀ, then b added to each row and, when `relu`,
   * v < 0 ? 0 : v, with the bits of gemmNT followed by the layer's JS loop (models/dense.ts) but
   * without its branch per value; absent: the caller runs that loop.
   */
  gemmNTBias?(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array, b: Float64Array, relu: boolean): void
  /** dz = y > 0 ? dy : 0 over `len` values, a mask instead of a branch (dz may be dy); absent: the JS loop. */
  reluGrad?(y: Float64Array, dy: Float64Array, dz: Float64Array, len: number): void
  /**
   * Promises that `a` will never change again (a data set, or a transform of one), so an
   * implementation may keep its own copy instead of copying it on every call.
   */
  pin(a: Float64Array): void
  /**
   * Rows rows[start + r] of `src` (a pinned matrix of d columns) into row r of `out`, r < n: a
   * shuffled batch. The WebAssembly kernels copy them in their memory and keep that copy for the
   * products that read `out` (so only gather may write `out`); absent: the caller copies the rows.
   * `forJs` false: no JS code will read `out`'s values, only these kernels' products, and an
   * implementation whose products never read `out` in JS may leave them as they were (the Float32
   * path's: copying a batch's rows out was a tenth of a large problem's step there).
   */
  gather?(src: Float64Array, d: number, rows: Uint32Array, start: number, n: number, out: Float64Array, forJs?: boolean): void
  /**
   * Moves the params that have no Adam home into the kernels' memory, their home from then on, where
   * the products read and write them without copies (the Float32 path's). Absent: they stay where they are.
   */
  hostParams?(params: Param[]): void
  /**
   * The NAC weights' refresh for `len` weights where the kernels have their own (the Float32 path's,
   * in float32 precision: refresh32.ts); absent: the Float64 one (elementwise.ts).
   */
  nacRefresh?(len: number): NacRefresh
  /** The run that made these kernels is over (none of their methods is called after): their memory may serve the next run's. */
  dispose?(): void
}

/** C (m × k) = Dᵀ · A through the kernels' gemmTN where they have one, else C zeroed and gemmTNAcc. */
export function weightGrad(K: Kernels, D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
  if (K.gemmTN) return K.gemmTN(D, n, m, A, k, C)
  C.fill(0)
  K.gemmTNAcc(D, n, m, A, k, C)
}
