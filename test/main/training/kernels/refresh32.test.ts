import { describe, expect, it } from 'vitest'
import { createKernels } from '../../../../src-main/training/kernels'
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

  it('is taken by the NAC units of a float32 run only: the Float64 kernels have none', () => {
    expect('nacRefresh' in createKernels('auto', 'float64')).toBe(false)
    expect('nacRefresh' in createKernels('js')).toBe(false)
  })
})
