import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { packEpochs, type JobProgress, type StudySeries, type StudySummary } from '@shared/domain'
import { setApi } from '../../../src-renderer/api'
import { useStudy } from '../../../src-renderer/stores/study'
import { FakeLab } from '../support/fakeApi'

const summary = {
  experimentId: 1,
  name: 's',
  preset: null,
  op: null,
  schedule: 'iterations',
  length: 1000,
  seeds: [0],
  progress: {
    total: 1,
    done: 0,
    missing: 0,
    etaMs: null,
    byStatus: { queued: 0, running: 1, completed: 0, diverged: 0, cancelled: 0, interrupted: 0, failed: 0 }
  },
  groups: [],
  interval: 'wilson-95'
} satisfies StudySummary
const series: StudySeries = { experimentId: 1, metric: 'extrapMse', unit: 'iteration', stride: 1, groups: [] }
const progress = (experimentId: number): JobProgress => ({
  runId: 1,
  experimentId,
  experimentName: 's',
  model: 'nau',
  seed: 0,
  status: 'running',
  epoch: 0,
  epochs: 1000,
  elapsedMs: 0,
  etaMs: null,
  newEpochs: packEpochs([])
})

let api: FakeLab
beforeEach(() => {
  vi.useFakeTimers()
  api = new FakeLab()
  api.studies.set(1, { summary, series })
  setApi(api)
  setActivePinia(createPinia())
})
afterEach(() => vi.useRealTimers())

const count = () => [api.callsOf('studies.summary').length, api.callsOf('studies.series').length]

describe('study store', () => {
  it('follows its own experiment: the summary soon after progress, the curves when a run ends or now and then', async () => {
    const study = useStudy()
    await study.open(1)
    expect(count()).toEqual([1, 1])
    api.emit('jobs.progress', progress(2))
    await vi.advanceTimersByTimeAsync(2000)
    expect(count()).toEqual([1, 1])
    api.emit('jobs.progress', progress(1))
    api.emit('jobs.progress', progress(1))
    await vi.advanceTimersByTimeAsync(2000)
    expect(count()).toEqual([2, 1])
    api.emit('runs.changed', { reason: 'finished' })
    await vi.advanceTimersByTimeAsync(2000)
    expect(count()).toEqual([3, 2])
    await vi.advanceTimersByTimeAsync(15_000)
    api.emit('jobs.progress', progress(1))
    await vi.advanceTimersByTimeAsync(2000)
    expect(count()).toEqual([4, 3])
    study.close()
    api.emit('runs.changed', { reason: 'finished' })
    await vi.advanceTimersByTimeAsync(2000)
    expect(count()).toEqual([4, 3])
    expect(api.listenerCount('jobs.progress')).toBe(0)
  })

  it('keeps the page’s data and shows the error when a refresh fails', async () => {
    const study = useStudy()
    await study.open(1)
    api.failures.set('studies.summary', { code: 'database', message: 'database is locked' })
    await study.load()
    expect(study.summary).toEqual(summary)
    expect(study.error).toMatchObject({ title: 'Database error', message: 'database is locked' })
  })
})
