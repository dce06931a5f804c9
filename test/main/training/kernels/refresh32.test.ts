import { describe, expect, it } from 'vitest'
import { createKernels } from '../../../../src-main/training/kernels'
import { param } from '../../../../src-main/training/models/types'
import { Rng } from '../../../../src-main/training/rng'

const rng = new Rng(11, 1)

/** Ŵ or M̂ values over every branch: the odd polynomial (|x| < 1/8) and its edge, the exp form, saturation, ±0, huge */
function values(len: number): Float64Array {
  const special = [0, -0, 0.125, -0.125, 0.1249999, 0.1250001, 1e-30, -1e-7, 3, -3, 9, -9, 20, -20, 45, -45, 90, -90, 500, -500]
  return Float64Array.from({ length: len }, (_, i) => (i < special.length ? special[i] : i % 3 ? rng.uniform(-1, 1) : rng.uniform(-12, 12)))
}

/**
 * W, dW/dŴ = (1 − tanh²)·σ and dW/dM̂ = W·(1 − σ) in Float64 from forms that do not cancel (1 − tanh² as
 * sech², 1 − σ as e^−M̂·σ): where the Float64 refresh's 1 − t² is 0 (|Ŵ| ≳ 19), the float32 one is not.
 */
function exact(wh: Float64Array, mh: Float64Array) {
  const out = { W: new Float64Array(wh.length), fa: new Float64Array(wh.length), fb: new Float64Array(wh.length) }
  for (let i = 0; i < wh.length; i++) {
    const t = Math.tanh(wh[i]),
      q = Math.exp(-mh[i]),
      s = 1 / (1 + q)
    out.W[i] = t * s
    out.fa[i] = s / Math.cosh(wh[i]) ** 2
    out.fb[i] = t * s * (q * s)
  }
  return out
}

describe('the Float32 path’s NAC refresh (W = tanh(Ŵ)·σ(M̂) in float32 precision)', () => {
  const f32 = createKernels('auto', 'float32')

  // odd lengths: the padding to four weights a step must not leak into the views
  for (const len of [1, 7, 50_001]) {
    it(`is within a few float32 ulps (times the condition number) of the exact values, gradient factors included (${len} weights)`, () => {
      const wh = values(len),
        mh = values(len).reverse()
      const r = f32.nacRefresh!(len)
      r.run(wh, mh)
      const want = exact(wh, mh)
      for (const k of ['W', 'fa', 'fb'] as const) {
        expect(r[k].length).toBe(len)
        for (let i = 0; i < len; i++) {
          const got = r[k][i],
            w = want[k][i]
          // 16 float32 ulps (8 seen on 200,000 random weights) times the condition number (Ŵ and M̂ themselves are rounded to float32, and
          // e^2|Ŵ|, e^−M̂ magnify that by 2|Ŵ| and |M̂|); σ's argument is clamped to ±80, so a weight that
          // Float64 puts below 1e-30 comes out as another tiny value
          const tol = Math.max(Math.abs(w) * 2 ** -20 * (1 + 2 * Math.abs(wh[i]) + Math.abs(mh[i])), 1e-30)
          if (!(Math.abs(got - w) <= tol)) throw new Error(`${k}[${i}] for Ŵ ${wh[i]}, M̂ ${mh[i]}: ${got} against ${w}`)
        }
      }
    })
  }

  it('keeps tanh odd and exact at 0 and saturates without NaN', () => {
    const r = f32.nacRefresh!(4)
    r.run(Float64Array.of(0, -0.5, 0.5, 1e6), Float64Array.of(1e6, 1e6, 1e6, -1e6))
    expect(r.W[0]).toBe(0)
    expect(r.W[1]).toBe(-r.W[2])
    expect(r.W[3]).toBeLessThan(1e-30)
    expect([...r.W, ...r.fa, ...r.fb].every(Number.isFinite)).toBe(true)
  })

  it('chains dL/dW into Ŵ and M̂ with the JS loop’s bits (gw += dW·fa, gm += dW·fb), leaving the rest of the arrays alone', () => {
    const len = 1001
    const r = f32.nacRefresh!(len)
    r.run(values(len), values(len).reverse())
    const dW = Float64Array.from({ length: len }, () => rng.uniform(-3, 3))
    // gradients longer than the weights (a shared buffer's view, say): only the first len values change
    const gw = Float64Array.from({ length: len + 3 }, () => rng.uniform(-1, 1)),
      gm = Float64Array.from({ length: len + 3 }, () => rng.uniform(-1, 1))
    const want = { gw: gw.slice(), gm: gm.slice() }
    for (let i = 0; i < len; i++) {
      want.gw[i] += dW[i] * r.fa[i]
      want.gm[i] += dW[i] * r.fb[i]
    }
    r.chain!(dW, gw, gm)
    expect(gw).toEqual(want.gw)
    expect(gm).toEqual(want.gm)
  })

  it('adopts Ŵ and M̂ into its memory, contents kept, and then refreshes and chains them in place with the same numbers', () => {
    const len = 1001
    const wh = values(len),
      mh = values(len).reverse(),
      gw = Float64Array.from({ length: len }, () => rng.uniform(-1, 1))
    const make = () => {
      const What = param('What', 7, 143),
        Mhat = param('Mhat', 7, 143)
      What.value.set(wh)
      Mhat.value.set(mh)
      What.grad.set(gw)
      Mhat.grad.set(gw.map((g) => -g / 2))
      return { What, Mhat }
    }
    const plain = make(),
      kept = make()
    const copied = f32.nacRefresh!(len),
      adopted = f32.nacRefresh!(len)
    const before = { w: kept.What.value.slice(), g: kept.Mhat.grad.slice() }
    adopted.adopt!(kept.What, kept.Mhat)
    // views on the refresh's memory, where W is too, with the values they had
    for (const a of [kept.What.value, kept.What.grad, kept.Mhat.value, kept.Mhat.grad]) expect(a.buffer).toBe(adopted.W.buffer)
    expect(kept.What.value).toEqual(before.w)
    expect(kept.Mhat.grad).toEqual(before.g)
    expect(adopted.dW!.buffer).toBe(adopted.W.buffer)
    for (let step = 0; step < 3; step++) {
      // what Adam does between two refreshes: new values written into the params' arrays
      for (const { What, Mhat } of [plain, kept]) {
        What.value.forEach((v, i) => (What.value[i] = v * 0.9 + Math.sin(step + i)))
        Mhat.value.forEach((v, i) => (Mhat.value[i] = v - 0.5 * Math.cos(step * i)))
      }
      copied.run(plain.What.value, plain.Mhat.value)
      adopted.run(kept.What.value, kept.Mhat.value)
      expect(adopted.W).toEqual(copied.W)
      expect(adopted.fa).toEqual(copied.fa)
      expect(adopted.fb).toEqual(copied.fb)
      const dW = Float64Array.from({ length: len }, (_, i) => Math.sin(step * 7 + i))
      adopted.dW!.set(dW)
      copied.chain!(dW, plain.What.grad, plain.Mhat.grad)
      adopted.chain!(adopted.dW!, kept.What.grad, kept.Mhat.grad)
      expect(kept.What.grad).toEqual(plain.What.grad)
      expect(kept.Mhat.grad).toEqual(plain.Mhat.grad)
    }
  })

  it('is taken by the NAC units of a float32 run only: the Float64 kernels have none', () => {
    expect('nacRefresh' in createKernels('auto', 'float64')).toBe(false)
    expect('nacRefresh' in createKernels('js')).toBe(false)
  })
})
