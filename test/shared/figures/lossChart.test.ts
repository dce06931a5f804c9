import { describe, expect, it } from 'vitest'
import type { LegendItem, ChartData } from 'chart.js'
import { FigureOptions, type FigureOptionsInput } from '@shared/domain'
import { DECIMATION_THRESHOLD, lossChartConfig, lossLabel, wrapTitle } from '@shared/figures/lossChart'
import { modelColor } from '@shared/figures/palette'
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
  it('labels a hovered point with its loss to four significant digits, a tiny one too', () => {
    const label = lossChartConfig(series, opts()).options?.plugins?.tooltip?.callbacks?.label as unknown as (item: unknown) => string
    expect(label({ dataset: { label: 'nalu · seed 7' }, parsed: { y: 3.14159e-5 } })).toBe('nalu · seed 7: 3.142e-5')
    expect(label({ dataset: { label: 'nac · seed 1' }, parsed: { y: 126.0763 } })).toBe('nac · seed 1: 126.1')
    expect([lossLabel(NaN), lossLabel(Infinity), lossLabel(null)]).toEqual(['NaN', '∞', 'NaN'])
  })

  it('draws one dataset per run with its label, colour and the metric values at epoch x', () => {
    const c = lossChartConfig(series, opts())
    expect(c.data.datasets.map((d) => d.label)).toEqual(['nac · seed 1 · mystery', 'nalu · seed 7 · mystery'])
    expect(c.data.datasets[1].borderColor).toBe(modelColor('nalu', 'light'))
    expect(c.data.datasets[0].borderColor).toBe(modelColor('nac', 'light'))
    expect(c.data.datasets[0].data[4]).toEqual({ x: 5, y: series[0].series[4].trainMse })
    expect(c.options?.parsing).toBe(false)
  })

  it('uses the chosen metric, wall time in seconds and a linear axis when asked', () => {
    const c = lossChartConfig(series, opts({ metric: 'extrap', xAxis: 'wall', logY: false }))
    const p = c.data.datasets[0].data[2]
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
    expect(raw.data[3].y).toBe(series[0].series[3].trainMse)
    expect(smooth.data[3].y).not.toBe(series[0].series[3].trainMse)
    expect(legendFilter(c)).toEqual([true, false, true, false])
    // round joins on every line: a line of column extremes turns back on itself, where a miter sticks out
    expect(c.data.datasets.map((d) => String(d.borderJoinStyle))).toEqual(['round', 'round', 'round', 'round'])
  })

  it('hides a run and its raw line together from the legend', () => {
    const c = lossChartConfig(series, opts({ smoothing: 0.5 }))
    const visible = [true, true, true, true]
    const chart = {
      data: c.data,
      isDatasetVisible: (i: number) => visible[i],
      setDatasetVisibility: (i: number, v: boolean) => void (visible[i] = v),
      update: () => {}
    }
    const onClick = c.options?.plugins?.legend?.onClick as unknown as (
      e: unknown,
      item: { datasetIndex: number },
      legend: { chart: typeof chart }
    ) => void
    onClick(null, { datasetIndex: 2 }, { chart })
    expect(visible).toEqual([true, true, false, false])
    onClick(null, { datasetIndex: 2 }, { chart })
    expect(visible).toEqual([true, true, true, true])
  })

  it('draws values ≤ 0 on a log axis at a marked floor to the last epoch, and keeps them on a linear axis', () => {
    const s = syntheticSeries(1, 'nmu', 1, 5)
    s.series[2].trainMse = 0
    s.series[3].trainMse = -1e-9
    s.series[4].trainMse = 0
    const min = Math.min(s.series[0].trainMse, s.series[1].trainMse)
    const c = lossChartConfig([s], opts())
    const pts = c.data.datasets[0].data
    expect(pts.map((p) => p.x)).toEqual([1, 2, 3, 4, 5])
    const floor = 10 ** (Math.floor(Math.log10(min)) - 1)
    expect(pts.slice(2).map((p) => p.y)).toEqual([floor, floor, floor])
    expect(c.data.datasets[0].label).toMatch(/reaches 0/)
    expect((c.plugins?.find((p) => p.id === 'figureFloor') as unknown as { state: { floor: number } }).state.floor).toBe(floor)
    const linear = lossChartConfig([s], opts({ logY: false }))
    expect(linear.data.datasets[0].data.map((p) => p.y)).toEqual(s.series.map((e) => e.trainMse))
    expect((linear.plugins?.find((p) => p.id === 'figureFloor') as unknown as { state: { floor: null } }).state.floor).toBeNull()
    expect(c.options?.scales?.y?.type).toBe('logarithmic')
  })

  it('groups seeds of a model into one median line with an interquartile band', () => {
    const runs = [1, 2, 3, 4].map((i) => syntheticSeries(i, i <= 3 ? 'nalu' : 'nmu', i, 10))
    const c = lossChartConfig(runs, opts({ groupBy: 'model' }))
    expect(c.data.datasets.map((d) => d.label)).toEqual(['nalu (median, IQR of 3 runs)', 'nmu'])
    const at = (i: number) =>
      runs
        .slice(0, 3)
        .map((r) => r.series[i].trainMse)
        .sort((a, b) => a - b)[1]
    expect(c.data.datasets[0].data[4]).toEqual({ x: 5, y: at(4) })
    expect(c.data.datasets[0].borderColor).toBe(modelColor('nalu'))
    expect(c.plugins?.map((p) => p.id)).toContain('figureBands')
  })

  it('moves a long legend beside the plot and ends the x axis at the data', () => {
    const many = Array.from({ length: 25 }, (_, i) => syntheticSeries(i + 1, `m${i % 5}`, i, 30))
    expect(lossChartConfig(many, opts()).options?.plugins?.legend?.position).toBe('right')
    expect(lossChartConfig(series, opts()).options?.plugins?.legend?.position).toBe('top')
    expect(lossChartConfig(series, opts()).options?.scales?.x).toMatchObject({ min: 1, max: 40 })
    expect(lossChartConfig(series, opts({ xAxis: 'wall' })).options?.scales?.x).toMatchObject({ max: series[1].series[39].wallMs / 1000 })
  })

  it('decimates only when asked (on screen), above a threshold of a few thousand points', () => {
    expect(lossChartConfig(series, opts()).options?.plugins?.decimation?.enabled).toBe(false)
    const screen = lossChartConfig(series, opts(), { decimation: true, animation: true })
    expect(screen.options?.plugins?.decimation).toMatchObject({ enabled: true, threshold: DECIMATION_THRESHOLD })
    expect(DECIMATION_THRESHOLD).toBeGreaterThanOrEqual(1000)
    expect(lossChartConfig(series, opts()).options?.animation).toBe(false)
  })

  it('titles x by what the runs count: epochs, iterations (evaluated from 0), or both', () => {
    const byIteration = (id: number) => {
      const s = syntheticSeries(id, 'nmu', id, 6)
      return { ...s, series: s.series.map((e, i) => ({ ...e, epoch: i * 1000 })) }
    }
    const xTitle = (runs: Parameters<typeof lossChartConfig>[0]) => lossChartConfig(runs, opts()).options?.scales?.x?.title?.text
    expect(xTitle(series)).toBe('Epoch')
    expect(xTitle([byIteration(3), byIteration(4)])).toBe('Iteration')
    expect(xTitle([series[0], byIteration(3)])).toBe('Epoch or iteration')
  })

  it('takes font sizes, theme colours and the title from the options', () => {
    const c = lossChartConfig(series, opts({ fontSize: 20, theme: 'dark', title: 'My figure' }))
    expect(c.options?.plugins?.title).toMatchObject({ display: true, text: 'My figure', font: { size: 23 } })
    expect(c.options?.plugins?.legend?.labels?.font).toMatchObject({ size: 20 })
    expect(c.options?.scales?.x?.title).toMatchObject({ font: { size: 20 }, color: '#e6e8eb' })
    expect(c.data.datasets[0].borderColor).toBe(modelColor('nac', 'dark'))
    expect(lossChartConfig(series, opts({ title: '' })).options?.plugins?.title?.display).toBe(false)
    expect(lossChartConfig(series, opts()).options?.plugins?.title?.text).toBe('Mystery problem: Training loss (MSE)')
  })

  it('names lines by architecture for figure sets', () => {
    const c = lossChartConfig(series, opts(), { legend: 'model' })
    expect(c.data.datasets.map((d) => d.label)).toEqual(['nac', 'nalu'])
  })

  it('wraps a title too wide for a journal column instead of squeezing it', () => {
    expect(wrapTitle('Short', 336, 12)).toBe('Short')
    const lines = wrapTitle('Mystery arithmetic problem (the article): Extrapolation test loss (MSE)', 500, 15)
    expect(lines).toEqual(['Mystery arithmetic problem (the article):', 'Extrapolation test loss (MSE)'])
    const narrow = wrapTitle('Mystery arithmetic problem (the article): Extrapolation test loss (MSE)', 200, 12)
    for (const l of narrow) expect(l.length * 12 * 0.52).toBeLessThanOrEqual(200 * 0.92)
  })

  it('gives a figure a journal column high no default title and a short y-axis title', () => {
    const small = lossChartConfig(series, opts({ widthPx: 336, heightPx: 240 }))
    expect(small.options?.plugins?.title?.display).toBe(false)
    expect(small.options?.scales?.y).toMatchObject({ title: { text: 'Training MSE' } })
    expect(lossChartConfig(series, opts({ widthPx: 336, heightPx: 240, title: 'Fig. 2' })).options?.plugins?.title?.text).toBe('Fig. 2')
  })
})
