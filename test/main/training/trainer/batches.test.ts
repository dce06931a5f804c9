import { describe, expect, it } from 'vitest'
import { addSquaredErrors } from '../../../../src-main/training/trainer/batches'
import { Rng } from '../../../../src-main/training/rng'

/** The plain loop: row by row, each output's squared error added to its sum in order. */
function rowByRow(y: Float64Array, t: Float64Array, n: number, m: number, acc: Float64Array): void {
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < m; k++) {
      const e = y[r * m + k] - t[r * m + k]
      acc[k] += e * e
    }
  }
}

const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))

describe('addSquaredErrors (the evaluation’s per-output sums)', () => {
  // every remainder of the four-column groups, and a wide one
  for (const m of [1, 2, 3, 4, 5, 6, 7, 10, 20]) {
    it(`gives the bits of the row-by-row loop, on top of what acc held (${m} outputs)`, () => {
      const rng = new Rng(3, m)
      const n = 257
      // a spread of magnitudes, so that another order of the additions would round differently
      const y = Float64Array.from({ length: n * m }, () => rng.uniform(-50, 50) * 10 ** rng.int(6))
      const t = Float64Array.from({ length: n * m }, () => rng.uniform(-50, 50))
      const start = Float64Array.from({ length: m }, (_, k) => k * 0.1 + 1e-7)
      const [a, b] = [start.slice(), start.slice()]
      rowByRow(y, t, n, m, a)
      addSquaredErrors(y, t, n, m, b)
      expect(bits(b)).toEqual(bits(a))
      // and a second set of rows added to the same sums, as the evaluation's slices are
      rowByRow(t, y, n, m, a)
      addSquaredErrors(t, y, n, m, b)
      expect(bits(b)).toEqual(bits(a))
    })
  }
})
