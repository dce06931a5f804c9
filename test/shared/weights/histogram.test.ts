import { describe, expect, it } from 'vitest'
import { histogram, initDraw, nacOptimalR, nacPrior, WIDE_DRAW } from '@shared/weights'

const massNear = (f: { edges: number[]; fractions: number[] }, c: number, w = 0.1) =>
  f.fractions.reduce((s, p, i) => (Math.abs((f.edges[i] + f.edges[i + 1]) / 2 - c) < w ? s + p : s), 0)

describe('histogram', () => {
  it('counts values into equal bins over [−1, 1], the ends closed and outliers clamped', () => {
    const h = histogram([-1, -0.99, 0, 0.01, 1, 1.5, NaN], -1, 1, 4)
    expect(h.edges).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(h.counts).toEqual([2, 0, 2, 2])
    expect(h.total).toBe(6)
    expect(h.fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })
})

describe('nacPrior', () => {
  it('puts the wide draws’ mass near −1, 0 and 1, symmetric, and sums to one', () => {
    const p = nacPrior(WIDE_DRAW, 20)
    expect(p.fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
    const f = p.fractions
    // three peaks: the end bins (−1, 1) and the middle ones (0) stand well above the bins at ±0.5
    expect(f[0]).toBeCloseTo(f[19], 9)
    expect(f[0]).toBeGreaterThan(3 * f[5])
    expect(f[9]).toBeGreaterThan(3 * f[5])
    expect(f[9]).toBeGreaterThan(f[0])
  })

  it('draws as the unit starts: Glorot normal for the article NAC (mass at 0), Madsen & Johansen’s r for theirs', () => {
    const glorot = initDraw('glorot', 100, 10)
    expect(glorot).toEqual({ kind: 'normal', std: Math.sqrt(2 / 110) })
    const g = nacPrior(glorot, 40)
    expect(massNear(g, 0, 0.15)).toBeGreaterThan(0.9)
    expect(massNear(g, 1)).toBeLessThan(1e-6)
    // fan·Var(tanh(ŵ)σ(m̂)) = 2 at the r found
    const r = nacOptimalR(100, 2)
    const { kind } = initDraw('madsen', 100, 2)
    expect(kind).toBe('uniform')
    const p = nacPrior({ kind: 'uniform', r }, 200)
    const variance = p.fractions.reduce((s, f, i) => s + f * ((p.edges[i] + p.edges[i + 1]) / 2) ** 2, 0)
    expect(variance * 102).toBeCloseTo(2, 1)
  })
})

describe('histogramFigure', () => {
  it('draws a NAC’s learned weights beside its initialisation prior and the wide prior, as SVG and CSV', async () => {
    const { histogramFigure, histogramSvg, histogramCsv } = await import('@shared/weights')
    const { ModelSpec } = await import('@shared/domain')
    const spec = ModelSpec.parse({ units: [{ kind: 'nac' }] })
    const data = [1, -1, 0, 0, 0.02, 0.98, -0.5, 0.5]
    const f = histogramFigure(
      spec,
      { units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 2, cols: 4, data }] }] },
      0,
      0,
      'epoch 9'
    )!
    expect(f.count).toBe(8)
    expect(f.learned[0]).toBeCloseTo(1 / 8, 12)
    expect(f.learned[39]).toBeCloseTo(2 / 8, 12)
    expect(f.priors.map((p) => p.label)).toEqual([
      'prior at initialisation (Ŵ, M̂ ~ N(0, 0.577²))',
      'prior, wide draws (Ŵ, M̂ ~ U[−5.00, 5.00])'
    ])
    const svg = histogramSvg(f, { bg: '#fff', text: '#000', muted: '#888', bars: '#00f', priors: ['#f00', '#0f0'] })
    expect(svg.match(/<rect /g)!.length).toBe(1 + 40 + 1)
    expect(svg.match(/<polyline /g)!.length).toBe(2)
    expect(svg).toContain('Weight histogram: Unit 1 (nac) W at epoch 9')
    const csv = histogramCsv(f).trim().split('\n')
    expect(csv).toHaveLength(41)
    expect(csv[1].split(',').slice(0, 3).map(Number)).toEqual([-1, -0.95, 0.125])
    // a unit without tanh·σ weights gets only the wide reference
    const vanilla = histogramFigure(
      ModelSpec.parse({ units: [{ kind: 'vanilla' }] }),
      { units: [{ kind: 'vanilla', gates: null, matrices: [{ name: 'W', rows: 2, cols: 4, data }] }] },
      0,
      0,
      'epoch 9'
    )!
    expect(vanilla.priors).toHaveLength(1)
  })
})
