import { describe, expect, it } from 'vitest'
import { UnitSpec } from '@shared/domain'
import { jsKernels } from '../../../../src-main/training/kernels'
import { nacOptimalR, nacWeightVariance } from '../../../../src-main/training/models/init'
import { createUnit } from '../../../../src-main/training/models/registry'
import { Rng } from '../../../../src-main/training/rng'

/**
 * Initial weights per unit against the distribution its paper's code draws from: range, mean and
 * variance, the latter within sampling error (relative tolerances several standard errors wide).
 */
function param(spec: Record<string, unknown>, inDim: number, outDim: number, name: string, seed = 1): Float64Array {
  const u = createUnit(UnitSpec.parse(spec), inDim, outDim, new Rng(seed, 5), jsKernels)
  const p = u.params.find((q) => q.name === name)
  if (!p) throw new Error(`no parameter ${name}`)
  return p.value
}
const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length
const variance = (a: Float64Array) => {
  const m = mean(a)
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length
}
const min = (a: Float64Array) => a.reduce((s, v) => Math.min(s, v), Infinity)
const max = (a: Float64Array) => a.reduce((s, v) => Math.max(s, v), -Infinity)

function uniformLike(a: Float64Array, lo: number, hi: number): void {
  const span = hi - lo
  expect(min(a)).toBeGreaterThanOrEqual(lo)
  expect(max(a)).toBeLessThanOrEqual(hi)
  expect(min(a)).toBeLessThan(lo + 0.01 * span)
  expect(max(a)).toBeGreaterThan(hi - 0.01 * span)
  expect(Math.abs(mean(a) - (lo + hi) / 2)).toBeLessThan(0.02 * span)
  expect(variance(a) / (span ** 2 / 12)).toBeCloseTo(1, 1)
}
function normalLike(a: Float64Array, mu: number, sd: number): void {
  expect(Math.abs(mean(a) - mu)).toBeLessThan((5 * sd) / Math.sqrt(a.length))
  expect(variance(a) / sd ** 2).toBeCloseTo(1, 1)
}

describe('initial weights', () => {
  it('NAU: U[−r, r], r = min(0.5, √3·√(2/(in + out))) (stable-nalu re_regualized_linear_nac.py)', () => {
    uniformLike(param({ kind: 'nau' }, 100, 50, 'W'), -0.2, 0.2)
    uniformLike(param({ kind: 'nau' }, 2000, 2, 'W'), -Math.sqrt((3 * 2) / 2002), Math.sqrt((3 * 2) / 2002))
    // the cap: a 2 → 1 layer would get √3·√(2/3) = 1.41, it gets 0.5
    const small = param({ kind: 'nau' }, 2, 1, 'W')
    expect(Math.max(...small.map(Math.abs))).toBeLessThanOrEqual(0.5)
  })

  it('NMU: U[0.25, 0.75] (stable-nalu re_regualized_linear_mnac.py)', () => {
    uniformLike(param({ kind: 'nmu' }, 100, 50, 'W'), 0.25, 0.75)
  })

  it('NAC (Madsen & Johansen): Ŵ, M̂ ~ U[−r, r] with fan·Var(tanh(ŵ)σ(m̂)) = 2, fan = max(in + out, 5)', () => {
    for (const [i, o] of [
      [100, 2],
      [2, 1],
      [1000, 100]
    ]) {
      const r = nacOptimalR(i, o)
      expect(Math.max(i + o, 5) * nacWeightVariance(r)).toBeCloseTo(2, 9)
    }
    const r = nacOptimalR(1000, 100)
    const What = param({ kind: 'nac', init: 'madsen' }, 1000, 100, 'What')
    uniformLike(What, -r, r)
    uniformLike(param({ kind: 'nac', init: 'madsen' }, 1000, 100, 'Mhat'), -r, r)
    const u = createUnit(UnitSpec.parse({ kind: 'nac', init: 'madsen' }), 1000, 100, new Rng(1, 5), jsKernels)
    const W = u.matrices(null)[0].data
    // the point of that r: Var(W) = 2/fan
    expect(variance(Float64Array.from(W)) / (2 / 1100)).toBeCloseTo(1, 1)
  })

  it('NAC (the article’s code): Ŵ, M̂ ~ N(0, 2/(in + out))', () => {
    normalLike(param({ kind: 'nac' }, 100, 50, 'What'), 0, Math.sqrt(2 / 150))
    normalLike(param({ kind: 'nac' }, 100, 50, 'Mhat'), 0, Math.sqrt(2 / 150))
  })

  it('NALU (Madsen & Johansen): its NAC as above, G Glorot-uniform', () => {
    const b = Math.sqrt(6 / 150)
    uniformLike(param({ kind: 'nalu', init: 'madsen' }, 100, 50, 'G'), -b, b)
    const r = nacOptimalR(100, 50)
    uniformLike(param({ kind: 'nalu', init: 'madsen' }, 100, 50, 'What'), -r, r)
  })

  it('iNALU: Ŵ ~ N(0.88, 0.2), M̂ ~ N(0.5, 0.2), ĝ ~ N(0, 0.2) (Schlör et al.’s code)', () => {
    normalLike(param({ kind: 'inalu' }, 100, 50, 'a.What'), 0.88, 0.2)
    normalLike(param({ kind: 'inalu' }, 100, 50, 'm.Mhat'), 0.5, 0.2)
    normalLike(param({ kind: 'inalu' }, 2, 5000, 'g'), 0, 0.2)
  })

  it('NPU / RealNPU: Re Glorot-uniform, Im = 0, relevance gate ½ (Heim et al.’s code)', () => {
    const b = Math.sqrt(6 / 150)
    uniformLike(param({ kind: 'npu' }, 100, 50, 'Re'), -b, b)
    expect(new Set(param({ kind: 'npu' }, 100, 50, 'Im'))).toEqual(new Set([0]))
    expect(new Set(param({ kind: 'realnpu' }, 100, 50, 'g'))).toEqual(new Set([0.5]))
  })

  it('Linear: W, b ~ U[±1/√in] (torch.nn.Linear)', () => {
    uniformLike(param({ kind: 'linear' }, 100, 50, 'W'), -0.1, 0.1)
  })
})
