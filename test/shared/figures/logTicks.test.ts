import { describe, expect, it } from 'vitest'
import { formatLogTick, logTickLabel, thinLogTicks } from '../../../src-shared/figures/logTicks'

const labels = (values: number[]) => values.map((v, i, all) => logTickLabel(v, i, all.map((value) => ({ value }))))

describe('log-axis tick labels', () => {
  it('labels only the round ticks of a range spanning decades', () => {
    expect(labels([200, 400, 600, 800, 1000, 2000, 4000, 6000, 8000, 10000, 20000])).toEqual([
      '200', '', '', '', '1000', '2000', '', '', '', '1e4', '2e4'
    ])
  })

  it('still labels a range inside one decade, where no tick is round', () => {
    // what Chart.js generates for an extrapolation MSE between 1.33e5 and 1.39e5
    const got = labels([133000, 133200, 133400, 133600, 133800, 134000, 135000, 137000, 139000])
    // 1.334e5 would sit within a tenth of the axis of 1.33e5: skipped
    expect(got.filter(Boolean)).toEqual(['1.33e5', '1.338e5', '1.35e5', '1.39e5'])
    expect(labels([150, 160, 170, 180, 190, 200, 250, 300]).filter(Boolean)).toEqual(['150', '170', '190', '250', '300'])
  })

  it('does not print the irregular axis-minimum tick on top of its neighbour', () => {
    // Chart.js starts the ticks at the data minimum, here 1.327e5, just below 1.33e5
    const got = labels([132700, 133000, 135000, 138000, 140000])
    expect(got).toEqual(['1.327e5', '', '1.35e5', '1.38e5', '1.4e5'])
    // the top tick is kept over a neighbour that is too close
    expect(labels([132700, 135000, 137000, 139000, 139500])).toEqual(['1.327e5', '1.35e5', '1.37e5', '', '1.395e5'])
    const close = labels([132700, 133000, 134000, 136000, 138000, 139000, 140000])
    expect(close.filter(Boolean)).toEqual(['1.327e5', '1.34e5', '1.38e5', '1.4e5'])
  })

  it('formats small and large values compactly and distinctly', () => {
    expect(formatLogTick(0.0024)).toBe('0.0024')
    expect(formatLogTick(0.00015)).toBe('1.5e-4')
    expect(formatLogTick(250)).toBe('250')
    expect(formatLogTick(133400)).toBe('1.334e5')
  })
})

describe('thinLogTicks', () => {
  const decadeTicks = (from: number, to: number) => {
    const out: { value: number }[] = []
    for (let e = from; e < to; e++) for (let m = 1; m <= 9; m++) out.push({ value: Number(`${m}e${e}`) })
    out.push({ value: Number(`1e${to}`) })
    return out
  }

  it('keeps every tick of an axis spanning a few decades', () => {
    const ticks = decadeTicks(0, 3)
    expect(thinLogTicks(ticks)).toBe(ticks)
  })

  it('keeps only whole decades, at most about eight, over many decades', () => {
    const thinned = thinLogTicks(decadeTicks(-12, 24))
    expect(thinned.length).toBeLessThanOrEqual(9)
    expect(thinned.length).toBeGreaterThanOrEqual(5)
    for (const t of thinned) expect(Math.log10(t.value) % 1).toBeCloseTo(0, 9)
    // the labels that remain are all printed
    expect(thinned.map((t, i) => logTickLabel(t.value, i, thinned)).every(Boolean)).toBe(true)
  })

  it('keeps single-decade steps when there are few decades beyond the limit', () => {
    const thinned = thinLogTicks(decadeTicks(0, 6))
    expect(thinned.map((t) => t.value)).toEqual([1, 10, 100, 1000, 1e4, 1e5, 1e6])
  })
})
