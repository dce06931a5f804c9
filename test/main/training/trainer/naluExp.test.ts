import { describe, expect, it } from 'vitest'
import { EXP_LIMIT, exactExp, expData, expErrorUlps } from '../../../../src-main/training/trainer/expTable'
import naluStackWat from '../../../../src-main/training/trainer/naluStack.wat'
import { Rng } from '../../../../src-main/training/rng'
import { wasmApi } from '../../../../src-main/training/kernels/wasmApi'

type Exps = (p: number, count: number, e: number, out: number) => void

/** The NALU stack's vector exp over `x` (even length), through the module's `exps` loop. */
function vectorExp(x: Float64Array): Float64Array {
  const data = expData()
  const bytes = x.length * 16 + data.length * 8
  const api = wasmApi
  if (!api) throw new Error('these tests need WebAssembly')
  const mem = new api.Memory({ initial: Math.ceil(bytes / 65536) })
  const heap = new Float64Array(mem.buffer)
  heap.set(x)
  const e = 2 * x.length * 8
  heap.set(data, e / 8)
  const exps = new api.Instance(new api.Module(naluStackWat), { env: { mem, exp: Math.exp } }).exports.exps as Exps
  exps(0, x.length, e, x.length * 8)
  return heap.slice(x.length, 2 * x.length)
}

describe("the NALU stack's vector exp", () => {
  it('is within 0.51 ulp of e^x over the range it computes itself, and mostly correctly rounded (exact exponentials in integer arithmetic)', () => {
    const rng = new Rng(5, 0)
    const x = new Float64Array(20_000)
    for (let i = 0; i < x.length; i++) {
      const u = rng.uniform(-1, 1)
      // the whole fast range, the gates' and paths' usual range, and tiny arguments (e^x ≈ 1 + x)
      x[i] = [u * EXP_LIMIT, u * 30, u * 2 ** -(i % 60), Math.round(u * 4000) * (Math.LN2 / 128)][i % 4]
    }
    x.set([0, -0, EXP_LIMIT, -EXP_LIMIT, 1, -1, Math.LN2, 1e-300], 0)
    const y = vectorExp(x)
    let worst = 0,
      rounded = 0
    for (let i = 0; i < x.length; i++) {
      worst = Math.max(worst, expErrorUlps(x[i], y[i]))
      if (y[i] === exactExp(x[i])) rounded++
    }
    expect(worst).toBeLessThanOrEqual(0.51)
    expect(worst).toBeGreaterThan(0.4)
    expect(rounded / x.length).toBeGreaterThan(0.99)
    expect(y[0]).toBe(1)
    expect(y[1]).toBe(1)
  })

  it('hands larger arguments, infinities and NaN to Math.exp, lane by lane', () => {
    const x = Float64Array.from([710, 1, -750, 2, Infinity, -Infinity, NaN, 0.5, 705, -705, -708.5, 3])
    const y = vectorExp(x)
    x.forEach((v, i) => expect(Object.is(y[i], Math.exp(v)) || expErrorUlps(v, y[i]) <= 0.51).toBe(true))
    expect(y[0]).toBe(Math.exp(710))
    expect(y[2]).toBe(0)
    expect(y[4]).toBe(Infinity)
    expect(y[5]).toBe(0)
    expect(y[6]).toBeNaN()
    expect(y[10]).toBe(Math.exp(-708.5))
  })

  it('builds its table as documented: 2^(j/128) as a head and a tail of at most half its ulp', () => {
    const data = expData()
    for (let j = 0; j < 128; j++) {
      const [hi, lo] = data.subarray(2 * j, 2 * j + 2)
      const ulp = 2 ** (Math.floor(Math.log2(hi)) - 52)
      expect(Math.abs(hi - 2 ** (j / 128))).toBeLessThanOrEqual(ulp)
      expect(Math.abs(lo)).toBeLessThanOrEqual(ulp / 2)
    }
    expect(Array.from(data.subarray(0, 2))).toEqual([1, 0])
    expect(data[2 * 64]).toBe(Math.SQRT2)
  })
})
