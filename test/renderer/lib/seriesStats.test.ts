import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { runStats } from '../../../src-renderer/lib/seriesStats'

const at = (epoch: number, trainMse: number, interpMse: number, extrapMse: number): EpochMetrics => ({
  epoch,
  trainMse,
  interpMse,
  extrapMse,
  wallMs: epoch,
  perOutput: { interp: [], extrap: [] }
})

describe('runStats', () => {
  it('gives each loss its own finite min and max and its last value, in METRICS order', () => {
    const series = [at(1, 5, 50, 500), at(2, 1, NaN, 700), at(3, 3, 20, Infinity), at(4, 2, 30, NaN)]
    expect(runStats(series)).toEqual([
      { min: 1, max: 5, last: 2 },
      { min: 20, max: 50, last: 30 },
      // a diverged last value is shown as it is, never replaced by the last finite one
      { min: 500, max: 700, last: NaN }
    ])
  })

  it('has nulls for a run without epochs or without a finite value', () => {
    expect(runStats([])).toEqual([0, 1, 2].map(() => ({ min: null, max: null, last: null })))
    expect(runStats([at(1, NaN, -Infinity, 1)])[0]).toEqual({ min: null, max: null, last: NaN })
  })

  it('reads an epochs array once, and again when it has grown', () => {
    const series = [at(1, 5, 50, 500), at(2, 1, 40, 700)]
    const first = runStats(series)
    expect(runStats(series)).toBe(first)
    series.push(at(3, 0.5, 30, 600))
    expect(runStats(series)[0]).toEqual({ min: 0.5, max: 5, last: 0.5 })
  })
})
