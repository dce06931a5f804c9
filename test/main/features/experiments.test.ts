import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Router } from '../../../src-main/ipc/router'
import type { LabContext } from '../../../src-main/ipc/context'
import { setupExperiments } from '../../../src-main/features/experiments'
import { experiment, recordingJobs, testLab } from '../jobs/fakes'

let lab: ReturnType<typeof testLab>
let router: Router
let queued: number[][]

beforeEach(() => {
  lab = testLab()
  const recording = recordingJobs()
  queued = recording.queued
  router = new Router({ checkResponses: true })
  const ctx: LabContext = {
    router,
    events: lab.events,
    store: lab.store,
    jobs: recording.jobs,
    info: { version: 'test', transport: 'browser', dbPath: ':memory:', cores: 1, backends: [] }
  }
  setupExperiments(ctx)
})
afterEach(() => lab.store.close())

describe('experiments.run over the router', () => {
  it('stores and queues a valid experiment', async () => {
    const res = await router.dispatch('experiments.run', JSON.parse(JSON.stringify(experiment())))
    expect(res).toMatchObject({ ok: true, value: { experimentId: 1, runIds: [1, 2, 3] } })
    expect(queued).toEqual([[1, 2, 3]])
  })

  it('answers an invalid payload with a typed error naming the field, and stores nothing', async () => {
    const bad = {
      ...(JSON.parse(JSON.stringify(experiment())) as Record<string, unknown>),
      training: { epochs: 5, batchSize: 0, optimizer: { kind: 'adam' } }
    }
    const res = await router.dispatch('experiments.run', bad)
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid', field: 'training.batchSize' } })
    const guard = {
      ...(JSON.parse(JSON.stringify(experiment())) as Record<string, unknown>),
      problem: { ...experiment().problem, ops: ['div'], divGuard: 50 }
    }
    expect(await router.dispatch('experiments.run', guard)).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'problem.train.range' }
    })
    expect(queued).toEqual([])
  })
})
