import { describe, expect, it } from 'vitest'
import { EventHub } from '../../../src-main/ipc/events'
import { createJobQueue } from '../../../src-main/jobs'
import { openStore } from '../../../src-main/store'
import { createRuns, ENV, epoch, experiment, fakeSpawner } from '../jobs/fakes'

describe('EventHub', () => {
  it('checks payloads against the contract when strict', () => {
    const hub = new EventHub(true)
    expect(() => hub.emit('runs.changed', { reason: 'exploded' } as never)).toThrow()
  })

  it('keeps delivering to the other listeners when one throws, and logs it', () => {
    const logged: string[] = []
    const hub = new EventHub(true, (m) => logged.push(m))
    const got: unknown[] = []
    hub.subscribe(() => {
      throw new Error('Object has been destroyed')
    })
    hub.subscribe((channel, payload) => got.push([channel, payload]))
    expect(() => hub.emit('runs.changed', { reason: 'created' })).not.toThrow()
    expect(got).toEqual([['runs.changed', { reason: 'created' }]])
    expect(logged).toEqual(['a runs.changed listener failed: Object has been destroyed'])
  })

  it('a failing listener does not end a training run', () => {
    const store = openStore(':memory:')
    const events = new EventHub(true, () => {})
    events.subscribe(() => {
      throw new Error('window gone')
    })
    const fake = fakeSpawner()
    const queue = createJobQueue({ store, events, spawn: fake.spawn, concurrency: 1, log: () => {} })
    const [id] = createRuns(store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    const w = fake.workers[0]
    w.say({ type: 'ready' })
    w.say({ type: 'started', runId: id, env: ENV })
    w.say({ type: 'epochs', runId: id, epochs: [epoch(1), epoch(2)] })
    expect(w.killed).toBe(false)
    w.say({ type: 'done', runId: id, status: 'completed', error: null, divergedAtEpoch: null, final: null, weights: null })
    expect(store.getRun(id)).toMatchObject({ status: 'completed', epochsDone: 2, error: null })
    void queue.close()
    store.close()
  })
})
