type Dense = (d: number, n: number, m4: number, a: number, k8: number, c: number, ld: number) => void
type Sparse = (lists: number, counts: number, n: number, m: number, a: number, k8: number, c: number) => void
type Compact = (d: number, ld: number, n: number, m: number, kb: number, lists: number, counts: number) => number

/**
 * The Float32 path's weight gradient C = Dᵀ·A on operands already rounded into the kernels' memory:
 * gemm32TN, or gemm32TNSparse from `compact`'s lists where few of D's values are nonzero (a ReLU's
 * gradient: half its outputs are closed, and the large vanilla model's weight gradient is 27 %
 * faster for it). The two give the same bits. A D found dense is not looked at again for 64 calls,
 * so models whose D never has zeros pay one 6 µs pass over it in 65.
 */
export class WeightGrad32 {
  /**
   * The share of nonzero values below which the sparse kernel runs: it takes 13.8 GMAC/s per nonzero
   * against gemm32TN's 20 for every value, so it pays from about 30 % zeros on (tests set 0 and 1 to
   * compare the two kernels)
   */
  sparseBelow = 0.6
  private readonly denseFor = new WeakMap<Float64Array, number>()
  private readonly dense: Dense
  private readonly sparse: Sparse
  private readonly compact: Compact

  /** `exports`: gemm32TN.wat instantiated on the kernels' memory */
  constructor(exports: Record<string, unknown>) {
    this.dense = exports.gemm32TN as Dense
    this.sparse = exports.gemm32TNSparse as Sparse
    this.compact = exports.compact as Compact
  }

  /** Bytes of scratch `run` needs for the lists and their lengths, D being n × m. */
  static listBytes(n: number, m: number): [number, number] {
    return [n * m * 8, m * 4]
  }

  /**
   * C (m4 × k8, f32 at byte c) = Dᵀ·A, D (n × m, from the Float64Array `D`) rounded at byte d with row
   * stride m4 (columns past m zero), A rounded at byte a (n × k8); the lists made at `lists`, `counts`.
   */
  run(D: Float64Array, d: number, n: number, m: number, m4: number, a: number, k8: number, c: number, lists: number, counts: number): void {
    if (this.listed(D, d, n, m, m4, k8 * 4, lists, counts)) this.sparse(lists, counts, n, m, a, k8, c)
    else this.dense(d, n, m4, a, k8, c, m4)
  }

  /** Whether D has few enough nonzero values for the sparse kernel, its lists then made. */
  private listed(D: Float64Array, d: number, n: number, m: number, m4: number, kb: number, lists: number, counts: number): boolean {
    const wait = this.denseFor.get(D) ?? 0
    if (wait > 0) {
      this.denseFor.set(D, wait - 1)
      return false
    }
    if (this.compact(d, m4, n, m, kb, lists, counts) < this.sparseBelow * n * m) return true
    this.denseFor.set(D, 64)
    return false
  }
}
