import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Router } from '../../../src-main/ipc/router'
import type { LabContext } from '../../../src-main/ipc/context'
import { createJobQueue } from '../../../src-main/jobs'
import type { JobQueue } from '../../../src-main/jobs/types'
import { setupJobs } from '../../../src-main/features/jobs'
import { createRuns, ENV, experiment, fakeSpawner, testLab } from '../jobs/fakes'

let lab: ReturnType<typeof testLab>
let router: Router
let queue: JobQueue
let fake: ReturnType<typeof fakeSpawner>

beforeEach(() => {
  lab = testLab()
  fake = fakeSpawner()
  queue = createJobQueue({ store: lab.store, events: lab.events, spawn: fake.spawn, concurrency: 1, log: () => {} })
  router = new Router({ checkResponses: true })
  const ctx: LabContext = {
    router,
    events: lab.events,
    store: lab.store,
    jobs: queue,
    info: { version: 'test', transport: 'browser', dbPath: ':memory:', cores: 1, backends: [] }
  }
  setupJobs(ctx)
})
afterEach(async () => {
  await queue.close()
  lab.store.close()
})

describe('jobs.list and jobs.cancel over the router', () => {
  it('lists queued and running jobs and cancels them', async () => {
    const ids = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }], seeds: [1, 2] }))
    queue.enqueue(ids)
    fake.workers[0].say({ type: 'ready' })
    fake.workers[0].say({ type: 'started', runId: ids[0], env: ENV })
    const listed = await router.dispatch('jobs.list', {})
    expect(listed).toMatchObject({
      ok: true,
      value: [
        { runId: ids[0], status: 'running', model: 'nac', seed: 1, epochs: 5 },
        { runId: ids[1], status: 'queued', seed: 2 }
      ]
    })
    expect(await router.dispatch('jobs.cancel', { runId: ids[1] })).toEqual({ ok: true, value: { cancelled: true } })
    expect(await router.dispatch('jobs.cancel', { runId: ids[1] })).toEqual({ ok: true, value: { cancelled: false } })
    expect(await router.dispatch('jobs.cancel', { runId: ids[0] })).toEqual({ ok: true, value: { cancelled: true } })
    expect(fake.workers[0].killed).toBe(true)
    expect(await router.dispatch('jobs.list', {})).toEqual({ ok: true, value: [] })
    expect(await router.dispatch('jobs.cancel', { runId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid', field: 'runId' } })
  })
})

describe('jobs.watchWeights over the router', () => {
  it('passes a watch lease to the running run’s process and refuses a lease that is not a bounded whole number of ms', async () => {
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    fake.workers[0].say({ type: 'ready' })
    fake.workers[0].say({ type: 'started', runId: id, env: ENV })
    expect(await router.dispatch('jobs.watchWeights', { runId: id, ms: 5000 })).toEqual({ ok: true, value: { watching: true } })
    expect(fake.workers[0].received.at(-1)).toEqual({ type: 'watch', runId: id, ms: 5000 })
    expect(await router.dispatch('jobs.watchWeights', { runId: id + 1, ms: 5000 })).toEqual({ ok: true, value: { watching: false } })
    expect(await router.dispatch('jobs.watchWeights', { runId: id, ms: 600_000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'ms' }
    })
    expect(await router.dispatch('jobs.watchWeights', { runId: id, ms: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'ms' }
    })
  })
})
