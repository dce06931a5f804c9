import type { DataSet } from '../problems'
import { Input } from '../models/types'

/** A slice of rows: its Input (with cached transforms) and its targets. */
export interface Slice {
  start: number
  n: number
  input: Input
  y: Float64Array
}

/** Rows on which to evaluate are cut into slices of this many: big sets stay cache-friendly. */
export const EVAL_ROWS = 1024

/**
 * Consecutive slices of `size` rows, made once per run: no allocation per batch, and the log
 * transforms the log-space units need are computed once per slice. Batches keep the data's order,
 * as the article's DataLoader (no shuffle) does.
 */
export function slices(set: DataSet, size: number, pin?: (a: Float64Array) => void): Slice[] {
  const out: Slice[] = []
  for (let start = 0; start < set.n; start += size) {
    const n = Math.min(size, set.n - start)
    const x = set.x.subarray(start * set.inDim, (start + n) * set.inDim)
    out.push({ start, n, input: new Input(x, n, set.inDim, true, pin), y: set.y.subarray(start * set.outDim, (start + n) * set.outDim) })
  }
  return out
}

/** Mean squared error of y against t (n × m) and its gradient 2(y − t)/(n·m) into dy. */
export function mseGrad(y: Float64Array, t: Float64Array, len: number, dy: Float64Array): number {
  let sum = 0
  const scale = 2 / len
  for (let i = 0; i < len; i++) {
    const e = y[i] - t[i]
    sum += e * e
    dy[i] = scale * e
  }
  return sum / len
}

/**
 * Adds the squared errors of each output (columns of n × m) into acc, each column's row by row in
 * order. Columns go four (then two, one) at a time down the rows with their sums in locals: walked
 * row by row, every addition waited for the last one's store to acc (3.6 ns a value, against ≈ 1).
 */
export function addSquaredErrors(y: Float64Array, t: Float64Array, n: number, m: number, acc: Float64Array): void {
  let k = 0
  for (; k + 4 <= m; k += 4) {
    let s0 = acc[k],
      s1 = acc[k + 1],
      s2 = acc[k + 2],
      s3 = acc[k + 3]
    for (let r = 0, i = k; r < n; r++, i += m) {
      const e0 = y[i] - t[i],
        e1 = y[i + 1] - t[i + 1],
        e2 = y[i + 2] - t[i + 2],
        e3 = y[i + 3] - t[i + 3]
      s0 += e0 * e0
      s1 += e1 * e1
      s2 += e2 * e2
      s3 += e3 * e3
    }
    acc[k] = s0
    acc[k + 1] = s1
    acc[k + 2] = s2
    acc[k + 3] = s3
  }
  for (; k + 2 <= m; k += 2) {
    let s0 = acc[k],
      s1 = acc[k + 1]
    for (let r = 0, i = k; r < n; r++, i += m) {
      const e0 = y[i] - t[i],
        e1 = y[i + 1] - t[i + 1]
      s0 += e0 * e0
      s1 += e1 * e1
    }
    acc[k] = s0
    acc[k + 1] = s1
  }
  for (; k < m; k++) {
    let s = acc[k]
    for (let r = 0, i = k; r < n; r++, i += m) {
      const e = y[i] - t[i]
      s += e * e
    }
    acc[k] = s
  }
}
