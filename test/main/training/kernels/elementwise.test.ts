import { describe, expect, it } from 'vitest'
import { createKernels, jsKernels } from '../../../../src-main/training/kernels'
import { nacRefresh, refreshJs } from '../../../../src-main/training/kernels/elementwise'
import { Rng } from '../../../../src-main/training/rng'

const rng = new Rng(11, 0)
const rand = (len: number, scale: number) => Float64Array.from({ length: len }, () => rng.uniform(-scale, scale))
const same = (a: Float64Array, b: Float64Array) => a.forEach((v, i) => expect(Object.is(v, b[i]), `at ${i}: ${v} vs ${b[i]}`).toBe(true))
const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(b)))

describe("the NAC's weight refresh and the NALU's element-wise step", () => {
  it('refresh: W = tanh(Ŵ)·σ(M̂) and its gradient factors, the same bits in SIMD and in JS (odd lengths too)', () => {
    for (const len of [1000, 7]) {
      const wh = rand(len, 3),
        mh = rand(len, 8)
      wh[0] = NaN
      const r = nacRefresh(len)
      r.run(wh, mh)
      const [W, fa, fb] = [0, 1, 2].map(() => new Float64Array(len))
      refreshJs(wh, mh, W, fa, fb)
      same(r.W, W)
      same(r.fa, fa)
      same(r.fb, fb)
      expect(r.W[0]).toBeNaN()
      for (let i = 1; i < len; i++) {
        const t = Math.tanh(wh[i]),
          s = 1 / (1 + Math.exp(-mh[i]))
        near(r.W[i], t * s)
        near(r.fa[i], (1 - t * t) * s)
        near(r.fb[i], t * s * (1 - s))
      }
    }
  })

  it('naluMix: g = σ(logit), m ← e^m, y = g·a + (1 − g)·m, the same bits on both kernels', () => {
    for (const [n, O] of [
      [32, 10],
      [5, 3]
    ]) {
      const ag = rand(n * 2 * O, 20)
      const m0 = rand(n * O, 30)
      ag[2 * O] = 800 // a gate logit far out: σ = 1 through Math.exp
      const out = [jsKernels, createKernels()].map((K) => {
        const m = Float64Array.from(m0),
          g = new Float64Array(n * O),
          y = new Float64Array(n * O)
        K.naluMix(ag, m, n, O, g, y)
        return { m, g, y }
      })
      for (const k of ['m', 'g', 'y'] as const) same(out[1][k], out[0][k])
      const { m, g, y } = out[1]
      for (let r = 0; r < n; r++)
        for (let o = 0; o < O; o++) {
          const i = r * O + o,
            gate = 1 / (1 + Math.exp(-ag[r * 2 * O + O + o])),
            mv = Math.exp(m0[i])
          near(g[i], gate)
          expect(Math.abs(m[i] - mv)).toBeLessThanOrEqual(2.3e-16 * mv)
          // the blend itself is exact IEEE arithmetic on the g and m just checked
          expect(y[i]).toBe(g[i] * ag[r * 2 * O + o] + (1 - g[i]) * m[i])
        }
    }
  })
})
