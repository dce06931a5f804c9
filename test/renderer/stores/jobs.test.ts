import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { isProxy } from 'vue'
import { packEpochs, type JobInfo } from '@shared/domain'
import { setApi } from '../../../src-renderer/api'
import { useJobs } from '../../../src-renderer/stores/jobs'
import { useNotifications } from '../../../src-renderer/stores/notifications'
import { FakeLab } from '../support/fakeApi'
import { LINES_FLOOR_MS, liveClock, MIN_PERIOD_MS, PERIOD_PER_LINE_MS } from '../../../src-renderer/lib/liveClock'
import { epochs, makeRun } from '../support/fixtures'

const info = (runId: number, epoch: number): JobInfo => ({
  runId,
  experimentId: 1,
  experimentName: 'e',
  model: 'nac',
  seed: 1,
  status: 'running',
  epoch,
  epochs: 100,
  elapsedMs: 0,
  etaMs: null
})

let api: FakeLab
beforeEach(() => {
  api = new FakeLab()
  setApi(api)
  setActivePinia(createPinia())
  liveClock.reset()
})

/** What events change on screen changes in the live clock's tick. */
const ticked = () => vi.waitFor(() => expect(liveClock.pending).toBe(false), { timeout: 3_000 })

describe('jobs store', () => {
  it('merges stored epochs under the live ones without duplicates or gaps', async () => {
    api.jobs = [info(1, 4)]
    api.runs = [makeRun({ id: 1, series: epochs(4) })]
    const jobs = useJobs()
    const subscribed = jobs.start()
    // epochs 4–6 arrive while the stored 1–4 are still on their way
    jobs.onProgress({ ...info(1, 6), newEpochs: packEpochs(epochs(6).slice(3)) })
    await subscribed
    expect(jobs.liveSeries[0].series.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
    expect(isProxy(jobs.liveSeries[0].series)).toBe(false)
  })

  it('subscribes once however often it is started, and unsubscribes on stop', async () => {
    const jobs = useJobs()
    await Promise.all([jobs.start(), jobs.start()])
    expect(api.listenerCount('jobs.progress')).toBe(1)
    expect(api.callsOf('jobs.list')).toHaveLength(1)
    jobs.stop()
    expect(api.listenerCount('jobs.progress')).toBe(0)
  })

  it('lists the runs an experiment queued from elsewhere, once per experiment, not on every run event', async () => {
    const jobs = useJobs()
    await jobs.start()
    expect(jobs.jobs).toEqual([])
    api.jobs = [info(7, 0), { ...info(8, 0), status: 'queued' }]
    api.emit('runs.changed', { reason: 'created' })
    await vi.waitFor(() =>
      expect(jobs.jobs.map((j) => [j.runId, j.status])).toEqual([
        [7, 'running'],
        [8, 'queued']
      ])
    )
    api.emit('runs.changed', { reason: 'updated' })
    api.emit('runs.changed', { reason: 'finished' })
    await ticked()
    expect(api.callsOf('jobs.list')).toHaveLength(2)
  })

  it('moves a finished job to the finished list and keeps its curve; clearing drops both', async () => {
    const jobs = useJobs()
    await jobs.start()
    api.emit('jobs.progress', { ...info(2, 2), newEpochs: packEpochs(epochs(2)) })
    api.emit('jobs.finished', { runId: 2, status: 'completed', error: null, divergedAtEpoch: null })
    await ticked()
    expect(jobs.jobs).toHaveLength(0)
    expect(jobs.finished.map((f) => [f.runId, f.status])).toEqual([[2, 'completed']])
    expect(jobs.liveSeries.map((s) => s.id)).toEqual([2])
    expect(useNotifications().notices).toHaveLength(0)
    jobs.clearFinished()
    expect(jobs.liveSeries).toHaveLength(0)
  })

  it('shows what events change in one tick: the first at once, a burst together, at most one tick a period', async () => {
    const jobs = useJobs()
    await jobs.start()
    const tick = vi.spyOn(liveClock, 'request')
    api.emit('jobs.progress', { ...info(3, 1), newEpochs: packEpochs(epochs(1)) })
    // the epochs are kept at once; the row waits for the tick, the next animation frame after a quiet spell
    expect(jobs.epochsOf(3)?.epochs).toHaveLength(1)
    expect(jobs.jobs).toHaveLength(0)
    await ticked()
    expect(jobs.jobs.map((j) => j.epoch)).toEqual([1])
    const revision = jobs.revision
    const t0 = performance.now()
    for (let e = 2; e <= 6; e++) api.emit('jobs.progress', { ...info(3, e), newEpochs: packEpochs(epochs(e).slice(e - 1)) })
    expect(jobs.liveSeries[0].series).toHaveLength(6)
    expect(jobs.jobs[0].epoch).toBe(1)
    await ticked()
    // five events, one tick, not before the clock's period since the last one
    expect(performance.now() - t0).toBeGreaterThanOrEqual(MIN_PERIOD_MS - 50)
    expect(jobs.jobs[0].epoch).toBe(6)
    expect(jobs.revision).toBe(revision + 1)
    expect(tick).toHaveBeenCalled()
    // a job's last event and its end in one tick: the finished list records the job as it last was
    api.emit('jobs.progress', { ...info(3, 7), newEpochs: packEpochs(epochs(7).slice(6)) })
    api.emit('jobs.finished', { runId: 3, status: 'completed', error: null, divergedAtEpoch: null })
    await ticked()
    expect(jobs.jobs).toHaveLength(0)
    expect(jobs.finished[0].epoch).toBe(7)
  })

  it('paces the ticks by every run the charts will draw, queued ones included, from the first tick', async () => {
    // 25 runs, 2 running: the period is the 25 lines' from the start, not stretched run by run as they end
    api.jobs = Array.from({ length: 25 }, (_, i) => ({ ...info(i + 1, 0), status: i < 2 ? ('running' as const) : ('queued' as const) }))
    const jobs = useJobs()
    await jobs.start()
    api.emit('jobs.progress', { ...info(1, 1), newEpochs: packEpochs(epochs(1)) })
    await ticked()
    expect(liveClock.periodMs).toBe(Math.min(LINES_FLOOR_MS, 25 * PERIOD_PER_LINE_MS))
    expect(liveClock.periodMs).toBeGreaterThan(2 * PERIOD_PER_LINE_MS)
  })

  it('keeps the end of a run whose only event came in the same tick, or after a refresh dropped its row', async () => {
    const jobs = useJobs()
    await jobs.start()
    api.emit('jobs.progress', { ...info(8, 1), newEpochs: packEpochs(epochs(1)) })
    api.emit('jobs.finished', { runId: 8, status: 'diverged', error: 'loss is NaN', divergedAtEpoch: 1 })
    await ticked()
    expect(jobs.finished.map((f) => [f.runId, f.status, f.epoch])).toEqual([[8, 'diverged', 1]])
    expect(useNotifications().notices[0].title).toBe('Run diverged')
  })

  it('keeps a study of a hundred finished runs on the charts, their long traces thinned', async () => {
    const jobs = useJobs()
    await jobs.start()
    for (let id = 1; id <= 100; id++) {
      api.emit('jobs.progress', { ...info(id, 2000), epochs: 2000, newEpochs: packEpochs(epochs(2000)) })
      api.emit('jobs.finished', { runId: id, status: 'completed', error: null, divergedAtEpoch: null })
    }
    await ticked()
    expect(jobs.finished).toHaveLength(100)
    expect(jobs.liveRuns).toHaveLength(100)
    const trace = jobs.epochsOf(1)!
    expect(trace.epochs.length).toBeLessThan(2000)
    expect(trace.epochs.at(-1)!.epoch).toBe(2000)
  })

  it('tells the user when a cancel came too late', async () => {
    const jobs = useJobs()
    await jobs.cancel(42)
    expect(useNotifications().notices[0]).toMatchObject({ kind: 'info', title: 'Run 42 was not cancelled' })
  })
})
