import { describe, expect, it } from 'vitest'
import { UnitSpec } from '@shared/domain'
import { jsKernels } from '../../../../src-main/training/kernels'
import { createUnit } from '../../../../src-main/training/models/registry'
import { Input, type Unit } from '../../../../src-main/training/models/types'
import { Rng } from '../../../../src-main/training/rng'

/**
 * Each unit's forward pass on one row with a negative input, x = (−2, 3), parameters set by hand,
 * against the unit's formula written out here. A slip in a formula (a dropped gate, a lost sign)
 * changes these numbers.
 */
const x = Float64Array.from([-2, 3])
const eps = 1e-7
const sig = (v: number) => 1 / (1 + Math.exp(-v))

function unit(spec: Record<string, unknown>, outDim = 1): Unit {
  return createUnit(UnitSpec.parse(spec), 2, outDim, new Rng(0), jsKernels)
}
function set(u: Unit, values: Record<string, number[]>): Unit {
  for (const [name, v] of Object.entries(values)) {
    const p = u.params.find((q) => q.name === name)
    if (!p) throw new Error(`no parameter ${name}`)
    p.value.set(v)
  }
  u.refresh()
  return u
}
function out(u: Unit): number[] {
  const y = new Float64Array(u.outDim)
  u.forward(new Input(x.slice(), 1, 2, true), y, true)
  return Array.from(y)
}
/** the NAC weight tanh(ŵ)·σ(m̂) */
const nacW = (w: number, m: number) => Math.tanh(w) * sig(m)

describe('forward values with a negative input, by hand', () => {
  it('NAU: W·x', () => {
    expect(out(set(unit({ kind: 'nau' }), { W: [0.5, -1] }))).toEqual([-4])
  })

  it('NMU: Π(W_i·x_i + 1 − W_i): a negative factor keeps its sign', () => {
    expect(out(set(unit({ kind: 'nmu' }), { W: [0.5, 1] }))).toEqual([(0.5 * -2 + 0.5) * 3])
    expect(out(set(unit({ kind: 'nmu' }), { W: [1, 1] }))).toEqual([-6])
  })

  it('NAC+: (tanh(Ŵ)⊙σ(M̂))·x; NAC•: exp(W·log(|x| + ε)), blind to the sign', () => {
    const w = [nacW(1, 0), nacW(-0.5, 2)]
    expect(out(set(unit({ kind: 'nac' }), { What: [1, -0.5], Mhat: [0, 2] }))[0]).toBeCloseTo(-2 * w[0] + 3 * w[1], 14)
    const mul = out(set(unit({ kind: 'nac', op: 'mul' }), { What: [1, -0.5], Mhat: [0, 2] }))[0]
    expect(mul).toBeCloseTo(Math.exp(w[0] * Math.log(2 + eps) + w[1] * Math.log(3 + eps)), 14)
  })

  it('NALU (paper): one NAC for both paths, gate σ(G·x)', () => {
    const w = [nacW(1, 0), nacW(-0.5, 2)]
    const g = sig(0.1 * -2 + 0.2 * 3)
    const expected = g * (-2 * w[0] + 3 * w[1]) + (1 - g) * Math.exp(w[0] * Math.log(2 + eps) + w[1] * Math.log(3 + eps))
    expect(out(set(unit({ kind: 'nalu' }), { What: [1, -0.5], Mhat: [0, 2], G: [0.1, 0.2] }))[0]).toBeCloseTo(expected, 14)
  })

  it('NALU (article): separate NACs for the add and the log path, still σ-gated', () => {
    const a = [nacW(1, 0), nacW(-0.5, 2)],
      m = [nacW(0.3, 1), nacW(2, 3)]
    const g = sig(-0.3 * -2 + 0.1 * 3)
    const expected = g * (-2 * a[0] + 3 * a[1]) + (1 - g) * Math.exp(m[0] * Math.log(2 + eps) + m[1] * Math.log(3 + eps))
    const u = set(unit({ kind: 'nalu', variant: 'article' }), {
      'a.What': [1, -0.5],
      'a.Mhat': [0, 2],
      'm.What': [0.3, 2],
      'm.Mhat': [1, 3],
      G: [-0.3, 0.1]
    })
    expect(out(u)[0]).toBeCloseTo(expected, 14)
  })

  it('iNALU (reduced): the log path gets the product’s sign back from Π(sgn(x_i)|W_i| + 1 − |W_i|)', () => {
    const a = [nacW(1, 0), nacW(-0.5, 2)],
      m = [nacW(20, 20), nacW(20, 20)]
    const g = sig(-1)
    const sign = (-1 * Math.abs(m[0]) + 1 - Math.abs(m[0])) * (Math.abs(m[1]) + 1 - Math.abs(m[1]))
    const mag = Math.exp(Math.min(m[0] * Math.log(2) + m[1] * Math.log(3), 20))
    const u = set(unit({ kind: 'inalu' }), { 'a.What': [1, -0.5], 'a.Mhat': [0, 2], 'm.What': [20, 20], 'm.Mhat': [20, 20], g: [-1] })
    const [y] = out(u)
    expect(y).toBeCloseTo(g * (-2 * a[0] + 3 * a[1]) + (1 - g) * mag * sign, 12)
    // close to g·a − (1 − g)·6: (−2)·3 is negative
    expect(y).toBeLessThan(0)
  })

  it('NPU: exp(Re·log r − Im·k)·cos(Re·k + Im·log r) with r = g(|x| + ε) + 1 − g and k = gπ·[x < 0]', () => {
    const g = [0.5, 1],
      Re = [2, 1],
      Im = [0.1, -0.2]
    const r = [g[0] * (2 + eps) + 1 - g[0], g[1] * (3 + eps) + 1 - g[1]]
    const k = [g[0] * Math.PI, 0]
    const A = Re[0] * Math.log(r[0]) + Re[1] * Math.log(r[1]) - Im[0] * k[0] - Im[1] * k[1]
    const B = Re[0] * k[0] + Re[1] * k[1] + Im[0] * Math.log(r[0]) + Im[1] * Math.log(r[1])
    expect(out(set(unit({ kind: 'npu' }), { Re, Im, g }))[0]).toBeCloseTo(Math.exp(A) * Math.cos(B), 13)
  })

  it('RealNPU: the NPU with Im = 0; a half-relevant negative input turns the sign by cos(2·π/2)', () => {
    const g = [0.5, 1]
    const r0 = g[0] * (2 + eps) + 1 - g[0]
    const expected = Math.exp(2 * Math.log(r0) + Math.log(3 + eps)) * Math.cos(2 * g[0] * Math.PI)
    const [y] = out(set(unit({ kind: 'realnpu' }), { W: [2, 1], g }))
    expect(y).toBeCloseTo(expected, 13)
    expect(y).toBeCloseTo(-(1.5 ** 2) * 3, 5)
  })

  it('Linear: W·x + b', () => {
    expect(out(set(unit({ kind: 'linear' }), { W: [0.5, -1], b: [0.25] }))).toEqual([-3.75])
  })
})
