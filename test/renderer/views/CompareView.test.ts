import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { isProxy } from 'vue'
import { Chart } from 'chart.js'
import { mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { articlePreset, epochs, makeRun } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'
import { debiasedEma, DECIMATION_THRESHOLD } from '@shared/figures'
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
    expect(api.callsOf('runs.chart')).toEqual([1, 2, 3].map((id) => ({ id, columns: 1024, plot: 1024 - 160 })))
    const [train, interp, extrap] = charts(wrapper)
    for (const c of [train, interp, extrap])
      expect(c.data.datasets.map((d) => d.label)).toEqual([
        'vanilla · seed 1 · article',
        'nac · seed 1 · article',
        'nalu(article) · seed 2 · article'
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

    await wrapper.get('[aria-label="Chart settings"] select[name="x"]').setValue('wall')
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
    const first = summary
      .findAll('tbody tr')[0]
      .findAll('td')
      .map((td) => td.text())
    // run 1, train: min 100/30, max 100, last 100/30
    expect(first.slice(1, 5)).toEqual(['30', '3.333', '100', '3.333'])
    const diff = wrapper.get('[aria-labelledby="diff-heading"]')
    const settings = diff.findAll('tbody th').map((t) => t.text())
    expect(settings).toContain('seed')
    expect(settings).toContain('model.units[0].kind')
    expect(settings).not.toContain('training.epochs')
    expect(settings).not.toContain('problem.inDim')
  })

  // The shape that keeps long series fast, at a length past the decimation threshold; how fast
  // 20 × 10,000 epochs draw is measured in bench/ui-compare.ts, not timed here.
  it('keeps 20 long runs out of deep reactivity and decimates the lines', async () => {
    const api = new FakeLab()
    api.runs = Array.from({ length: 20 }, (_, i) => makeRun({ id: i + 1, series: epochs(DECIMATION_THRESHOLD + 500, 2) }))
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
    // 20 × 2,500 points: hairlines, which the canvas rasterises far faster than the theme's 1.5 px
    expect(train.data.datasets.map((d) => d.borderWidth)).toEqual(Array(20).fill(1))
  }, 60_000)

  it('draws each loss from its own column extremes of the reduced series, spikes included', async () => {
    const api = new FakeLab()
    const long = epochs(6000, 1)
    // interior points of each column are what the reduction drops; a one-epoch spike is not
    long[4321] = { ...long[4321], extrapMse: 1e6 }
    api.runs = [makeRun({ id: 1, series: long }), makeRun({ id: 2, series: epochs(6000, 1) })]
    const { wrapper } = await open('/compare?ids=1,2', api)
    const [train, , extrap] = charts(wrapper)
    // the points handed to Chart.js, before its own decimation to the canvas (0 px wide here)
    const given = (c: Chart, i: number) => {
      const d = c.data.datasets[i] as { data: unknown[]; _data?: unknown[] }
      return (d._data ?? d.data).map((p) => (p as { y: number }).y)
    }
    for (const c of [train, extrap]) for (const i of [0, 1]) expect(given(c, i).length).toBeLessThanOrEqual(2 * 1024 + 2)
    expect(given(extrap, 0)).toContain(1e6)
    // two runs of a few thousand points keep the theme's line width
    expect(train.data.datasets.map((d) => d.borderWidth)).toEqual([1.5, 1.5])
    expect(given(train, 0)).not.toContain(1e6)
    expect(given(train, 0)[0]).toBe(100)
    expect(given(train, 0).at(-1)).toBe(100 / 6000)
  }, 60_000)

  it('gives the lines of many runs their height, with the legend beside them and one colour per model', async () => {
    const api = new FakeLab()
    const spec = articlePreset().spec
    api.runs = Array.from({ length: 20 }, (_, i) => makeRun({ id: i + 1, modelSpec: spec.models[i % 3], seed: i, series: epochs(50, 2) }))
    const { wrapper } = await open(`/compare?ids=${api.runs.map((r) => r.id).join(',')}`, api)
    const heights = wrapper.findAll('.loss-chart').map((c) => parseInt((c.element as HTMLElement).style.height))
    expect(heights).toEqual([340, 340, 340])
    expect(wrapper.findAll('.chart-legend.beside')).toHaveLength(3)
    expect(wrapper.findAll('.chart-legend')[0].findAll('button.entry')).toHaveLength(20)
    const [train] = charts(wrapper)
    // three models, three colours, whatever the order of the runs
    expect(new Set(train.data.datasets.map((d) => d.borderColor)).size).toBe(3)
    expect(train.data.datasets[0].borderColor).toBe(train.data.datasets[3].borderColor)
  })

  it('groups seeds by model: one median line per model with its band, and the setting in the URL', async () => {
    const api = new FakeLab()
    const spec = articlePreset().spec
    api.runs = Array.from({ length: 9 }, (_, i) =>
      makeRun({ id: i + 1, modelSpec: spec.models[i % 3], seed: i, series: epochs(20, 2 + i) })
    )
    const { wrapper, router } = await open(`/compare?ids=${api.runs.map((r) => r.id).join(',')}`, api)
    await wrapper.get('select[name="group"]').setValue('model')
    // the full series are fetched again, then the charts redraw: give a loaded machine a few frames
    for (let i = 0; i < 10 && charts(wrapper)[0]?.data.datasets.length !== 3; i++) await settle()
    const [train] = charts(wrapper)
    expect(train.data.datasets.map((d) => d.label)).toEqual([
      'vanilla (median, IQR of 3 runs)',
      'nac (median, IQR of 3 runs)',
      'nalu(article) (median, IQR of 3 runs)'
    ])
    expect(router.currentRoute.value.query).toMatchObject({ group: 'model' })
    // grouping needs every epoch of every seed: the reduced series were replaced by full ones
    expect(api.callsOf('runs.epochs').filter((c) => c.after === undefined)).toEqual(api.runs.map((r) => ({ id: r.id })))
  })

  it('reads every setting from the URL and writes changes back to it', async () => {
    const { wrapper, router } = await open('/compare?ids=1,2,3&metric=extrap&scale=linear&smooth=0.5&x=wall', lab())
    expect(charts(wrapper)).toHaveLength(1)
    const [extrap] = charts(wrapper)
    expect(extrap.options.scales?.y?.type).toBe('linear')
    expect((wrapper.get('input[type="range"]').element as HTMLInputElement).value).toBe('0.5')
    await wrapper.get('select[name="metric"]').setValue('all')
    await wrapper.get('[aria-label="Chart settings"] input[name="log"]').setValue(true)
    await settle()
    expect(router.currentRoute.value.query).toEqual({ ids: '1,2,3', smooth: '0.5', x: 'wall' })
    expect(charts(wrapper)).toHaveLength(3)
  })

  it('shows the runs that exist and names the one that does not', async () => {
    const { wrapper, router } = await open('/compare?ids=1,77,2', lab())
    const notice = wrapper.get('.notice')
    expect(notice.text()).toContain('run 77 is not in this database')
    expect(notice.text()).toContain('showing the other 2 runs: 1, 2')
    expect(charts(wrapper)[0].data.datasets).toHaveLength(2)
    await notice.get('button').trigger('click')
    await settle()
    expect(router.currentRoute.value.query.ids).toBe('1,2')
  })
})
