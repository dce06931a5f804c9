import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LearnedWeights } from '@shared/domain'
import { createJobQueue } from '../../../src-main/jobs'
import { HOLD_MS } from '../../../src-main/jobs/heldSnapshots'
import { packWeights } from '../../../src-main/training/packedWeights'
import { createRuns, ENV, epoch, experiment, fakeSpawner, testLab } from './fakes'
import { useQueueLab } from './queueLab'

const t = useQueueLab(1)

const weights = (v: number): LearnedWeights => ({
  units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 1, cols: 2, data: [v, -v] }] }]
})
/** as a training process sends them */
const packed = (v: number) => packWeights(weights(v))

afterEach(() => vi.useRealTimers())

/** One NAC run queued and started on the fake training process. */
function startedNacRun() {
  const [id] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
  t.queue.enqueue([id])
  const w = t.fake.workers[0]
  w.say({ type: 'ready' })
  w.say({ type: 'started', runId: id, env: ENV })
  return { id, w }
}

const steps = (id: number) => t.lab.store.snapshots.list(id).map((s) => s.step)

describe('weight snapshots through the job queue', () => {
  it('keeps the stored ones for replay, and sends snapshots on as jobs.weights only while a view watches the run', () => {
    const { id, w } = startedNacRun()
    // nobody watches: stored, not broadcast (a study's pages never asked for these)
    w.say({ type: 'weights', runId: id, step: 0, stored: true, weights: packed(0.25) })
    expect(t.queue.watchWeights(id, 60_000)).toBe(true)
    w.say({ type: 'weights', runId: id, step: 3, stored: false, weights: packed(0.5) })
    w.say({ type: 'weights', runId: id, step: 4, stored: true, weights: packed(0.75) })
    // the view went away: stored again without an event
    t.queue.watchWeights(id, 0)
    w.say({ type: 'weights', runId: id, step: 8, stored: true, weights: packed(1) })
    // held until the epochs they came with are written: one transaction for both
    expect(steps(id)).toEqual([])
    w.say({ type: 'epochs', runId: id, epochs: [epoch(1), epoch(2)] })
    expect(t.lab.store.getRun(id)?.series?.map((e) => e.epoch)).toEqual([1, 2])
    expect(t.lab.store.snapshots.list(id).map((s) => [s.step, s.weights.units[0].matrices[0].data])).toEqual([
      [0, [0.25, -0.25]],
      [4, [0.75, -0.75]],
      [8, [1, -1]]
    ])
    const live = t.lab.log.filter((e) => e.channel === 'jobs.weights').map((e) => e.payload as { step: number; stored: boolean })
    expect(live.map((e) => [e.step, e.stored])).toEqual([
      [3, false],
      [4, true]
    ])
  })

  it('stores the snapshots that come with an epochs message with those epochs, alone or after held ones', () => {
    const { id, w } = startedNacRun()
    w.say({ type: 'weights', runId: id, step: 0, stored: true, weights: packed(0.25) })
    w.say({
      type: 'epochs',
      runId: id,
      epochs: [epoch(1), epoch(2)],
      snapshots: [
        { step: 1, weights: packed(0.5) },
        { step: 2, weights: packed(0.75) }
      ]
    })
    expect(t.lab.store.getRun(id)?.series?.map((e) => e.epoch)).toEqual([1, 2])
    expect(t.lab.store.snapshots.list(id).map((s) => [s.step, s.weights.units[0].matrices[0].data])).toEqual([
      [0, [0.25, -0.25]],
      [1, [0.5, -0.5]],
      [2, [0.75, -0.75]]
    ])
    // no epochs, only snapshots (the last ones of a run): stored all the same
    w.say({ type: 'epochs', runId: id, epochs: [], snapshots: [{ step: 3, weights: packed(1) }] })
    expect(steps(id)).toEqual([0, 1, 2, 3])
    // nobody watched: none of them was broadcast
    expect(t.lab.log.filter((e) => e.channel === 'jobs.weights')).toEqual([])
  })

  it('logs and skips a snapshot whose values do not match its shapes, and the run and its epochs go on', () => {
    const lab = testLab()
    const fake = fakeSpawner()
    const logged: string[] = []
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: fake.spawn, concurrency: 1, log: (m) => logged.push(m) })
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    const w = fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: id, env: ENV })
    queue.watchWeights(id, 60_000)
    w.say({ type: 'weights', runId: id, step: 1, stored: true, weights: { ...packed(0.5), values: new Float32Array(3) } })
    w.say({ type: 'weights', runId: id, step: 2, stored: true, weights: packed(0.5) })
    w.say({ type: 'epochs', runId: id, epochs: [epoch(1), epoch(2)] })
    expect(lab.store.snapshots.list(id).map((s) => s.step)).toEqual([2])
    expect(lab.store.getRun(id)?.epochsDone).toBe(2)
    expect(logged.filter((m) => m.startsWith(`run ${id}: weight snapshot at step 1 unreadable`))).toHaveLength(2)
    expect(lab.log.filter((e) => e.channel === 'jobs.weights')).toHaveLength(1)
    expect(queue.list()[0]).toMatchObject({ runId: id, status: 'running' })
    void queue.close()
    lab.store.close()
  })

  it('writes held snapshots alone when no epochs come within HOLD_MS, and at the run’s end however it ends', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const [a, b] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }], seeds: [1, 2] }))
    t.queue.enqueue([a])
    const w = t.fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: a, env: ENV })
    w.say({ type: 'weights', runId: a, step: 0, stored: true, weights: packed(0.25) })
    vi.advanceTimersByTime(HOLD_MS - 1)
    expect(steps(a)).toEqual([])
    vi.advanceTimersByTime(1)
    expect(steps(a)).toEqual([0])
    // a live-only snapshot is never stored
    w.say({ type: 'weights', runId: a, step: 1, stored: false, weights: packed(0.5) })
    w.say({ type: 'weights', runId: a, step: 2, stored: true, weights: packed(0.5) })
    w.say({ type: 'done', runId: a, status: 'completed', error: null, divergedAtEpoch: null, final: null, weights: null })
    expect(steps(a)).toEqual([0, 2])
    // a training process that dies: what it sent is kept
    t.queue.enqueue([b])
    const v = t.fake.workers.at(-1)!
    if (v !== w) v.say({ type: 'ready' })
    v.say({ type: 'started', runId: b, env: ENV })
    v.say({ type: 'weights', runId: b, step: 0, stored: true, weights: packed(1) })
    v.exit(1)
    expect(steps(b)).toEqual([0])
    expect(t.lab.store.getRun(b)?.status).toBe('failed')
  })

  it('passes a view’s request to watch a run’s weights to the process running it, and only to it', () => {
    const [a, b] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }], seeds: [1, 2] }))
    t.queue.enqueue([a, b])
    const w = t.fake.workers[0]
    // not listening yet: nothing to tell
    expect(t.queue.watchWeights(a, 5000)).toBe(false)
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: a, env: ENV })
    expect(t.queue.watchWeights(a, 5000)).toBe(true)
    expect(t.queue.watchWeights(a, 0)).toBe(true)
    // b is still queued (concurrency 1), and 99 does not exist
    expect(t.queue.watchWeights(b, 5000)).toBe(false)
    expect(t.queue.watchWeights(99, 5000)).toBe(false)
    expect(w.received.filter((m) => m.type === 'watch')).toEqual([
      { type: 'watch', runId: a, ms: 5000 },
      { type: 'watch', runId: a, ms: 0 }
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
