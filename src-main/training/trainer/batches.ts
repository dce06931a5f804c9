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

/** Adds the squared errors of each output (columns of n × m) into acc. */
export function addSquaredErrors(y: Float64Array, t: Float64Array, n: number, m: number, acc: Float64Array): void {
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < m; k++) {
      const e = y[r * m + k] - t[r * m + k]
      acc[k] += e * e
    }
  }
}
