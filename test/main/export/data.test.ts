import { describe, expect, it } from 'vitest'
import { FigureOptions } from '@shared/domain'
import { debiasedEma, seriesRows } from '@shared/figures'
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
    expect(run2[0].slice(1, 7)).toEqual([
      'nalu, paper · seed 7 · has "quotes"',
      'Mystery problem',
      'nalu, paper',
      '7',
      'has "quotes"',
      'interp_mse'
    ])
    expect(run2.map((r) => Number(r[9]))).toEqual(series[1].series.map((e) => e.interpMse))
    expect(run2.map((r) => Number(r[10]))).toEqual(
      debiasedEma(
        series[1].series.map((e) => e.interpMse),
        0.6
      )
    )
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
      metric: string
      metricColumn: string
      smoothing: { weight: number }
      logY: boolean
      runs: { runId: number; model: string; seed: number; epoch: number[]; value: number[]; smoothed: number[] }[]
    }
    expect(doc).toMatchObject({ metric: 'interp', metricColumn: 'interp_mse', smoothing: { weight: 0.6 }, logY: true })
    expect(doc.runs.map((r) => [r.runId, r.model, r.seed])).toEqual([
      [1, 'nac', 1],
      [2, 'nalu, paper', 7]
    ])
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

/** the parts of the JSON document these tests read (a grouped figure's quartiles are never null here) */
interface FigureDoc {
  version: number
  figure: unknown
  runs: { configHash: string; config: unknown }[]
  groups: { model: string; runs: number; median: number[]; q1: number[] }[]
}

describe('JSON export: configuration and grouping', () => {
  const meta = series.map((s) => ({
    id: s.id,
    configHash: `sha-${s.id}`,
    spec: { name: 'Mystery problem' } as never,
    modelSpec: { units: [{ kind: 'nac' }], hidden: 2 } as never,
    config: { kind: 'pairs' as const, inDim: 4, outputs: [{ i: 0, j: 1, op: 'add' as const }] }
  }))

  it('carries every setting of the figure and each run’s full configuration with its hash', () => {
    const doc = JSON.parse(figureJson(series, options, 'run', meta)) as FigureDoc
    expect(doc.version).toBe(2)
    expect(doc.figure).toEqual(options)
    expect(doc.runs.map((r) => r.configHash)).toEqual(['sha-1', 'sha-2'])
    expect(doc.runs[0].config).toEqual({ spec: meta[0].spec, model: meta[0].modelSpec, generated: meta[0].config })
  })

  it('adds each model’s median and quartiles, as drawn, to a grouped figure', () => {
    const runs = [syntheticSeries(1, 'nac', 1, 10), syntheticSeries(2, 'nac', 2, 10), syntheticSeries(3, 'nac', 3, 10)]
    const doc = JSON.parse(figureJson(runs, FigureOptions.parse({ metric: 'train', groupBy: 'model' }))) as FigureDoc
    expect(doc.groups).toHaveLength(1)
    const at = runs.map((r) => r.series[4].trainMse).sort((a, b) => a - b)
    expect(doc.groups[0]).toMatchObject({ model: 'nac', runs: 3 })
    expect(doc.groups[0].median[4]).toBe(at[1])
    expect(doc.groups[0].q1[4]).toBeCloseTo((at[0] + at[1]) / 2, 12)
    expect(doc.runs).toHaveLength(3)
  })
})
