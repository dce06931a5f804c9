import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import type { RunSeries } from '@shared/domain'
import LossChart from '../../../src-renderer/components/LossChart.vue'
import { figureOptions } from '../../../src-renderer/lib/figureOptions'
import { installCanvas } from '../support/canvas'
import { settle } from '../support/mount'
import { epochs } from '../support/fixtures'
import { HOVER_PX } from '../../../src-renderer/charts/denseLines'

let w: VueWrapper | null = null
afterEach(() => {
  w?.unmount()
  w = null
  vi.restoreAllMocks()
})

function run(lo: number, hi: number, n = 150): RunSeries {
  const series = epochs(n, 2).map((e, i) => ({ ...e, extrapMse: hi - ((hi - lo) * i) / (n - 1) }))
  return { id: 1, label: 'nac', model: 'nac', seed: 1, preset: 'article', experimentName: 'E', series }
}

const chartOf = (wrapper: VueWrapper) => Chart.getChart(wrapper.get('canvas').element)!

describe('LossChart', () => {
  it('labels a log axis even when the loss stays inside one decade', async () => {
    installCanvas()
    w = mount(LossChart, { props: { series: [run(1.33e5, 1.39e5)], options: figureOptions('extrap') }, attachTo: document.body })
    await settle()
    const labelled = chartOf(w).scales.y.ticks.filter((t) => t.label !== '')
    expect(labelled.length).toBeGreaterThanOrEqual(2)
    // evenly spaced round values, every tick labelled, no two alike
    expect(labelled.map((t) => t.label)).toEqual(chartOf(w).scales.y.ticks.map((t) => t.label))
    expect(new Set(labelled.map((t) => t.label)).size).toBe(labelled.length)
    for (const t of labelled) expect(String(t.label)).toMatch(/^1\.3\de5$/)
  })

  it('is the shared figure config, made responsive and decimated for the screen', async () => {
    installCanvas()
    w = mount(LossChart, { props: { series: [run(1, 100)], options: figureOptions('extrap', { logY: false }) } })
    await settle()
    const c = chartOf(w)
    expect(c.options.responsive).toBe(true)
    expect(c.options.parsing).toBe(false)
    expect(c.options.plugins?.decimation?.enabled).toBe(true)
    expect(c.options.scales?.y?.type).toBe('linear')
    expect(w.get('canvas').attributes('aria-label')).toBe(
      'E: Extrapolation test loss (MSE); linear y; x: epoch; no smoothing; 1 line(s): nac seed 1'
    )
  })

  it('redraws the same chart when new epochs arrive, and rebuilds it for a new theme', async () => {
    installCanvas()
    w = mount(LossChart, { props: { series: [run(1, 100, 10)], options: figureOptions('extrap') } })
    await settle()
    const first = chartOf(w)
    await w.setProps({ series: [run(1, 100, 20)] })
    await settle()
    expect(chartOf(w)).toBe(first)
    expect(first.data.datasets[0].data).toHaveLength(20)
    await w.setProps({ options: figureOptions('extrap', { theme: 'dark' }) })
    await settle()
    expect(chartOf(w)).not.toBe(first)
    expect(chartOf(w).options.color).toBe('#e6e8eb')
  })

  it('draws a run whose loss reaches 0 to its last epoch on a log axis, at the floor', async () => {
    installCanvas()
    const r = run(1e-3, 10, 30)
    r.series = r.series.map((e, i) => (i >= 12 ? { ...e, extrapMse: 0 } : e))
    w = mount(LossChart, { props: { series: [r], options: figureOptions('extrap') } })
    await settle()
    const data = chartOf(w).data.datasets[0].data as { x: number; y: number }[]
    expect(data).toHaveLength(30)
    expect(data[29].x).toBe(r.series[29].epoch)
    expect(data[29].y).toBeGreaterThan(0)
    expect(w.text()).toContain('(reaches 0)')
  })

  it('puts a long legend beside the plot; a click hides a line, hovering highlights one', async () => {
    installCanvas()
    const many = Array.from({ length: 25 }, (_, i) => ({
      ...run(1, 100, 10),
      id: i + 1,
      seed: i % 5,
      model: ['nalu', 'nmu', 'inalu', 'npu', 'realnpu'][Math.floor(i / 5)]
    }))
    w = mount(LossChart, { props: { series: many, options: figureOptions('extrap') }, attachTo: document.body })
    await settle()
    expect(w.find('.chart-legend.beside').exists()).toBe(true)
    const entries = w.findAll('button.entry')
    expect(entries).toHaveLength(25)
    expect(chartOf(w).options.plugins?.legend?.display).toBe(false)
    await entries[6].trigger('click')
    await settle()
    expect(chartOf(w).isDatasetVisible(6)).toBe(false)
    expect(entries[6].attributes('aria-pressed')).toBe('false')
    await entries[3].trigger('mouseenter')
    // toMatch refuses a value that is not a string: the cast hides nothing
    const colours = chartOf(w).data.datasets.map((d) => d.borderColor as string)
    expect(colours[3]).not.toMatch(/rgba/)
    expect(colours[0]).toMatch(/rgba\(.*0\.15\)$/)
    await entries[3].trigger('mouseleave')
    expect(chartOf(w).data.datasets[0].borderColor as string).not.toMatch(/0\.15\)$/)
    await w.find('.legend-head button').trigger('click')
    expect(w.findAll('button.entry')).toHaveLength(0)
  })
  it("gives Chart.js a dense chart's tooltip points only when the pointer comes onto it", async () => {
    installCanvas()
    // a 600 px box (jsdom lays nothing out): 20 runs of 600 epochs are a dense chart there
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600)
    const many = Array.from({ length: 20 }, (_, i) => ({ ...run(1 + i, 100 + i, 600), id: i + 1, seed: i }))
    w = mount(LossChart, { props: { series: many, options: figureOptions('extrap') }, attachTo: document.body })
    await settle()
    const c = chartOf(w)
    // each line's highest and lowest point: the axis spans every line
    expect(c.data.datasets.map((d) => d.data.length)).toEqual(many.map(() => 2))
    expect(c.scales.y.max).toBeGreaterThanOrEqual(119)
    expect(c.scales.y.min).toBeLessThanOrEqual(1)
    await w.get('canvas').trigger('pointerenter')
    for (const d of c.data.datasets) {
      expect(d.data.length).toBeGreaterThan(2)
      expect(d.data.length).toBeLessThanOrEqual(600 / HOVER_PX)
    }
    // laid out at once, before Chart.js reads the pointer's first move
    expect(c.getDatasetMeta(0).data.length).toBe(c.data.datasets[0].data.length)
  })
})
