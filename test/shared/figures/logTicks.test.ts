import { describe, expect, it } from 'vitest'
import { formatLogTick, logTickLabel, niceLogTicks, ticksThatFit } from '@shared/figures/logTicks'

const labelsOf = (values: number[]) =>
  values.map((v) =>
    logTickLabel(
      v,
      values.map((value) => ({ value }))
    )
  )
const significand = (v: number) => v / 10 ** Math.floor(Math.log10(v) + 1e-9)

describe('log-axis ticks', () => {
  it('uses 1, 2, 5 × 10ⁿ over a decade or two', () => {
    expect(niceLogTicks(0.8, 60)).toEqual([1, 2, 5, 10, 20, 50])
    expect(labelsOf(niceLogTicks(0.8, 60))).toEqual(['1', '2', '5', '10', '20', '50'])
  })

  it('keeps whole decades, every k-th, when the range spans many', () => {
    const ticks = niceLogTicks(3e-13, 4e11, 8)
    expect(ticks.length).toBeLessThanOrEqual(8)
    expect(ticks.length).toBeGreaterThanOrEqual(4)
    for (const t of ticks) expect(significand(t)).toBeCloseTo(1, 9)
    expect(niceLogTicks(0.5, 2e5, 8)).toEqual([1, 10, 100, 1000, 1e4, 1e5])
  })

  it('labels a loss within one decade with evenly spaced round values, never repeats', () => {
    // the extrapolation MSE of the issue: 1.33e5 … 1.39e5, which got 1.5e5 / 1.39e5 / 1.36e5
    const ticks = niceLogTicks(1.33e5, 1.39e5, 6)
    expect(ticks).toEqual([1.34e5, 1.36e5, 1.38e5])
    expect(labelsOf(ticks)).toEqual(['1.34e5', '1.36e5', '1.38e5'])
    const narrow = niceLogTicks(133_412, 133_419, 6)
    const labels = labelsOf(narrow)
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels.length).toBeGreaterThanOrEqual(2)
  })

  it('never gives more ticks than fit, whatever the range', () => {
    for (const [lo, hi] of [
      [1e-9, 1e9],
      [1, 3],
      [2, 2.01],
      [0.9, 1e3]
    ]) {
      for (const n of [2, 3, 5, 8]) expect(niceLogTicks(lo, hi, n).length).toBeLessThanOrEqual(n)
    }
    expect(ticksThatFit(100, 10)).toBe(4)
    expect(ticksThatFit(20, 10)).toBe(2)
    expect(ticksThatFit(2000, 10)).toBe(8)
  })

  it('formats small and large values compactly and distinctly', () => {
    expect(formatLogTick(0.0024)).toBe('0.0024')
    expect(formatLogTick(0.00015)).toBe('1.5e-4')
    expect(formatLogTick(250)).toBe('250')
    expect(formatLogTick(133400)).toBe('1.334e5')
  })
})
