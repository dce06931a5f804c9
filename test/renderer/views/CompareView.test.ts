import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { isProxy } from 'vue'
import { Chart } from 'chart.js'
import { mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { articlePreset, epochs, makeRun } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'
import { debiasedEma } from '../../../src-shared/figures'
import { useCompare } from '../../../src-renderer/stores/compare'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

function lab(): FakeLab {
  const api = new FakeLab()
  const spec = articlePreset().spec
  api.runs = [
    makeRun({ id: 1, modelSpec: spec.models[0], seed: 1, series: epochs(30, 10, 100) }),
    makeRun({ id: 2, modelSpec: spec.models[1], seed: 1, series: epochs(30, 10, 50) }),
    makeRun({ id: 3, modelSpec: spec.models[2], seed: 2, series: epochs(30, 10, 10) })
  ]
  return api
}

async function open(path: string, api: FakeLab) {
  installCanvas()
  const m = await mountApp(path, api)
  current = m.wrapper
  return m
}

const charts = (w: VueWrapper) => w.findAll('.loss-chart canvas').map((c) => Chart.getChart(c.element as HTMLCanvasElement)!)
const ys = (c: Chart, i: number) => c.data.datasets[i].data.map((p) => (p as { y: number }).y)

describe('Compare', () => {
  it('overlays the runs, one line each, in a chart per metric with a legend naming model, seed and preset', async () => {
    const { wrapper, api } = await open('/compare?ids=1,2,3', lab())
    expect(api.callsOf('runs.series')).toEqual([{ ids: [1, 2, 3] }])
    const [train, interp, extrap] = charts(wrapper)
    for (const c of [train, interp, extrap]) expect(c.data.datasets.map((d) => d.label)).toEqual([
      'vanilla · seed 1 · article', 'nac · seed 1 · article', 'nalu(article) · seed 2 · article'
    ])
    expect(new Set(train.data.datasets.map((d) => d.borderColor)).size).toBe(3)
    expect(train.options.scales?.y?.type).toBe('logarithmic')
    expect(ys(extrap, 2)[0]).toBe(30)
  })

  it('toggles log / linear y, epoch / wall-time x, and smooths on the full series with the raw line kept faintly', async () => {
    const { wrapper } = await open('/compare?ids=1,2,3', lab())
    await wrapper.get('[aria-label="Chart settings"] input[type="checkbox"]').setValue(false)
    await settle()
    expect(charts(wrapper)[0].options.scales?.y?.type).toBe('linear')

    await wrapper.get('[aria-label="Chart settings"] select').setValue('wall')
    await settle()
    expect((charts(wrapper)[0].data.datasets[0].data[0] as { x: number }).x).toBe(0.01)

    await wrapper.get('input[type="range"]').setValue('0.6')
    await settle()
    const [train] = charts(wrapper)
    expect(train.data.datasets).toHaveLength(6)
    const raw = epochs(30, 10, 100).map((e) => e.trainMse)
    expect(ys(train, 0)).toEqual(debiasedEma(raw, 0.6))
    expect(train.data.datasets[1].label).toBe('vanilla · seed 1 · article (raw)')
    expect(ys(train, 1)).toEqual(raw)
  })

  it('summarises min, max and last per metric and lists only the settings that differ', async () => {
    const { wrapper } = await open('/compare?ids=1,2,3', lab())
    const summary = wrapper.get('[aria-labelledby="summary-heading"]')
    const first = summary.findAll('tbody tr')[0].findAll('td').map((td) => td.text())
    // run 1, train: min 100/30, max 100, last 100/30
    expect(first.slice(1, 5)).toEqual(['30', '3.333', '100', '3.333'])
    const diff = wrapper.get('[aria-labelledby="diff-heading"]')
    const settings = diff.findAll('tbody th').map((t) => t.text())
    expect(settings).toContain('seed')
    expect(settings).toContain('model.units[0].kind')
    expect(settings).not.toContain('training.epochs')
    expect(settings).not.toContain('problem.inDim')
  })

  it('keeps 20 runs × 10,000 epochs out of deep reactivity and decimates the lines', async () => {
    const api = new FakeLab()
    api.runs = Array.from({ length: 20 }, (_, i) => makeRun({ id: i + 1, series: epochs(10_000, 2) }))
    const ids = api.runs.map((r) => r.id).join(',')
    const { wrapper, pinia } = await open(`/compare?ids=${ids}`, api)
    const store = useCompare(pinia)
    expect(store.series).toHaveLength(20)
    expect(isProxy(store.series[0])).toBe(false)
    expect(isProxy(store.series[0].series)).toBe(false)
    const [train] = charts(wrapper)
    expect(train.data.datasets).toHaveLength(20)
    expect(train.options.parsing).toBe(false)
    expect(train.options.plugins?.decimation?.enabled).toBe(true)
  })

  it('gives the lines of many runs room beside their legend', async () => {
    const few = await open('/compare?ids=1,2,3', lab())
    const fewHeight = parseInt((few.wrapper.get('.loss-chart').element as HTMLElement).style.height)
    few.wrapper.unmount()
    const api = new FakeLab()
    api.runs = Array.from({ length: 20 }, (_, i) => makeRun({ id: i + 1, series: epochs(50, 2) }))
    const { wrapper } = await open(`/compare?ids=${api.runs.map((r) => r.id).join(',')}`, api)
    const heights = wrapper.findAll('.loss-chart').map((c) => parseInt((c.element as HTMLElement).style.height))
    expect(fewHeight).toBe(340)
    expect(heights).toHaveLength(3)
    for (const h of heights) {
      expect(h).toBeGreaterThanOrEqual(440)
      expect(h).toBeLessThanOrEqual(640)
    }
  })

  it('names the missing run instead of drawing an empty chart', async () => {
    const { wrapper } = await open('/compare?ids=1,77', lab())
    expect(wrapper.get('[role="alert"]').text()).toContain('Not found: Run 77 does not exist')
    expect(wrapper.findAll('.loss-chart')).toHaveLength(0)
  })
})
