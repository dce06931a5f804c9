import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LabStore } from '../../../src-main/store'
import type { LabContext } from '../../../src-main/ipc/context'
import { reduceEpochs } from '@shared/series/minMax'
import { base64Length, chartColumns, fromBase64 } from '@shared/series/columns'
import { plotBlockBytes } from '@shared/series/plotBlock'
import { chartLines } from '@shared/series/lines'
import { ENV, epochs } from '../store/fixtures'
import { invoker } from '../../helpers/invoke'
import { runsRouter } from './runsRouter'

/* runs.series reduced to a drawing's width, and runs.get without weights, over the Router. */
let store: LabStore
let ctx: LabContext
let ids: number[]

beforeEach(() => {
  ;({ store, ctx, ids } = runsRouter())
  for (let from = 1; from <= 6000; from += 1000) store.appendEpochs(ids[0], epochs(from, from + 999, ids[0]))
  store.finishRun(ids[0], {
    status: 'completed',
    final: { trainMse: 1, interpMse: 1, extrapMse: 1, success: [true, true], thresholds: [1e-5, 1e-5] },
    weights: { units: [{ kind: 'nac', matrices: [{ name: 'W', rows: 2, cols: 4, data: [1, 0, 0, 0, 0, 0, 1, 1] }], gates: null }] }
  })
})
afterEach(() => store.close())

const { call } = invoker(() => ctx.router)

