import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { Chart, type Point } from 'chart.js'
import { packEpochs, type JobInfo } from '@shared/domain'
import { buttonNamed, mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { epochs, makeRun } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'
import { modelColor } from '@shared/figures'
import { liveClock } from '../../../src-renderer/lib/liveClock'
import { chartsWarmed } from '../../../src-renderer/charts/warmUp'
import { framesPending } from '../../../src-renderer/charts/frameQueue'
import type { LiveDataset } from '../../../src-renderer/charts/liveLines'
import { HOVER_PX } from '../../../src-renderer/charts/denseLines'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
  vi.restoreAllMocks()
})

function job(runId: number, patch: Partial<JobInfo> = {}): JobInfo {
  return {
    runId,
    experimentId: 1,
    experimentName: 'Article experiment',
    model: 'nac',
    seed: 1,
    status: 'running',
    epoch: 0,
    epochs: 50,
    elapsedMs: 0,
    etaMs: null,
    ...patch
  }
}

async function open(api: FakeLab) {
  const { calls } = installCanvas()
  liveClock.reset()
  const m = await mountApp('/live', api)
  current = m.wrapper
  return { ...m, calls }
}

/** the live clock's period is a second: waits span a few ticks */
const WAIT = { timeout: 4_000 }

/** Events show in the live clock's next tick (up to its period later), then charts draw in their frames. */
async function ticked(): Promise<void> {
  await vi.waitFor(() => expect(liveClock.pending).toBe(false), { timeout: 3_000 })
  await settle()
}

function charts(w: VueWrapper): Chart[] {
  return w.findAll('.loss-chart canvas').map((c) => Chart.getChart(c.element as HTMLCanvasElement)!)
}
/** a run's line on a chart: every point it keeps (Chart.js holds the tooltip's only while the pointer is on the chart) */
const lineOf = (c: Chart, i = 0): Point[] => (c.data.datasets[i] as LiveDataset).livePoints?.data ?? []
/** the first chart's x-axis title (Chart.js's scale option types do not resolve `title` on the union of scales) */
const xTitle = (w: VueWrapper): string => (charts(w)[0].options.scales as { x: { title: { text: string } } }).x.title.text

