import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import type { RunSeries } from '../../../src-shared/domain'
import LossChart from '../../../src-renderer/components/LossChart.vue'
import { figureOptions } from '../../../src-renderer/lib/figureOptions'
import { installCanvas } from '../support/canvas'
import { settle } from '../support/mount'
import { epochs } from '../support/fixtures'

let w: VueWrapper | null = null
afterEach(() => {
  w?.unmount()
  w = null
})

function run(lo: number, hi: number, n = 150): RunSeries {
  const series = epochs(n, 2).map((e, i) => ({ ...e, extrapMse: hi - ((hi - lo) * i) / (n - 1) }))
  return { id: 1, label: 'nac', model: 'nac', seed: 1, preset: 'article', experimentName: 'E', series }
}

const chartOf = (wrapper: VueWrapper) => Chart.getChart(wrapper.get('canvas').element as HTMLCanvasElement)!

describe('LossChart', () => {
  it('labels a log axis even when the loss stays inside one decade', async () => {
    installCanvas()
    w = mount(LossChart, { props: { series: [run(1.33e5, 1.39e5)], options: figureOptions('extrap') }, attachTo: document.body })
    await settle()
    const labelled = chartOf(w).scales.y.ticks.filter((t) => t.label !== '')
    expect(labelled.length).toBeGreaterThanOrEqual(3)
    expect(labelled[0].label).toBe('1.33e5')
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
    expect(w.get('canvas').attributes('aria-label')).toBe('E: Extrapolation test loss (MSE); linear y; x: epoch; no smoothing; 1 run(s): nac seed 1')
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
})
