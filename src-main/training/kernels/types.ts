/**
 * The dense products every unit is built from, row-major Float64. One implementation in plain
 * JS, one in WebAssembly SIMD; a run gets one Kernels object and every unit of its model uses it.
 */
export interface Kernels {
  readonly name: 'js' | 'wasm-simd'
  /** C (n × m) = A (n × k) · Bᵀ, B being m × k. */
  gemmNT(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array): void
  /** C (m × k) += Dᵀ · A, D being n × m and A n × k (a weight gradient). */
  gemmTNAcc(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void
  /** C (n × k) = D (n × m) · B (m × k), or += when `accumulate` (an input gradient). */
  gemmNN(D: Float64Array, n: number, m: number, B: Float64Array, k: number, C: Float64Array, accumulate?: boolean): void
  /**
   * The NALU's element-wise step over n rows of O outputs: g = σ(gate logit), m ← e^m and
   * y = g·a + (1 − g)·m, `ag` holding per row [a (O) | gate logits (O)]. Both implementations give
   * the same bits (kernels/exp.ts).
   */
  naluMix(ag: Float64Array, m: Float64Array, n: number, O: number, g: Float64Array, y: Float64Array): void
  /**
   * Promises that `a` will never change again (a data set, or a transform of one), so an
   * implementation may keep its own copy instead of copying it on every call.
   */
  pin(a: Float64Array): void
}
