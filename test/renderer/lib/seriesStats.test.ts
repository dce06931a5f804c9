import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { ChartSeries, packColumns, pickColumns, toBase64 } from '@shared/series/columns'
import { chartLines, lineMasks } from '@shared/series/lines'
import { packPlotBlock } from '@shared/series/plotBlock'
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

  it('are the same from an answer that carries each loss only where its chart draws it as from every kept point', () => {
    // three losses whose column extremes fall on different epochs, a NaN and an ∞ among them
    const n = 20_000
    const wave = (i: number, k: number) => Math.exp(-i / 4000) * (1.5 + Math.sin(i * k)) + (i % 997 === 0 ? 3 : 0)
    const c = {
      epoch: Array.from({ length: n }, (_, i) => i + 1),
      trainMse: Array.from({ length: n }, (_, i) => (i === 5000 ? NaN : wave(i, 0.37))),
      interpMse: Array.from({ length: n }, (_, i) => (i === 7000 ? Infinity : wave(i, 0.11))),
      extrapMse: Array.from({ length: n }, (_, i) => 10 * wave(i, 0.053)),
      wallMs: Array.from({ length: n }, (_, i) => i * 2)
    }
    const { indices, masks } = lineMasks(c, 300)
    const kept = pickColumns(c, indices)
    const base = { id: 1, label: 'nalu', model: 'nalu', seed: 1, preset: null, experimentName: 'x', epochCount: n, columns: 8192 }
    const sparse = ChartSeries.parse({
      ...base,
      points: indices.length,
      data: toBase64(packPlotBlock(kept, masks, false)),
      plot: 300,
      lines: toBase64(masks)
    })
    const whole = ChartSeries.parse({ ...base, points: indices.length, data: toBase64(packColumns(kept)) })
    const fromBlock = chartLines(sparse, 300).union
    // some of the union's losses were not sent, yet the summary is the one of every kept point
    expect(fromBlock.some((e) => Number.isNaN(e.trainMse))).toBe(true)
    expect(runStats(fromBlock)).toEqual(runStats(chartLines(whole, 300).union))
    expect(runStats(fromBlock)[2]).toEqual({ min: Math.min(...c.extrapMse), max: Math.max(...c.extrapMse), last: c.extrapMse[n - 1] })
  })
})
