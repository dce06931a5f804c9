import { describe, expect, it } from 'vitest'
import { fillLogAbs, logFdlibm } from '../../../../src-main/training/models/logAbs'
import { Rng } from '../../../../src-main/training/rng'

/** A sweep over the ranges the log-space units see and the cases fdlibm treats apart. */
function sweep(n: number): Float64Array {
  const rng = new Rng(11, 0)
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const u = rng.uniform(0, 1)
    switch (i % 5) {
      case 0:
        x[i] = 1 + u
        break // the training range
      case 1:
        x[i] = -(2 + 4 * u)
        break // extrapolation, negative
      case 2:
        x[i] = Math.exp((u - 0.5) * 1400)
        break // every exponent
      case 3:
        x[i] = 1 + (u - 0.5) * 4e-6
        break // fdlibm's |f| < 2⁻²⁰ series and its edge
      default:
        x[i] = (u - 0.5) * 1e-6 // near 0, where ε matters
    }
  }
  x.set([0, -0, NaN, Infinity, -Infinity, 5e-324, 2.2e-308, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2], 0)
  return x
}

function mismatches(x: Float64Array, out: Float64Array, eps: number): number {
  let bad = 0
  for (let i = 0; i < x.length; i++) if (!Object.is(out[i], Math.log(Math.abs(x[i]) + eps))) bad++
  return bad
}

describe('log(|x| + ε) for the log-space units', () => {
  // 100,003 values: several chunks of the SIMD loop, and a length that is not a multiple of 4
  const x = sweep(100_003)

  for (const eps of [0, 1e-7, 1e-5]) {
    it(`gives Math.log's values bit for bit in WebAssembly SIMD and without it (ε = ${eps})`, () => {
      const simd = new Float64Array(x.length),
        js = new Float64Array(x.length)
      fillLogAbs(x, simd, x.length, eps)
      fillLogAbs(x, js, x.length, eps, false)
      expect(mismatches(x, simd, eps)).toBe(0)
      expect(mismatches(x, js, eps)).toBe(0)
    })
  }

  it('writes only the first len values, for short and odd lengths alike', () => {
    for (const len of [1, 3, 15, 16, 17, 18, 19]) {
      const out = new Float64Array(len + 2).fill(7)
      fillLogAbs(x, out, len, 1e-7)
      expect(mismatches(x.subarray(0, len), out.subarray(0, len), 1e-7)).toBe(0)
      expect(Array.from(out.subarray(len))).toEqual([7, 7])
    }
  })

  it('is fdlibm’s log in JS too, the cases it treats apart included', () => {
    for (const v of [1, 2, 3, 0.1, 1e300, 1e-300, 1 + 2 ** -30, 0, 5e-324, Infinity, NaN])
      expect(Object.is(logFdlibm(v), Math.log(v))).toBe(true)
    let bad = 0
    for (let i = 0; i < x.length; i++) if (!Object.is(logFdlibm(Math.abs(x[i]) + 1e-7), Math.log(Math.abs(x[i]) + 1e-7))) bad++
    expect(bad).toBe(0)
  })
})
