import { describe, expect, it } from 'vitest'
import { FigureOptions } from '../../../src-shared/domain'
import { debiasedEma, seriesRows } from '../../../src-shared/figures'
import { CSV_COLUMNS, figureCsv, figureJson } from '../../../src-main/export'
import { syntheticSeries } from '../../shared/figures/fixtures'
import { parseCsv } from '../../helpers/csv'

const series = [syntheticSeries(1, 'nac', 1, 30), syntheticSeries(2, 'nalu, paper', 7, 30, 'has "quotes"')]
const options = FigureOptions.parse({ metric: 'interp', smoothing: 0.6 })

describe('CSV export', () => {
  it('has a header naming run, model, seed and metric, and one row per run × epoch', () => {
    const rows = parseCsv(figureCsv(series, options))
    expect(rows[0]).toEqual([...CSV_COLUMNS])
    expect(rows).toHaveLength(1 + 2 * 30)
  })

  it('round-trips every stored value and the smoothing exactly, and quotes awkward text', () => {
    const rows = parseCsv(figureCsv(series, options)).slice(1)
    const run2 = rows.filter((r) => r[0] === '2')
    expect(run2[0].slice(1, 7)).toEqual(['nalu, paper · seed 7 · has "quotes"', 'Mystery problem', 'nalu, paper', '7', 'has "quotes"', 'interp_mse'])
    expect(run2.map((r) => Number(r[9]))).toEqual(series[1].series.map((e) => e.interpMse))
    expect(run2.map((r) => Number(r[10]))).toEqual(debiasedEma(series[1].series.map((e) => e.interpMse), 0.6))
    expect(run2.map((r) => Number(r[8]))).toEqual(series[1].series.map((e) => e.wallMs / 1000))
  })

  it('is exactly the shared plotted rows, field for field', () => {
    const rows = parseCsv(figureCsv(series, options)).slice(1)
    const expected = seriesRows(series, options).map((r) =>
      [r.runId, r.label, r.experiment, r.model, r.seed, r.preset ?? '', r.metric, r.epoch, r.wallS, r.value, r.smoothed].map(String)
    )
    expect(rows).toEqual(expected)
  })

  it('writes an empty preset as an empty field', () => {
    const rows = parseCsv(figureCsv([syntheticSeries(5, 'nac', 1, 2, null)], options))
    expect(rows[1][5]).toBe('')
  })
})

describe('JSON export', () => {
  it('holds the same values per run with the figure settings', () => {
    const doc = JSON.parse(figureJson(series, options)) as {
      metric: string; metricColumn: string; smoothing: { weight: number }; logY: boolean
      runs: { runId: number; model: string; seed: number; epoch: number[]; value: number[]; smoothed: number[] }[]
    }
    expect(doc).toMatchObject({ metric: 'interp', metricColumn: 'interp_mse', smoothing: { weight: 0.6 }, logY: true })
    expect(doc.runs.map((r) => [r.runId, r.model, r.seed])).toEqual([[1, 'nac', 1], [2, 'nalu, paper', 7]])
    expect(doc.runs[0].value).toEqual(series[0].series.map((e) => e.interpMse))
    expect(doc.runs[0].epoch).toEqual(series[0].series.map((e) => e.epoch))
  })

  it('writes a NaN (a diverged epoch) as null, keeping the document valid JSON', () => {
    const s = syntheticSeries(1, 'nalu', 1, 3)
    s.series[1].interpMse = Number.NaN
    const doc = JSON.parse(figureJson([s], options)) as { runs: { value: (number | null)[] }[] }
    expect(doc.runs[0].value[1]).toBeNull()
    expect(doc.runs[0].value[2]).toBe(s.series[2].interpMse)
  })
})
