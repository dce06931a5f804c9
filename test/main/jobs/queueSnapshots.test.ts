import { describe, expect, it } from 'vitest'
import type { LearnedWeights } from '@shared/domain'
import { createRuns, ENV, experiment } from './fakes'
import { useQueueLab } from './queueLab'

const t = useQueueLab(1)

const weights = (v: number): LearnedWeights => ({
  units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 1, cols: 2, data: [v, -v] }] }]
})

describe('weight snapshots through the job queue', () => {
  it('keeps the stored ones for replay and sends every one on as jobs.weights', () => {
    const [id] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    t.queue.enqueue([id])
    const w = t.fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: id, env: ENV })
    w.say({ type: 'weights', runId: id, step: 0, stored: true, weights: weights(0.25) })
    w.say({ type: 'weights', runId: id, step: 3, stored: false, weights: weights(0.5) })
    w.say({ type: 'weights', runId: id, step: 4, stored: true, weights: weights(0.75) })
    expect(t.lab.store.snapshots.list(id).map((s) => [s.step, s.weights.units[0].matrices[0].data])).toEqual([
      [0, [0.25, -0.25]],
      [4, [0.75, -0.75]]
    ])
    const live = t.lab.log.filter((e) => e.channel === 'jobs.weights').map((e) => e.payload as { step: number; stored: boolean })
    expect(live.map((e) => [e.step, e.stored])).toEqual([
      [0, true],
      [3, false],
      [4, true]
    ])
  })

  it('replays a run trained again from its new start', () => {
    const [id] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    t.lab.store.snapshots.save(id, 7, weights(0.9))
    t.queue.enqueue([id])
    const w = t.fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: id, env: ENV })
    expect(t.lab.store.snapshots.list(id)).toEqual([])
  })
})
