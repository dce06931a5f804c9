import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { setApi } from '../../../src-renderer/api'
import { useCompare } from '../../../src-renderer/stores/compare'
import { FakeLab } from '../support/fakeApi'
import { epochs, makeRun } from '../support/fixtures'

let api: FakeLab
beforeEach(() => {
  api = new FakeLab()
  api.runs = [makeRun({ id: 1, series: epochs(5) }), makeRun({ id: 2, series: epochs(5) })]
  setApi(api)
  setActivePinia(createPinia())
})

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
}

describe('compare store', () => {
  it("asks for each run's series reduced to the window width as columns, one run per request, and for run settings without their weights", async () => {
    api.runs.push(makeRun({ id: 3, series: epochs(5) }))
    const compare = useCompare()
    await compare.load([1, 2, 3])
    await settle()
    const columns = Math.round(window.innerWidth * (window.devicePixelRatio || 1))
    // and the plot's width in them: the window's less the y axis and its labels (160 px), what each chart draws
    expect(api.callsOf('runs.chart')).toEqual([1, 2, 3].map((id) => ({ id, columns, plot: columns - 160 })))
    expect(compare.series.map((s) => s.id)).toEqual([1, 2, 3])
    expect(api.callsOf('runs.get')).toEqual([1, 2, 3].map((id) => ({ id, series: false, weights: false })))
    expect(compare.configs.map((c) => c.id)).toEqual([1, 2, 3])
  })

  it('fetches every epoch once smoothing is turned on (an EMA of column extremes would misdraw the curve)', async () => {
    const compare = useCompare()
    await compare.load([1, 2])
    compare.view.smoothing = 0.6
    await nextTick()
    await settle()
    expect(api.callsOf('runs.epochs')).toEqual([{ id: 1 }, { id: 2 }])
    compare.view.smoothing = 0.8
    await nextTick()
    await settle()
    // two reduced requests, then every epoch of each run (one piece of 5 epochs each), and no more
    expect(api.callsOf('runs.chart')).toHaveLength(2)
    expect(api.callsOf('runs.epochs')).toHaveLength(2)
  })

  it('asks for the wall time once the x axis is wall time, and not again', async () => {
    const compare = useCompare()
    await compare.load([1, 2])
    expect(compare.withWall).toBe(false)
    // reduced series come without it: their wall time is not a number
    expect(compare.series[0].series.every((e) => Number.isNaN(e.wallMs))).toBe(true)
    compare.view.xAxis = 'wall'
    await nextTick()
    await settle()
    expect(
      api
        .callsOf('runs.chart')
        .slice(2)
        .map((q) => q.wall)
    ).toEqual([true, true])
    expect(compare.withWall).toBe(true)
    expect(compare.series[0].series.map((e) => e.wallMs)).toEqual(api.runs[0].series.map((e) => e.wallMs))
    compare.view.xAxis = 'epoch'
    await nextTick()
    compare.view.xAxis = 'wall'
    await nextTick()
    await settle()
    expect(api.callsOf('runs.chart')).toHaveLength(4)
  })
})
