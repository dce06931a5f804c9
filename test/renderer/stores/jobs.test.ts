import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { isProxy } from 'vue'
import type { JobInfo } from '@shared/domain'
import { setApi } from '../../../src-renderer/api'
import { useJobs } from '../../../src-renderer/stores/jobs'
import { useNotifications } from '../../../src-renderer/stores/notifications'
import { FakeLab } from '../support/fakeApi'
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
})

describe('jobs store', () => {
  it('merges stored epochs under the live ones without duplicates or gaps', async () => {
    api.jobs = [info(1, 4)]
    api.runs = [makeRun({ id: 1, series: epochs(4) })]
    const jobs = useJobs()
    const subscribed = jobs.start()
    // epochs 4–6 arrive while the stored 1–4 are still on their way
    jobs.onProgress({ ...info(1, 6), newEpochs: epochs(6).slice(3) })
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

  it('moves a finished job to the finished list and keeps its curve; clearing drops both', async () => {
    const jobs = useJobs()
    await jobs.start()
    api.emit('jobs.progress', { ...info(2, 2), newEpochs: epochs(2) })
    api.emit('jobs.finished', { runId: 2, status: 'completed', error: null, divergedAtEpoch: null })
    expect(jobs.jobs).toHaveLength(0)
    expect(jobs.finished.map((f) => [f.runId, f.status])).toEqual([[2, 'completed']])
    expect(jobs.liveSeries.map((s) => s.id)).toEqual([2])
    expect(useNotifications().notices).toHaveLength(0)
    jobs.clearFinished()
    expect(jobs.liveSeries).toHaveLength(0)
  })

  it("updates a running job's row a few times a second, shows a new job or a new status at once", async () => {
    const jobs = useJobs()
    await jobs.start()
    api.emit('jobs.progress', { ...info(3, 1), newEpochs: epochs(1) })
    expect(jobs.jobs.map((j) => j.epoch)).toEqual([1])
    for (let e = 2; e <= 6; e++) api.emit('jobs.progress', { ...info(3, e), newEpochs: epochs(e).slice(e - 1) })
    // the curve has every epoch already; the row catches up within a quarter second
    expect(jobs.liveSeries[0].series).toHaveLength(6)
    expect(jobs.jobs[0].epoch).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(jobs.jobs[0].epoch).toBe(6)
    // the finished list records the job as it last was, even between two row updates
    api.emit('jobs.progress', { ...info(3, 7), newEpochs: epochs(7).slice(6) })
    api.emit('jobs.finished', { runId: 3, status: 'completed', error: null, divergedAtEpoch: null })
    expect(jobs.finished[0].epoch).toBe(7)
    await new Promise((r) => setTimeout(r, 300))
    expect(jobs.jobs).toHaveLength(0)
  })

  it('tells the user when a cancel came too late', async () => {
    const jobs = useJobs()
    await jobs.cancel(42)
    expect(useNotifications().notices[0]).toMatchObject({ kind: 'info', title: 'Run 42 was not cancelled' })
  })
})