describe('series for a drawing of a given width', () => {
  it('reduces a long run to its min–max columns when asked, and sends every epoch otherwise', async () => {
    const full = await call('runs.series', { ids: [ids[0]] })
    const reduced = await call('runs.series', { ids: [ids[0]], columns: 300 })
    if (!full.ok || !reduced.ok) throw new Error('runs.series failed')
    expect(full.value[0].series).toHaveLength(6000)
    expect(reduced.value[0].series).toEqual(reduceEpochs(full.value[0].series, 300))
    expect(reduced.value[0].series.length).toBeLessThan(6000 / 2)
  })

  it('refuses a width it cannot use, and names a missing run as before', async () => {
    const tiny = await call('runs.series', { ids: [ids[0]], columns: 3 })
    expect(tiny.ok).toBe(false)
    if (!tiny.ok) expect(tiny.error.message).toContain('columns')
    const missing = await call('runs.series', { ids: [ids[0], 999], columns: 300 })
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'not_found', message: 'Run 999 does not exist' })
  })

  it('answers runs.chart with packed columns, the reduction of every epoch at the power of two at or above the width', async () => {
    const full = await call('runs.series', { ids: [ids[0]] })
    const chart = await call('runs.chart', { id: ids[0], columns: 300 })
    if (!full.ok || !chart.ok) throw new Error('runs.chart failed')
    expect(chart.value).toMatchObject({ id: ids[0], epochCount: 6000, columns: 512 })
    const kept = reduceEpochs(full.value[0].series, 512)
    const c = chartColumns(chart.value)
    expect([...c.epoch]).toEqual(kept.map((e) => e.epoch))
    expect([...c.extrapMse]).toEqual(kept.map((e) => e.extrapMse))
    const missing = await call('runs.chart', { id: 999, columns: 300 })
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'not_found', message: 'Run 999 does not exist' })
    const wide = await call('runs.chart', { id: ids[0], columns: 9000 })
    expect(wide.ok ? null : wide.error.message).toContain('columns')
  })

  it('answers runs.chart with plot with only what the three loss charts of that width draw, the same lines the page made itself', async () => {
    const whole = await call('runs.chart', { id: ids[0], columns: 1400 })
    const cut = await call('runs.chart', { id: ids[0], columns: 1400, plot: 900, wall: true })
    if (!whole.ok || !cut.ok) throw new Error('runs.chart failed')
    expect(cut.value).toMatchObject({ id: ids[0], epochCount: 6000, columns: 2048, plot: 900, wall: true })
    expect(cut.value.points).toBeLessThan(whole.value.points)
    expect(cut.value.data.length).toBeLessThan(whole.value.data.length)
    expect(chartLines(cut.value, 900)).toEqual(chartLines(whole.value, 900))
    // without the wall time (an x axis of epochs): the same epochs and losses, 28 bytes a point (this fixture's
    // losses move together, so every point is on all three charts)
    const bare = await call('runs.chart', { id: ids[0], columns: 1400, plot: 900 })
    if (!bare.ok) throw new Error('runs.chart failed')
    expect(bare.value.points).toBe(cut.value.points)
    expect(bare.value.data.length).toBe(base64Length(28 * bare.value.points))
    const strip = (l: ReturnType<typeof chartLines>) => l.union.map(({ wallMs: _w, ...e }) => e)
    expect(strip(chartLines(bare.value, 900))).toEqual(strip(chartLines(whole.value, 900)))
    const wallAlone = await call('runs.chart', { id: ids[0], columns: 1400, wall: true })
    expect(wallAlone.ok ? null : wallAlone.error.message).toContain('wall is asked with plot')
    const wide = await call('runs.chart', { id: ids[0], columns: 1400, plot: 9000 })
    expect(wide.ok ? null : wide.error.message).toContain('plot')
  })

  it('sends each loss only where its own chart draws it when the three losses peak at different epochs', async () => {
    // losses whose column extremes fall on different epochs (the fixture's move together)
    const es = epochs(1, 6000, ids[1]).map((e, i) => ({
      ...e,
      trainMse: 1 + Math.sin(i * 0.37),
      interpMse: 2 + Math.sin(i * 0.11),
      extrapMse: 3 + Math.sin(i * 0.053)
    }))
    store.appendEpochs(ids[1], es)
    const whole = await call('runs.chart', { id: ids[1], columns: 1400 })
    const cut = await call('runs.chart', { id: ids[1], columns: 1400, plot: 300 })
    if (!whole.ok || !cut.ok) throw new Error('runs.chart failed')
    const masks = fromBase64(cut.value.lines ?? '')
    expect(masks.some((m) => m !== 7)).toBe(true)
    expect(cut.value.data.length).toBe(base64Length(plotBlockBytes(masks, false)))
    expect(cut.value.data.length).toBeLessThan(base64Length(28 * cut.value.points))
    const own = (l: ReturnType<typeof chartLines>, f: 'trainMse' | 'interpMse' | 'extrapMse') => l.lines[f].map((e) => [e.epoch, e[f]])
    for (const f of ['trainMse', 'interpMse', 'extrapMse'] as const) {
      expect(own(chartLines(cut.value, 300), f)).toEqual(own(chartLines(whole.value, 300), f))
    }
  })

  it("makes an ended run's reductions in the background as it ends (jobs.finished)", async () => {
    // a second run long enough to keep reductions (8 × 1024 epochs at least)
    store.markRunning(ids[1], ENV)
    for (let from = 1; from <= 9000; from += 1000) store.appendEpochs(ids[1], epochs(from, Math.min(9000, from + 999), ids[1]))
    store.finishRun(ids[1], { status: 'completed', final: null, weights: null })
    const prepare = vi.spyOn(store, 'prepareChartSeries')
    ctx.events.emit('jobs.finished', { runId: ids[1], status: 'completed', error: null, divergedAtEpoch: null })
    await vi.waitFor(() => expect(prepare).toHaveBeenCalledWith(ids[1]))
    expect(await prepare.mock.results[0].value).toBe(true)
    // kept: asking again makes nothing
    expect(await store.prepareChartSeries(ids[1])).toBe(false)
  })

  it('leaves the weights out of a run when asked (a settings table never shows them)', async () => {
    const withWeights = await call('runs.get', { id: ids[0], series: false })
    const without = await call('runs.get', { id: ids[0], series: false, weights: false })
    if (!withWeights.ok || !without.ok) throw new Error('runs.get failed')
    expect(withWeights.value.weights?.units).toHaveLength(1)
    expect(without.value.weights).toBeNull()
    expect(without.value.spec).toEqual(withWeights.value.spec)
  })
})
