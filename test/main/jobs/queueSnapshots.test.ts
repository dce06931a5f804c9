import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LearnedWeights } from '@shared/domain'
import { createJobQueue } from '../../../src-main/jobs'
import type { JobQueue } from '../../../src-main/jobs/types'
import { createRuns, ENV, experiment, fakeSpawner, testLab } from './fakes'

let lab: ReturnType<typeof testLab>
let fake: ReturnType<typeof fakeSpawner>
let queue: JobQueue

beforeEach(() => {
  lab = testLab()
  fake = fakeSpawner()
  queue = createJobQueue({ store: lab.store, events: lab.events, spawn: fake.spawn, concurrency: 1, log: () => {} })
})
afterEach(async () => {
  await queue.close()
  lab.store.close()
})

const weights = (v: number): LearnedWeights => ({
  units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 1, cols: 2, data: [v, -v] }] }]
})

describe('weight snapshots through the job queue', () => {
  it('keeps the stored ones for replay and sends every one on as jobs.weights', () => {
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    const w = fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: id, env: ENV })
    w.say({ type: 'weights', runId: id, step: 0, stored: true, weights: weights(0.25) })
    w.say({ type: 'weights', runId: id, step: 3, stored: false, weights: weights(0.5) })
    w.say({ type: 'weights', runId: id, step: 4, stored: true, weights: weights(0.75) })
    expect(lab.store.snapshots.list(id).map((s) => [s.step, s.weights.units[0].matrices[0].data])).toEqual([
      [0, [0.25, -0.25]],
      [4, [0.75, -0.75]]
    ])
    const live = lab.log.filter((e) => e.channel === 'jobs.weights').map((e) => e.payload as { step: number; stored: boolean })
    expect(live.map((e) => [e.step, e.stored])).toEqual([
      [0, true],
      [3, false],
      [4, true]
    ])
  })

  it('replays a run trained again from its new start', () => {
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    lab.store.snapshots.save(id, 7, weights(0.9))
    queue.enqueue([id])
    const w = fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: id, env: ENV })
    expect(lab.store.snapshots.list(id)).toEqual([])
  })
})
