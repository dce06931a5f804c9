import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { MinMaxColumns, MinMaxReducer, reduceEpochs, reduceMetric } from '@shared/series/minMax'

const ep = (epoch: number, train: number, interp = train, extrap = train): EpochMetrics => ({
  epoch,
  trainMse: train,
  interpMse: interp,
  extrapMse: extrap,
  perOutput: { interp: [], extrap: [] },
  wallMs: epoch
})

/** A slowly falling loss with some noise: the shape of a real training curve. */
function curve(n: number): EpochMetrics[] {
  return Array.from({ length: n }, (_, i) => ep(i + 1, 1 / (i + 1) + 0.01 * Math.sin(i * 1.7) ** 2, 2 / (i + 1), 3 + Math.cos(i)))
}

describe('min–max series reduction', () => {
  it('keeps a long series to a few points per column, first and last included', () => {
    const s = curve(50_000)
    const r = reduceEpochs(s, 500)
    expect(r.length).toBeLessThanOrEqual(500 * 6 + 2)
    expect(r.length).toBeGreaterThanOrEqual(500)
    expect(r[0].epoch).toBe(1)
    expect(r[r.length - 1].epoch).toBe(50_000)
    const xs = r.map((e) => e.epoch)
    expect(xs).toEqual([...xs].sort((a, b) => a - b))
    expect(new Set(xs).size).toBe(xs.length)
  })

  it("keeps each column's lowest and highest value of every loss, so a one-epoch spike survives", () => {
    const s = curve(20_000)
    s[12_345] = ep(12_346, 1e6, 2 / 12_346, 3)
    s[777] = ep(778, 1e-9, 1e-12, 3)
    const r = reduceEpochs(s, 200)
    const byEpoch = new Map(r.map((e) => [e.epoch, e]))
    expect(byEpoch.get(12_346)?.trainMse).toBe(1e6)
    expect(byEpoch.get(778)?.interpMse).toBe(1e-12)
    // every column's extremes of each loss are among the kept epochs
    const span = 20_000 - 1
    for (const key of ['trainMse', 'interpMse', 'extrapMse'] as const) {
      const cols = new Map<number, { lo: number; hi: number }>()
      for (const e of s) {
        const c = Math.min(199, Math.floor(((e.epoch - 1) / span) * 200))
        const m = cols.get(c) ?? { lo: Infinity, hi: -Infinity }
        cols.set(c, { lo: Math.min(m.lo, e[key]), hi: Math.max(m.hi, e[key]) })
      }
      const keptCols = new Map<number, number[]>()
      for (const e of r) {
        const c = Math.min(199, Math.floor(((e.epoch - 1) / span) * 200))
        keptCols.set(c, [...(keptCols.get(c) ?? []), e[key]])
      }
      for (const [c, { lo, hi }] of cols) {
        expect(Math.min(...keptCols.get(c)!)).toBe(lo)
        expect(Math.max(...keptCols.get(c)!)).toBe(hi)
      }
    }
  })

  it('keeps where a run diverged (the first NaN of a column)', () => {
    const s = curve(10_000).map((e, i) => (i >= 9_000 ? ep(e.epoch, NaN, NaN, NaN) : e))
    const r = reduceEpochs(s, 100)
    expect(r.find((e) => Number.isNaN(e.trainMse))?.epoch).toBe(9_001)
  })

  it('returns a short series whole, and reduces a series fed in chunks as in one go', () => {
    const short = curve(150)
    expect(reduceEpochs(short, 100)).toEqual(short)
    const s = curve(30_000)
    const chunked = new MinMaxReducer(1, 30_000, 300)
    for (let i = 0; i < s.length; i += 4096) for (const e of s.slice(i, i + 4096)) chunked.push(e)
    expect(chunked.finish()).toEqual(reduceEpochs(s, 300))
  })

  it('keeps the same epochs from bare numbers as from whole epochs (the server reads numbers)', () => {
    const s = curve(40_000)
    s[20_000] = ep(20_001, NaN, 1e9, -1)
    const bare = new MinMaxColumns(1, 40_000, 700)
    for (const e of s) bare.add(e.epoch, e.trainMse, e.interpMse, e.extrapMse)
    expect(bare.finish()).toEqual(reduceEpochs(s, 700).map((e) => e.epoch))
  })

  it("gives one loss's chart at most two points a column, the same from the reduced series as from every epoch", () => {
    const s = curve(50_000)
    s[31_234] = ep(31_235, 1 / 31_235, 2 / 31_235, 1e4)
    const reduced = reduceEpochs(s, 400)
    const extrap = reduceMetric(reduced, 'extrapMse', 400)
    expect(extrap).toEqual(reduceMetric(s, 'extrapMse', 400))
    expect(extrap.length).toBeLessThanOrEqual(2 * 400 + 2)
    expect(extrap.length).toBeLessThan(reduced.length / 2)
    expect(extrap.find((e) => e.epoch === 31_235)?.extrapMse).toBe(1e4)
    expect(extrap[0].epoch).toBe(1)
    expect(extrap[extrap.length - 1].epoch).toBe(50_000)
  })
})
