import { describe, expect, it } from 'vitest'
import type { LegendItem, ChartData, Point } from 'chart.js'
import { FigureOptions, type FigureOptionsInput } from '../../../src-shared/domain'
import { DECIMATION_THRESHOLD, lossChartConfig } from '../../../src-shared/figures/lossChart'
import { runStyle } from '../../../src-shared/figures/palette'
import { syntheticSeries } from './fixtures'

const opts = (o: Partial<FigureOptionsInput> = {}) => FigureOptions.parse({ metric: 'train', ...o })
const series = [syntheticSeries(1, 'nac', 1, 40), syntheticSeries(2, 'nalu', 7, 40)]

function legendFilter(config: ReturnType<typeof lossChartConfig>) {
  const filter = config.options?.plugins?.legend?.labels?.filter
  if (!filter) throw new Error('no legend filter')
  const data = config.data as ChartData
  return config.data.datasets.map((_, i) => filter({ datasetIndex: i } as LegendItem, data))
}

describe('lossChartConfig', () => {
  it('draws one dataset per run with its label, colour and the metric values at epoch x', () => {
    const c = lossChartConfig(series, opts())
    expect(c.data.datasets.map((d) => d.label)).toEqual(['nac · seed 1 · mystery', 'nalu · seed 7 · mystery'])
    expect(c.data.datasets[1].borderColor).toBe(runStyle(1, 'light').colour)
    expect(c.data.datasets[0].data[4]).toEqual({ x: 5, y: series[0].series[4].trainMse })
    expect(c.options?.parsing).toBe(false)
  })

  it('uses the chosen metric, wall time in seconds and a linear axis when asked', () => {
    const c = lossChartConfig(series, opts({ metric: 'extrap', xAxis: 'wall', logY: false }))
    const p = c.data.datasets[0].data[2] as Point
    expect(p).toEqual({ x: series[0].series[2].wallMs / 1000, y: series[0].series[2].extrapMse })
    expect(c.options?.scales?.y?.type).toBe('linear')
    expect(c.options?.scales?.x).toMatchObject({ type: 'linear', title: { text: 'Wall time (s)' } })
    expect(c.options?.scales?.y).toMatchObject({ title: { text: 'Extrapolation test loss (MSE)' } })
  })

  it('adds a faint raw line behind each smoothed line, hidden from the legend', () => {
    const c = lossChartConfig(series, opts({ smoothing: 0.9 }))
    expect(c.data.datasets).toHaveLength(4)
    const [smooth, raw] = c.data.datasets
    expect(String(raw.borderColor)).toMatch(/^rgba\(.*0\.25\)$/)
    expect((raw.data[3] as Point).y).toBe(series[0].series[3].trainMse)
    expect((smooth.data[3] as Point).y).not.toBe(series[0].series[3].trainMse)
    expect(legendFilter(c)).toEqual([true, false, true, false])
  })

  it('hides a run and its raw line together from the legend', () => {
    const c = lossChartConfig(series, opts({ smoothing: 0.5 }))
    const visible = [true, true, true, true]
    const chart = {
      isDatasetVisible: (i: number) => visible[i],
      setDatasetVisibility: (i: number, v: boolean) => void (visible[i] = v),
      update: () => {}
    }
    const onClick = c.options?.plugins?.legend?.onClick as unknown as (e: unknown, item: { datasetIndex: number }, legend: { chart: typeof chart }) => void
    onClick(null, { datasetIndex: 2 }, { chart })
    expect(visible).toEqual([true, true, false, false])
    onClick(null, { datasetIndex: 2 }, { chart })
    expect(visible).toEqual([true, true, true, true])
  })

  it('leaves out points a log axis cannot show, and keeps them on a linear axis', () => {
    const s = syntheticSeries(1, 'nau', 1, 5)
    s.series[2].trainMse = 0
    s.series[3].trainMse = -1e-9
    expect(lossChartConfig([s], opts()).data.datasets[0].data.map((p) => (p as Point).x)).toEqual([1, 2, 5])
    expect(lossChartConfig([s], opts({ logY: false })).data.datasets[0].data).toHaveLength(5)
    expect(lossChartConfig([s], opts()).options?.scales?.y?.type).toBe('logarithmic')
  })

  it('decimates only when asked (on screen), above a threshold of a few thousand points', () => {
    expect(lossChartConfig(series, opts()).options?.plugins?.decimation?.enabled).toBe(false)
    const screen = lossChartConfig(series, opts(), { decimation: true, animation: true })
    expect(screen.options?.plugins?.decimation).toMatchObject({ enabled: true, threshold: DECIMATION_THRESHOLD })
    expect(DECIMATION_THRESHOLD).toBeGreaterThanOrEqual(1000)
    expect(lossChartConfig(series, opts()).options?.animation).toBe(false)
  })

  it('takes font sizes, theme colours and the title from the options', () => {
    const c = lossChartConfig(series, opts({ fontSize: 20, theme: 'dark', title: 'My figure' }))
    expect(c.options?.plugins?.title).toMatchObject({ display: true, text: 'My figure', font: { size: 25 } })
    expect(c.options?.plugins?.legend?.labels?.font).toMatchObject({ size: 20 })
    expect(c.options?.scales?.x?.title).toMatchObject({ font: { size: 20 }, color: '#e6e8eb' })
    expect(c.data.datasets[0].borderColor).toBe(runStyle(0, 'dark').colour)
    expect(lossChartConfig(series, opts({ title: '' })).options?.plugins?.title?.display).toBe(false)
    expect(lossChartConfig(series, opts()).options?.plugins?.title?.text).toBe('Mystery problem: Training loss (MSE)')
  })

  it('names lines by architecture for figure sets', () => {
    const c = lossChartConfig(series, opts(), { legend: 'model' })
    expect(c.data.datasets.map((d) => d.label)).toEqual(['nac', 'nalu'])
  })
})