describe('Live training', () => {
  // first in the file: the warm-up is once per page (module state)
  it("pays Chart.js's first-use cost when the page opens, before any run has a line", async () => {
    expect(chartsWarmed()).toBe(false)
    const { wrapper, calls } = await open(new FakeLab())
    expect(wrapper.text()).toContain('No epochs yet.')
    expect(chartsWarmed()).toBe(true)
    await vi.waitFor(() => expect(framesPending()).toBe(0), WAIT)
    // a throwaway chart drew offscreen, its canvas legend included (the Live charts' own)
    expect(calls.some((c) => c.op === 'fillText' && String(c.args[0]).startsWith('warm-up'))).toBe(true)
    expect(Object.keys(Chart.instances)).toHaveLength(0)
  })

  it('shows one row per job with progress, epoch, elapsed, time left and Cancel', async () => {
    const api = new FakeLab()
    api.jobs = [job(1, { epoch: 10, elapsedMs: 5_000, etaMs: 20_000 }), job(2, { status: 'queued', model: 'nalu' })]
    api.runs = [makeRun({ id: 1, series: epochs(10) }), makeRun({ id: 2, series: [] })]
    const { wrapper } = await open(api)
    const rows = wrapper.findAll('tr.progress-row')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('epoch 10 / 50')
    expect(rows[0].text()).toContain('5 s')
    expect(rows[0].text()).toContain('20 s')
    expect(rows[1].text()).toContain('queued')
    expect(rows[1].text()).toContain('—')
    expect(rows[0].get('progress').attributes('value')).toBe('10')
    expect(rows.map((r) => r.get('button').text())).toEqual(['Cancel', 'Cancel'])
    // a window opened mid-run fetches the epochs it missed
    expect(api.callsOf('runs.series')).toEqual([{ ids: [1], columns: 1000 }])
  })

  it('shows every job as unknown, with no time left and no Cancel, once the connection is gone', async () => {
    const api = new FakeLab()
    api.jobs = [job(1, { epoch: 10, elapsedMs: 5_000, etaMs: 20_000 }), job(2, { status: 'queued' })]
    const { wrapper } = await open(api)
    expect(wrapper.find('[role="status"]').exists()).toBe(false)
    api.disconnect('Connection to NALU Lab closed.')
    await settle()
    const rows = wrapper.findAll('tr.progress-row')
    expect(rows.map((r) => r.get('.status').text())).toEqual(['unknown', 'unknown'])
    expect(rows[0].get('.status').attributes('title')).toContain('Last seen running')
    expect(rows[0].text()).toContain('epoch 10 / 50')
    expect(rows[0].text()).not.toContain('20 s')
    expect(rows.map((r) => r.get('button').attributes('disabled'))).toEqual(['', ''])
    expect(wrapper.get('[role="status"]').text()).toContain('Not connected to NALU Lab')
    expect(api.callsOf('jobs.cancel')).toEqual([])
  })

  it('draws live curves on a log scale by default and grows them as epochs arrive', async () => {
    const api = new FakeLab()
    api.jobs = [job(7)]
    const { wrapper } = await open(api)
    expect(wrapper.text()).toContain('No epochs yet.')
    api.emit('jobs.progress', { ...job(7, { epoch: 3, etaMs: 1000 }), newEpochs: packEpochs(epochs(3)) })
    await ticked()
    const shown = charts(wrapper)
    const [, interp, extrap] = shown
    // the train chart is looked up again after each update below
    let train = shown[0]
    expect(train.options.scales?.y?.type).toBe('logarithmic')
    expect(lineOf(train)).toHaveLength(3)
    expect(lineOf(extrap).map((p) => p.y)).toEqual([300, 150, 100])
    expect(interp).toBeDefined()
    // a running job's row is brought up to date a few times a second, not on every event
    await vi.waitFor(() => expect(wrapper.get('tr.progress-row').text()).toContain('epoch 3 / 50'), WAIT)

    // throttled events carry every epoch since the last one; a repeated epoch is not drawn twice
    api.emit('jobs.progress', { ...job(7, { epoch: 5 }), newEpochs: packEpochs(epochs(5).slice(2)) })
    await vi.waitFor(() => {
      ;[train] = charts(wrapper)
      expect(lineOf(train).map((p) => p.x)).toEqual([1, 2, 3, 4, 5])
    }, WAIT)

    await wrapper.get('input[type="checkbox"]').setValue(false)
    await vi.waitFor(() => {
      ;[train] = charts(wrapper)
      expect(train.options.scales?.y?.type).toBe('linear')
    }, WAIT)
  })

  it('draws no chart while it is out of view, and catches up on every epoch when it comes into view', async () => {
    // jsdom has no IntersectionObserver: this one says what the test tells it
    const observed: { el: Element; report: (visible: boolean) => void }[] = []
    class FakeObserver {
      constructor(private readonly cb: IntersectionObserverCallback) {}
      observe(el: Element): void {
        observed.push({ el, report: (v) => this.cb([{ isIntersecting: v, target: el } as IntersectionObserverEntry], this as never) })
      }
      disconnect(): void {}
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver)
    try {
      const api = new FakeLab()
      api.jobs = [job(7)]
      const { wrapper } = await open(api)
      api.emit('jobs.progress', { ...job(7, { epoch: 3 }), newEpochs: packEpochs(epochs(3)) })
      await ticked()
      await vi.waitFor(() => expect(observed).toHaveLength(3), WAIT)
      observed.forEach((o) => o.report(false))
      api.emit('jobs.progress', { ...job(7, { epoch: 5 }), newEpochs: packEpochs(epochs(5).slice(3)) })
      await ticked()
      await vi.waitFor(() => expect(framesPending()).toBe(0), WAIT)
      // below the fold: the row moved on, no chart was drawn
      expect(wrapper.get('tr.progress-row').text()).toContain('epoch 5 / 50')
      expect(charts(wrapper).filter(Boolean)).toHaveLength(0)
      // the first one scrolled into view draws at once, with every epoch; the others still wait
      let frame = 0
      const raf = window.requestAnimationFrame.bind(window)
      vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => raf((t) => (frame++, cb(t))))
      const updates: { frame: number; points: number }[] = []
      const descriptor = Object.getOwnPropertyDescriptor(Chart.prototype, 'update')!
      const original = descriptor.value as (this: Chart, mode?: Parameters<Chart['update']>[0]) => void
      vi.spyOn(Chart.prototype, 'update').mockImplementation(function (this: Chart, mode) {
        updates.push({ frame, points: this.data.datasets[0] ? lineOf(this).length : 0 })
        original.call(this, mode)
      })
      observed[0].report(true)
      await vi.waitFor(() => expect(charts(wrapper)[0] && lineOf(charts(wrapper)[0])).toHaveLength(5), WAIT)
      expect(charts(wrapper).slice(1).filter(Boolean)).toHaveLength(0)
      // made on coming into view, the chart's constructor updates it once: the lines catch up in a
      // later frame, not in the same task (a hundred runs made that one task of two full updates)
      const first = updates[0]
      expect(updates.find((u) => u.points === 5)?.frame).toBeGreaterThan(first.frame)
    } finally {
      vi.restoreAllMocks()
      vi.unstubAllGlobals()
    }
  })

  it('draws a chart in the frame it was laid out in, or in the next when laying it out took long', async () => {
    const api = new FakeLab()
    api.jobs = [job(1, { epochs: 1000 })]
    const { wrapper } = await open(api)
    api.emit('jobs.progress', { ...job(1, { epochs: 1000, epoch: 2 }), newEpochs: packEpochs(epochs(2)) })
    await ticked()
    let frame = 0
    const raf = window.requestAnimationFrame.bind(window)
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => raf((t) => (frame++, cb(t))))
    const [train] = charts(wrapper)
    // with the pointer on the chart every tick lays it out (the tooltip's points change)
    wrapper.get('.loss-chart canvas').element.dispatchEvent(new Event('pointerenter'))
    const seen: [string, number][] = []
    const update = train.update.bind(train)
    const draw = train.draw.bind(train)
    // how long Chart.js's layout takes: a hundred runs on a slow machine, or a few
    let layoutMs = 0
    vi.spyOn(train, 'update').mockImplementation((mode) => {
      seen.push(['update', frame])
      update(mode)
      const now = performance.now()
      vi.spyOn(performance, 'now').mockReturnValueOnce(now + layoutMs)
    })
    vi.spyOn(train, 'draw').mockImplementation(() => (seen.push(['draw', frame]), draw()))
    const step = async (epoch: number) => {
      seen.length = 0
      api.emit('jobs.progress', { ...job(1, { epochs: 1000, epoch }), newEpochs: packEpochs(epochs(epoch).slice(epoch - 1)) })
      await ticked()
      await vi.waitFor(() => expect(framesPending()).toBe(0), WAIT)
      expect(lineOf(train)).toHaveLength(epoch)
      const at = seen.findIndex(([what]) => what === 'update')
      expect(seen[at + 1]?.[0]).toBe('draw')
      return seen[at + 1][1] - seen[at][1]
    }
    try {
      expect(await step(3)).toBe(0)
      // with a hundred runs each is a task of 40–60 ms: together they passed 100 ms
      layoutMs = 45
      expect(await step(4)).toBeGreaterThan(0)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it("draws lines that only grew on an axis that stays without Chart.js's layout, and lays it out when the axis moves", async () => {
    const api = new FakeLab()
    api.jobs = [job(1, { epochs: 1000 })]
    // jsdom lays nothing out: give the charts a size, or Chart.js has no plot area to draw in
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ width: 600, height: 280 }))
    const { wrapper, calls } = await open(api)
    api.emit('jobs.progress', { ...job(1, { epochs: 1000, epoch: 3 }), newEpochs: packEpochs(epochs(3)) })
    await ticked()
    await vi.waitFor(() => expect(framesPending()).toBe(0), WAIT)
    const [train] = charts(wrapper)
    const update = vi.spyOn(train, 'update')
    const draw = vi.spyOn(train, 'draw')
    const lineTos = () => calls.filter((c) => c.op === 'lineTo').length
    try {
      // train losses 100/epoch: 33 → 25, the rounded log axis stays 20 to 100
      let mark = lineTos()
      api.emit('jobs.progress', { ...job(1, { epochs: 1000, epoch: 4 }), newEpochs: packEpochs(epochs(4).slice(3)) })
      await ticked()
      await vi.waitFor(() => expect(lineOf(train)).toHaveLength(4), WAIT)
      await vi.waitFor(() => expect(framesPending()).toBe(0), WAIT)
      expect(update).not.toHaveBeenCalled()
      expect(draw).toHaveBeenCalled()
      // the line is stroked with its new point all the same
      expect(lineTos() - mark).toBeGreaterThanOrEqual(3)
      // 100/6 is below 20: the axis moves, and Chart.js lays the chart out
      mark = lineTos()
      api.emit('jobs.progress', { ...job(1, { epochs: 1000, epoch: 6 }), newEpochs: packEpochs(epochs(6).slice(4)) })
      await ticked()
      await vi.waitFor(() => expect(update).toHaveBeenCalled(), WAIT)
      expect(train.options.scales?.y?.min).toBe(10)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('counts an iteration-schedule job in iterations: its row, the finished list and the x axis', async () => {
    const api = new FakeLab()
    const it5k = job(4, { model: 'nmu', schedule: 'iterations', epochs: 5000, epoch: 1000 })
    api.jobs = [it5k]
    const { wrapper } = await open(api)
    expect(wrapper.get('tr.progress-row').text()).toContain('iteration 1,000 / 5,000')
    api.emit('jobs.progress', { ...it5k, newEpochs: packEpochs(epochs(2)) })
    await ticked()
    expect(xTitle(wrapper)).toBe('Iteration')
    api.emit('jobs.finished', { runId: 4, status: 'completed', error: null, divergedAtEpoch: null })
    await vi.waitFor(() => expect(wrapper.text()).toContain('1000 / 5000 iterations'), WAIT)
    // with an epoch run beside it the axis says both
    api.emit('jobs.progress', { ...job(5, { epoch: 2 }), newEpochs: packEpochs(epochs(2)) })
    await vi.waitFor(() => expect(xTitle(wrapper)).toBe('Epoch or iteration'), WAIT)
  })

  it('appends to the lines instead of rebuilding them, colours runs by model and redraws a burst of events once', async () => {
    const api = new FakeLab()
    api.jobs = [job(1, { model: 'nalu', epochs: 1000 }), job(2, { model: 'nmu', epochs: 1000 })]
    const { wrapper } = await open(api)
    api.emit('jobs.progress', { ...job(1, { model: 'nalu', epochs: 1000, epoch: 2 }), newEpochs: packEpochs(epochs(2)) })
    api.emit('jobs.progress', { ...job(2, { model: 'nmu', epochs: 1000, epoch: 2 }), newEpochs: packEpochs(epochs(2)) })
    await ticked()
    let [train] = charts(wrapper)
    // each line's every point (Chart.js holds the tooltip's subset of them: charts/liveLines.ts)
    const points = (i: number) => (train.data.datasets[i] as LiveDataset).livePoints?.data
    const line = points(0)
    expect(line).toHaveLength(2)
    expect(train.data.datasets.map((d) => d.borderColor)).toEqual([modelColor('nalu'), modelColor('nmu')])
    expect(train.options.scales?.x?.max).toBe(1000)
    const update = vi.spyOn(train, 'update')
    // twenty events 20 ms apart (a fast run): redraws stay a few, not one a frame
    for (let e = 3; e <= 22; e++) {
      api.emit('jobs.progress', { ...job(1, { model: 'nalu', epochs: 1000, epoch: e }), newEpochs: packEpochs(epochs(e).slice(e - 1)) })
      await new Promise((r) => setTimeout(r, 20))
    }
    await vi.waitFor(() => expect(lineOf(charts(wrapper)[0])).toHaveLength(22), WAIT)
    ;[train] = charts(wrapper)
    // the same chart and the same array, grown in place; twenty events over 400 ms, at most one redraw per 400 ms
    expect(points(0)).toBe(line)
    expect(update.mock.calls.length).toBeGreaterThan(0)
    expect(update.mock.calls.length).toBeLessThanOrEqual(3)

    // a run that finishes moves down the list; its line (and the other's) is kept, not rebuilt
    const other = points(1)
    api.emit('jobs.finished', { runId: 1, status: 'completed', error: null, divergedAtEpoch: null })
    await vi.waitFor(() => expect(charts(wrapper)[0].data.datasets.map((d) => d.label)).toEqual(['nmu · seed 1', 'nalu · seed 1']), WAIT)
    ;[train] = charts(wrapper)
    expect(points(0)).toBe(other)
    expect(points(1)).toBe(line)
  })

  it("draws a finished run's line from a bitmap instead of stroking it again on every redraw", async () => {
    const api = new FakeLab()
    const long = job(1, { model: 'nalu', epochs: 1000 })
    const short = job(2, { model: 'nmu', epochs: 1000 })
    api.jobs = [long, short]
    // jsdom lays nothing out: give the charts a size, or Chart.js has no plot area to draw in
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ width: 600, height: 280 }))
    const { wrapper, calls } = await open(api)
    api.emit('jobs.progress', { ...long, epoch: 900, newEpochs: packEpochs(epochs(900)) })
    api.emit('jobs.progress', { ...short, epoch: 10, newEpochs: packEpochs(epochs(10)) })
    await ticked()
    const strokes = (from: number) => calls.slice(from).filter((c) => c.op === 'lineTo').length
    // while both train, each redraw strokes all 900 points of the long run (three charts)
    let mark = calls.length
    api.emit('jobs.progress', { ...short, epoch: 11, newEpochs: packEpochs(epochs(11).slice(10)) })
    await ticked()
    expect(strokes(mark)).toBeGreaterThan(3 * 900)
    const visible = charts(wrapper)[0].data.datasets[0]
    api.emit('jobs.finished', { runId: 1, status: 'completed', error: null, divergedAtEpoch: null })
    await ticked()
    // it moved below the running run: the same dataset object (Chart.js keeps its elements), now painted once into the bitmap
    expect(charts(wrapper)[0].data.datasets[1]).toBe(visible)
    mark = calls.length
    const layout = vi.spyOn(charts(wrapper)[0].getDatasetMeta(1).controller, 'updateElements')
    api.emit('jobs.progress', { ...short, epoch: 12, newEpochs: packEpochs(epochs(12).slice(11)) })
    await ticked()
    // nor are its points laid out again while the axes stay
    expect(layout).not.toHaveBeenCalled()
    const after = calls.slice(mark)
    expect(after.filter((c) => c.op === 'drawImage')).toHaveLength(3)
    expect(strokes(mark)).toBeLessThan(900)
    // and it is still on the charts: legend, range and the accessible label count it
    expect((charts(wrapper)[0].data.datasets[1] as LiveDataset).livePoints?.data.length).toBeGreaterThan(800)
    // Chart.js holds the points only while the pointer is on the chart: a hundred finished runs
    // laid out again at the end of a study made that redraw twice as long
    expect(charts(wrapper)[0].data.datasets.map((d) => d.data.length)).toEqual([0, 0])
    // the pointer's arrival gives them back and lays them out at once, before Chart.js reads a mousemove
    const tooltip = charts(wrapper)[0]
    const canvas = wrapper.get('.loss-chart canvas').element
    canvas.dispatchEvent(new Event('pointerenter'))
    expect(tooltip.data.datasets[1].data.length).toBeGreaterThan(1)
    // one point per HOVER_PX of the plot for the tooltip
    expect(tooltip.data.datasets[1].data.length).toBeLessThanOrEqual(600 / HOVER_PX)
    expect(tooltip.getDatasetMeta(1).data).toHaveLength(tooltip.data.datasets[1].data.length)
    // and they go again with the pointer, at the next redraw
    canvas.dispatchEvent(new Event('pointerleave'))
    api.emit('jobs.progress', { ...short, epoch: 13, newEpochs: packEpochs(epochs(13).slice(12)) })
    await ticked()
    expect(charts(wrapper)[0].data.datasets[1].data).toHaveLength(0)
    expect(wrapper.get('.loss-chart canvas').attributes('aria-label')).toContain('2 run(s)')
  }, 20_000)

  it("bins the lines for the chart's box, not for the canvas's default width before Chart.js sizes it", async () => {
    const api = new FakeLab()
    const run = job(1, { model: 'nalu', epochs: 1000 })
    api.jobs = [run]
    // an unsized canvas is 300 px wide: lines binned for it were all made again once Chart.js had sized it
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this instanceof HTMLCanvasElement ? 300 : 640
    })
    try {
      const { wrapper } = await open(api)
      api.emit('jobs.progress', { ...run, epoch: 900, newEpochs: packEpochs(epochs(900)) })
      await ticked()
      // at most two points a column: 900 epochs fit in 640 columns, not in 300
      expect((charts(wrapper)[0].data.datasets[0] as LiveDataset).livePoints?.data).toHaveLength(900)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('draws the lines of many long runs as hairlines from their first epoch, and a few runs at the theme width', async () => {
    const widths = async (n: number) => {
      const api = new FakeLab()
      const runs = Array.from({ length: n }, (_, i) => job(i + 1, { model: 'nalu', seed: i, epochs: 1000 }))
      api.jobs = runs
      const { wrapper } = await open(api)
      for (const j of runs) api.emit('jobs.progress', { ...j, epoch: 2, newEpochs: packEpochs(epochs(2)) })
      await ticked()
      const got = charts(wrapper)[0].data.datasets.map((d) => d.borderWidth)
      current?.unmount()
      current = null
      return got
    }
    // twelve runs of 1,000 epochs will hold 12,000 points: one pixel wide already at epoch 2
    expect(await widths(12)).toEqual(Array(12).fill(1))
    expect(await widths(3)).toEqual([1.5, 1.5, 1.5])
  }, 20_000)

  it('names each model once in the legend, however many seeds, and hides all its runs on a click', async () => {
    const api = new FakeLab()
    const runs = [job(1, { model: 'nalu', seed: 0 }), job(2, { model: 'nalu', seed: 1 }), job(3, { model: 'nmu', seed: 0 })]
    api.jobs = runs
    const { wrapper } = await open(api)
    for (const j of runs) api.emit('jobs.progress', { ...j, epoch: 2, newEpochs: packEpochs(epochs(2)) })
    await ticked()
    const [train] = charts(wrapper)
    expect(train.legend?.legendItems?.map((i) => i.text)).toEqual(['nalu (2)', 'nmu · seed 0'])
    const onClick = train.options.plugins?.legend?.onClick as unknown as (
      e: unknown,
      item: { datasetIndex: number },
      l: { chart: Chart }
    ) => void
    onClick(null, { datasetIndex: 0 }, { chart: train })
    expect([0, 1, 2].map((i) => train.isDatasetVisible(i))).toEqual([false, false, true])
  })

  it('lists a study without burying the curves: running jobs, ten queued and the latest ten finished, the rest on request', async () => {
    const api = new FakeLab()
    api.jobs = [
      job(1, { epoch: 3 }),
      ...Array.from({ length: 14 }, (_, k) => job(k + 2, { status: 'queued', seed: k + 2, epochs: k === 13 ? 900 : 100 }))
    ]
    api.runs = [makeRun({ id: 1, series: epochs(3) })]
    const { wrapper } = await open(api)
    // queued runs draw no line yet (Chart.js would update each empty one on every redraw), but
    // the x axis already spans the longest of them
    await vi.waitFor(() => expect(wrapper.find('.loss-chart canvas').exists()).toBe(true), WAIT)
    const label = wrapper.get('.loss-chart canvas').attributes('aria-label') ?? ''
    expect(label).toContain('1 run(s)')
    expect(label).toContain('0 to 900')
    let rows = wrapper.findAll('tr.progress-row')
    expect(rows).toHaveLength(11)
    expect(rows[0].text()).toContain('running')
    expect(wrapper.text()).toContain('and 4 more queued.')
    await buttonNamed(wrapper, 'List all 14 queued').trigger('click')
    rows = wrapper.findAll('tr.progress-row')
    expect(rows).toHaveLength(15)

    for (let id = 2; id <= 13; id++)
      api.emit('jobs.finished', { runId: id, status: id === 5 ? 'diverged' : 'completed', error: null, divergedAtEpoch: 2 })
    await ticked()
    const finished = wrapper.get('[aria-labelledby="finished-heading"]')
    expect(finished.get('h2').text()).toBe('Finished in this session (12)')
    expect(finished.text()).toContain('11 completed, 1 diverged')
    // the latest first
    expect(finished.findAll('tbody tr').map((r) => r.get('a').text())).toEqual(['13', '12', '11', '10', '9', '8', '7', '6', '5', '4'])
    await buttonNamed(wrapper, 'List all 12').trigger('click')
    expect(wrapper.get('[aria-labelledby="finished-heading"]').findAll('tbody tr')).toHaveLength(12)
  })

  it('cancels a job and keeps it listed as cancelled when it ends', async () => {
    const api = new FakeLab()
    api.jobs = [job(3, { epoch: 2 }), job(4, { epoch: 2 })]
    api.runs = [makeRun({ id: 3, series: epochs(2) }), makeRun({ id: 4, series: epochs(2) })]
    const { wrapper } = await open(api)
    await wrapper.findAll('tr.progress-row')[0].get('button').trigger('click')
    await ticked()
    expect(api.callsOf('jobs.cancel')).toEqual([{ runId: 3 }])
    api.emit('jobs.finished', { runId: 3, status: 'cancelled', error: null, divergedAtEpoch: null })
    await ticked()
    expect(wrapper.findAll('tr.progress-row')).toHaveLength(1)
    expect(wrapper.get('[aria-labelledby="finished-heading"]').text()).toContain('cancelled')
    // a user's own cancel is not an error
    expect(wrapper.find('.notice.error').exists()).toBe(false)
  })

  it('reports a diverged or failed run in the banner, readably', async () => {
    const api = new FakeLab()
    api.jobs = [job(5, { model: 'nalu' }), job(6, { model: 'npu' })]
    const { wrapper } = await open(api)
    api.emit('jobs.finished', { runId: 5, status: 'diverged', error: 'loss is NaN', divergedAtEpoch: 37 })
    api.emit('jobs.finished', { runId: 6, status: 'failed', error: 'training process exited with code 1', divergedAtEpoch: null })
    await ticked()
    const notices = wrapper.findAll('.notice.error').map((n) => n.text())
    expect(notices[0]).toContain('Run 5 (nalu, seed 1) diverged at epoch 37: loss is NaN')
    expect(notices[1]).toContain('Run 6 (npu, seed 1) failed: training process exited with code 1')
  })

  it('says so when a cancel is refused by the main side', async () => {
    const api = new FakeLab()
    api.jobs = [job(8)]
    const { wrapper } = await open(api)
    api.failures.set('jobs.cancel', { code: 'internal', message: 'worker did not answer' })
    await buttonNamed(wrapper, 'Cancel').trigger('click')
    await ticked()
    expect(wrapper.get('.notice.error').text()).toContain('Cancelling run 8: Internal error — worker did not answer')
  })
})
