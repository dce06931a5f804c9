import { describe, expect, it } from 'vitest'
import { fillLogAbs, logAbsOn, logNearOne, logPositive, TABLE_BYTES } from '../../../../src-main/training/models/logAbs'
import { exactLog, logTable, nearOneTable } from '../../../../src-main/training/models/logTable'
import { Rng } from '../../../../src-main/training/rng'
import { wasmApi } from '../../../../src-main/training/kernels/wasmApi'

/** A sweep over the ranges the log-space units see, every exponent, the table's edges and the special cases. */
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
        x[i] = 1 + (u - 0.5) * 2 ** -(i % 53)
        break // near 1, where log x → 0 and relative error is hardest
      default:
        x[i] = (u - 0.5) * 1e-6 // near 0, where ε matters
    }
  }
  x.set([0, -0, NaN, Infinity, -Infinity, 5e-324, 2.2e-308, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2], 0)
  return x
}

/** Distance from the correctly rounded logarithm in units in its last place. */
function ulps(got: number, exact: number): number {
  if (exact === 0) return got === 0 ? 0 : Infinity
  return Math.abs(got - exact) / 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 52)
}

const special = (v: number) => v === 0 || v < 2 ** -1022 || !Number.isFinite(v)

describe('log(|x| + ε) for the log-space units', () => {
  // 100,003 values: several chunks of the SIMD loop, and an odd length
  const x = sweep(100_003)

  for (const eps of [0, 1e-7, 1e-5]) {
    it(`gives the same bits in WebAssembly SIMD and in JS (ε = ${eps}), Math.log's for the special cases`, () => {
      const simd = new Float64Array(x.length),
        js = new Float64Array(x.length)
      fillLogAbs(x, simd, x.length, eps)
      fillLogAbs(x, js, x.length, eps, false)
      let differ = 0,
        specials = 0
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(simd[i], js[i])) differ++
        const v = Math.abs(x[i]) + eps
        if (special(v)) {
          specials++
          if (!Object.is(js[i], Math.log(v))) differ++
        }
      }
      expect(differ).toBe(0)
      expect(specials).toBeGreaterThan(eps === 0 ? 3 : 1)
    })
  }

  it('is within 1 ulp of the correctly rounded logarithm (exact logarithms in integer arithmetic)', () => {
    const out = new Float64Array(x.length)
    fillLogAbs(x, out, x.length, 1e-7)
    let worst = 0
    for (let i = 0; i < x.length; i += 7) {
      const v = Math.abs(x[i]) + 1e-7
      if (!special(v)) worst = Math.max(worst, ulps(out[i], exactLog(v)))
    }
    // x = 1 and its neighbours: log 1 = 0 exactly, then ±2⁻⁵², ±2⁻⁵³ …
    for (const v of [1, 1 + 2 ** -52, 1 - 2 ** -53, 1 + 2 ** -30, 2, 0.5, Math.SQRT2, Math.SQRT1_2, Number.MAX_VALUE, 2 ** -1022])
      worst = Math.max(worst, ulps(logPositive(v), exactLog(v)))
    expect(logPositive(1)).toBe(0)
    expect(worst).toBeLessThanOrEqual(1)
    // and no more than 2 ulp from V8's Math.log (itself under 1 ulp)
    let vsMath = 0
    for (let i = 0; i < x.length; i++) {
      const v = Math.abs(x[i]) + 1e-7
      if (!special(v)) vsMath = Math.max(vsMath, ulps(out[i], Math.log(v)))
    }
    expect(vsMath).toBeLessThanOrEqual(2)
  })

  it('builds its table as documented: exact midpoints c, 1/c, and a head that keeps k·ln2_hi + head exact', () => {
    const t = logTable()
    expect(t).toHaveLength(128 * 4)
    // the interval centred on 1
    expect(Array.from(t.subarray(64 * 4, 65 * 4))).toEqual([1, 1, 0, 0])
    for (let i = 0; i < 128; i++) {
      const [c, inv, head, tail] = t.subarray(i * 4, i * 4 + 4)
      expect(inv).toBe(1 / c)
      expect(Number.isInteger(head * 2 ** 43)).toBe(true)
      expect(ulps(head + tail, exactLog(c))).toBeLessThanOrEqual(0.5)
    }
  })

  it('writes only the first len values, for short and odd lengths alike', () => {
    for (const len of [1, 3, 15, 16, 17, 18, 19]) {
      const out = new Float64Array(len + 2).fill(7)
      fillLogAbs(x, out, len, 1e-7)
      for (let i = 0; i < len; i++) expect(out[i]).toBe(logPositive(Math.abs(x[i]) + 1e-7))
      expect(Array.from(out.subarray(len))).toEqual([7, 7])
    }
  })

  describe("the near-one path (the paper's training inputs, U[1, 2] plus ε: arguments in [1 − 2⁻¹¹, 2 + 2⁻⁷))", () => {
    /** nearOne over `x` (copied into a fresh memory): its verdict and results */
    function nearOne(x: number[] | Float64Array, eps = 1e-7): { ok: boolean; out: Float64Array } {
      if (!wasmApi) throw new Error('these tests need WebAssembly')
      const mem = new wasmApi.Memory({ initial: Math.ceil((x.length * 16 + TABLE_BYTES) / 65536) + 1 })
      new Float64Array(mem.buffer).set(x)
      const ok = logAbsOn(mem, x.length * 16).nearOne(0, x.length, eps, x.length * 8)
      return { ok, out: new Float64Array(mem.buffer, x.length * 8, x.length).slice() }
    }

    it("is within 1 ulp over its range, and gives its JS twin logNearOne's bits", () => {
      const rng = new Rng(12, 0)
      const x = new Float64Array(60_000)
      for (let i = 0; i < x.length; i++) {
        const u = rng.uniform(0, 1)
        // the range; near 1; both sides of each interval's edges 1 + (2i + 1)/1024 (and 2 + (2i + 1)/512
        // above 2); just above 1 + 2⁻¹⁰, where the results are smallest against r (the hardest case)
        x[i] =
          [
            1 + u,
            1 + (u - 0.2) * 2 ** -((i % 50) + 9),
            1 + (2 * (i % 512) + 1) / 1024 + (u - 0.5) * 2 ** -40,
            2 + u / 128,
            1 + 2 ** -10 + u * 2 ** -((i % 30) + 12)
          ][i % 5] - 1e-7
      }
      x.set([1 - 1e-7, 2 - 1e-7, 2, 2 + 2 ** -7 - 2 ** -20, 1.496 - 1e-7, 1 - 2 ** -11 - 1e-7], 0)
      const { ok, out } = nearOne(x)
      expect(ok).toBe(true)
      let worst = 0,
        differ = 0
      for (let i = 0; i < x.length; i++) {
        const v = x[i] + 1e-7
        worst = Math.max(worst, ulps(out[i], exactLog(v)))
        if (!Object.is(out[i], logNearOne(v))) differ++
      }
      expect(worst).toBeLessThanOrEqual(1)
      expect(differ).toBe(0)
      expect(nearOne([0, 0], 1).out[0]).toBe(0)
      expect(logNearOne(1)).toBe(0)
      // four values a pass, then the last pair: counts of 4k + 2 too, and the pair's verdict counts
      for (const len of [2, 6, 10]) {
        const part = nearOne(x.subarray(0, len))
        expect(part.ok).toBe(true)
        expect(Array.from(part.out)).toEqual(Array.from(x.subarray(0, len), (v) => logNearOne(v + 1e-7)))
        expect(nearOne([...x.subarray(0, len - 1), 3]).ok).toBe(false)
      }
    })

    it('says so when a value is outside its range or the count is odd, whatever the others are', () => {
      for (const bad of [1 - 2 ** -11 - 1e-7 - 2 ** -40, 2 + 2 ** -7, -1.5, 0, NaN, Infinity, -Infinity, 3, 0.5, 0.999])
        expect(nearOne([1.5, 1.25, bad, 1.75]).ok).toBe(false)
      expect(nearOne([1.5, 1.25, 1.75]).ok).toBe(false)
      expect(nearOne([1.5, 1.25, 1 - 2 ** -11, 2 + 2 ** -7 - 2 ** -20]).ok).toBe(true)
      for (const bad of [1 - 2 ** -11 - 2 ** -40, 2 + 2 ** -7, 0.5, NaN]) expect(logNearOne(bad)).toBeNaN()
    })

    it('builds its table as documented: c within 2⁻⁴¹ of 1 + i/512 (2 + (i − 512)/256 above 2), 1/c nearly exact, log c to half an ulp', () => {
      const t = nearOneTable()
      expect(t).toHaveLength(1024 * 4)
      expect(Array.from(t.subarray(0, 4))).toEqual([1, 1, 0, 0])
      for (let i = 0; i < 515; i++) {
        const [c, inv, head, tail] = t.subarray(i * 4, i * 4 + 4)
        expect(Math.abs(c - (i <= 512 ? 1 + i / 512 : 2 + (i - 512) / 256))).toBeLessThanOrEqual(2 ** -41)
        expect(inv).toBe(1 / c)
        // c·(1/c) − 1 in exact rational arithmetic: Gal's choice keeps it far below 1/c's rounding (2⁻⁵⁴)
        expect(Math.abs(exactProductLessOne(c, inv))).toBeLessThan(2 ** -56)
        expect(Number.isInteger(head * 2 ** 43)).toBe(true)
        expect(ulps(head + tail, exactLog(c))).toBeLessThanOrEqual(0.5)
      }
    })
  })
})

/** a·b − 1 for doubles a, b, exactly (BigInt), rounded once at the end. */
function exactProductLessOne(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(8))
  const parts = (v: number): [bigint, number] => {
    view.setFloat64(0, v)
    const bits = view.getBigUint64(0)
    return [(bits & 0xfffffffffffffn) | (1n << 52n), Number((bits >> 52n) & 0x7ffn) - 1075]
  }
  const [ma, ea] = parts(a),
    [mb, eb] = parts(b)
  const e = ea + eb
  return Number(ma * mb - (1n << BigInt(-e))) * 2 ** e
}
