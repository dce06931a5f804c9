import { describe, expect, it } from 'vitest'
import elementwiseWat from '../../../../src-main/training/kernels/elementwise.wat'
import { elementwiseData, exp, sigmoid, tanh } from '../../../../src-main/training/kernels/exp'
import { wasmApi } from '../../../../src-main/training/kernels/wasmApi'
import { Rng } from '../../../../src-main/training/rng'
import { exactExp, expErrorUlps } from '../../../../src-main/training/trainer/expTable'

type MapFn = (which: number, p: number, count: number, e: number, out: number) => void
const WHICH = { exp: 0, tanh: 1, sigmoid: 2 }

/** elementwise.wat's $exp, $tanh or $sigmoid over `x` (even length). */
function vector(which: keyof typeof WHICH, x: Float64Array): Float64Array {
  const api = wasmApi
  if (!api) throw new Error('these tests need WebAssembly')
  const data = elementwiseData()
  const mem = new api.Memory({ initial: Math.ceil(((2 * x.length + data.length) * 8) / 65536) + 1 })
  const heap = new Float64Array(mem.buffer)
  heap.set(x)
  heap.set(data, 2 * x.length)
  const map = new api.Instance(new api.Module(elementwiseWat), { env: { mem, exp: Math.exp } }).exports.map as MapFn
  map(WHICH[which], 0, x.length, 2 * x.length * 8, x.length * 8)
  return heap.slice(x.length, 2 * x.length)
}

/** |a − b| in units in the last place of b */
const ulps = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / 2 ** (Math.floor(Math.log2(Math.abs(b))) - 52))

const rng = new Rng(7, 0)
// wide ranges, the weights' usual range, tiny arguments, and the special values
const sample = Float64Array.from({ length: 40_000 }, (_, i) => {
  const u = rng.uniform(-1, 1)
  return [u * 800, u * 25, u * 3, u * 2 ** -(i % 70)][i % 4]
})
sample.set([0, -0, 20, -20, 19.5, 1e-300, 5e-324, -5e-324, 704, -704, 705, -745.5, Infinity, -Infinity, NaN, 1], 0)

describe('the SIMD tanh, σ and exp of the kernels, and their scalar twins', () => {
  it('give the same bits in WebAssembly and in JS (the JS kernels train the same numbers)', () => {
    for (const [which, f] of [
      ['exp', exp],
      ['tanh', tanh],
      ['sigmoid', sigmoid]
    ] as const) {
      const y = vector(which, sample)
      sample.forEach((x, i) => expect(Object.is(y[i], f(x)), `${which}(${x})`).toBe(true))
    }
  })

  it('e^x is within 0.51 ulp where it computes itself and Math.exp elsewhere (lane by lane)', () => {
    const y = vector('exp', sample)
    sample.forEach((x, i) => {
      if (Math.abs(x) <= 704) expect(expErrorUlps(x, y[i])).toBeLessThanOrEqual(0.51)
      else expect(Object.is(y[i], Math.exp(x))).toBe(true)
    })
    expect(y[0]).toBe(1)
    expect(exp(1)).toBe(exactExp(1))
  })

  it('tanh is within 3 ulp of Math.tanh, odd, exactly ±1 from 20 and NaN for NaN', () => {
    const y = vector('tanh', sample)
    let worst = 0
    sample.forEach((x, i) => {
      if (x !== x) return expect(y[i]).toBeNaN()
      if (x === 0 || Math.abs(x) < 1e-300) return expect(Object.is(y[i], x)).toBe(true)
      worst = Math.max(worst, ulps(y[i], Math.tanh(x)))
      expect(tanh(-x)).toBe(-tanh(x))
    })
    expect(worst).toBeLessThanOrEqual(3)
    expect(Object.is(tanh(-0), -0)).toBe(true)
    expect([tanh(20), tanh(-20), tanh(Infinity), tanh(-Infinity), tanh(1e300)]).toEqual([1, -1, 1, -1, 1])
    // a deliberate slip in the small-argument path (e.g. dropping s_lo) would show here
    expect(ulps(tanh(1e-5), Math.tanh(1e-5))).toBeLessThanOrEqual(1)
  })

  it('σ is within 2 ulp of 1/(1 + Math.exp(−x)), 0 and 1 at the ends, NaN for NaN', () => {
    const y = vector('sigmoid', sample)
    let worst = 0
    sample.forEach((x, i) => {
      const want = 1 / (1 + Math.exp(-x))
      if (x !== x) return expect(y[i]).toBeNaN()
      if (want < 1e-300) return expect(y[i]).toBeLessThan(1e-300)
      worst = Math.max(worst, ulps(y[i], want))
    })
    expect(worst).toBeLessThanOrEqual(2)
    expect([sigmoid(Infinity), sigmoid(-Infinity), sigmoid(0), sigmoid(800), sigmoid(-800)]).toEqual([1, 0, 0.5, 1, 0])
  })
})
