import { describe, expect, it } from 'vitest'
import { plottedRuns, runLabels, seriesRows } from '@shared/figures/seriesData'
import { debiasedEma } from '@shared/figures/smoothing'
import { syntheticSeries } from './fixtures'

describe('seriesRows', () => {
  const series = [syntheticSeries(1, 'nac', 1, 30), syntheticSeries(2, 'nalu', 1, 30), syntheticSeries(3, 'nalu', 2, 25)]

  it('has one row per run and epoch, with the stored values', () => {
    const rows = seriesRows(series, { metric: 'extrap', smoothing: 0 })
    expect(rows).toHaveLength(30 + 30 + 25)
    const r = rows.find((x) => x.runId === 3 && x.epoch === 7)
    expect(r?.value).toBe(series[2].series[6].extrapMse)
    expect(r?.wallS).toBe(series[2].series[6].wallMs / 1000)
    expect(r).toMatchObject({ model: 'nalu', seed: 2, preset: 'mystery', metric: 'extrap_mse', experiment: 'Mystery problem' })
  })

  it('smooths each run over its full series', () => {
    const rows = seriesRows(series, { metric: 'train', smoothing: 0.8 }).filter((r) => r.runId === 2)
    const expected = debiasedEma(
      series[1].series.map((e) => e.trainMse),
      0.8
    )
    expect(rows.map((r) => r.smoothed)).toEqual(expected)
    expect(rows.map((r) => r.value)).toEqual(series[1].series.map((e) => e.trainMse))
  })
})

describe('runLabels', () => {
  it('names model, seed and preset', () => {
    expect(runLabels([syntheticSeries(1, 'nalu', 3, 2)])).toEqual(['nalu · seed 3 · mystery'])
    expect(runLabels([syntheticSeries(1, 'nau→nmu', 3, 2, null)])).toEqual(['nau→nmu · seed 3'])
  })

  it('names architectures in model mode and falls back when one repeats', () => {
    const s = [syntheticSeries(1, 'nac', 1, 2), syntheticSeries(2, 'nalu', 1, 2), syntheticSeries(3, 'nalu', 2, 2)]
    expect(runLabels(s, 'model')).toEqual(['nac', 'nalu · seed 1', 'nalu · seed 2'])
  })

  it('adds the run id when two runs would read the same', () => {
    const s = [syntheticSeries(4, 'nac', 1, 2), syntheticSeries(9, 'nac', 1, 2)]
    expect(runLabels(s)).toEqual(['nac · seed 1 · mystery (#4)', 'nac · seed 1 · mystery (#9)'])
  })

  it('keeps the plotted order as the colour index', () => {
    const runs = plottedRuns([syntheticSeries(9, 'a', 1, 2), syntheticSeries(4, 'b', 1, 2)], { metric: 'train', smoothing: 0 })
    expect(runs.map((r) => [r.run.id, r.index])).toEqual([
      [9, 0],
      [4, 1]
    ])
  })
})
