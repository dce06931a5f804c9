import { describe, expect, it } from 'vitest'
import { JobProgress, unpackEpochs } from '@shared/domain'
import { createRuns, ENV, epoch, experiment, type FakeWorker } from './fakes'
import { useQueueLab } from './queueLab'

const t = useQueueLab(2)

const status = (id: number) => t.lab.store.getRun(id)?.status
const events = (channel: string) => t.lab.log.filter((e) => e.channel === channel).map((e) => e.payload)

function start(w: FakeWorker) {
  w.say({ type: 'ready' })
  const runId = w.job?.runId as number
  w.say({ type: 'started', runId, env: ENV })
  return runId
}

describe('job queue', () => {
  it('runs at most `concurrency` processes, longest job first, the rest queued', () => {
    const ids = createRuns(t.lab.store, experiment())
    t.queue.enqueue(ids)
    expect(t.fake.workers).toHaveLength(2)
    // nothing is sent before the process says it is ready
    expect(t.fake.workers[0].received).toEqual([])
    t.fake.workers.forEach((w) => w.say({ type: 'ready' }))
    // the NALU (three products per weight) goes first, then the two single-product models
    expect(t.fake.workers.map((w) => w.job?.model)).toEqual(['nalu(article)', 'vanilla'])
    expect(t.queue.list().map((j) => [j.model, j.status])).toEqual([
      ['nalu(article)', 'running'],
      ['vanilla', 'running'],
      ['nac', 'queued']
    ])
  })

  it('stores epochs as they arrive and sends each batch on at once, every epoch in it', () => {
    // the training process batches them (at most one message per PROGRESS_INTERVAL_MS, runJob.test.ts):
    // the queue adds no second delay
    const [id] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    t.queue.enqueue([id])
    start(t.fake.workers.at(-1)!)
    const w = t.fake.workers.at(-1)!
    expect(status(id)).toBe('running')
    const progress = () => (events('jobs.progress') as JobProgress[]).filter((p) => p.newEpochs.points > 0)
    const sent = () => progress().map((p) => unpackEpochs(JobProgress.parse(p).newEpochs))
    w.say({ type: 'epochs', runId: id, epochs: [epoch(1)] })
    w.say({ type: 'epochs', runId: id, epochs: [epoch(2), epoch(3), epoch(4)] })
    expect(t.lab.store.getRun(id)?.series.map((e) => e.epoch)).toEqual([1, 2, 3, 4])
    expect(sent().map((b) => b.map((e) => e.epoch))).toEqual([[1], [2, 3, 4]])
    // per-output losses go with each batch's newest epoch only; the store keeps every epoch's
    expect(sent().map((b) => b.map((e) => e.perOutput.interp.length))).toEqual([[3], [0, 0, 3]])
    expect(sent()[1][2]).toEqual(epoch(4))
    expect(sent()[1][0]).toEqual({ ...epoch(2), perOutput: { interp: [], extrap: [] } })
    expect(t.lab.store.getRun(id)?.series[1].perOutput.interp).toHaveLength(3)
    expect(progress().at(-1)).toMatchObject({ runId: id, epoch: 4, epochs: 5, status: 'running' })
    expect(t.queue.list()[0].etaMs).toBeGreaterThanOrEqual(0)
  })

  it('stores the end of a run, announces it, and gives the process the next job', () => {
    const ids = createRuns(t.lab.store, experiment())
    t.queue.enqueue(ids)
    const [w] = t.fake.workers
    const runId = start(w)
    w.say({ type: 'epochs', runId, epochs: [epoch(1), epoch(2)] })
    w.say({
      type: 'done',
      runId,
      status: 'completed',
      error: null,
      divergedAtEpoch: null,
      final: { trainMse: 5, interpMse: 10, extrapMse: 15, success: [true, false, false], thresholds: [1, 1, 1] },
      weights: { units: [] }
    })
    expect(status(runId)).toBe('completed')
    expect(t.lab.store.getRun(runId)?.final?.success).toEqual([true, false, false])
    expect(events('jobs.finished')).toContainEqual({ runId, status: 'completed', error: null, divergedAtEpoch: null })
    expect(events('runs.changed')).toContainEqual({ reason: 'finished' })
    // the third job goes to the freed process, no new one is started
    expect(t.fake.workers).toHaveLength(2)
    expect(w.job?.model).toBe('nac')
  })

  it('stores a diverged run with the epoch it diverged at', () => {
    const [id] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'linear' }] }] }))
    t.queue.enqueue([id])
    start(t.fake.workers[0])
    t.fake.workers[0].say({ type: 'epochs', runId: id, epochs: [epoch(1)] })
    t.fake.workers[0].say({
      type: 'done',
      runId: id,
      status: 'diverged',
      error: 'Training diverged at epoch 2: the training loss became NaN',
      divergedAtEpoch: 2,
      final: null,
      weights: null
    })
    expect(t.lab.store.getRun(id)).toMatchObject({
      status: 'diverged',
      divergedAtEpoch: 2,
      epochsDone: 1,
      error: expect.stringMatching(/epoch 2/)
    })
  })

  it('cancels a queued job at once and a running one by ending its process, keeping its epochs', () => {
    const ids = createRuns(t.lab.store, experiment())
    t.queue.enqueue(ids)
    const queuedId = t.queue.list().find((j) => j.status === 'queued')?.runId as number
    expect(t.queue.cancel(queuedId)).toBe(true)
    expect(status(queuedId)).toBe('cancelled')

    const w = t.fake.workers[0]
    const runId = start(w)
    w.say({ type: 'epochs', runId, epochs: [epoch(1), epoch(2)] })
    expect(t.queue.cancel(runId)).toBe(true)
    expect(w.killed).toBe(true)
    expect(t.lab.store.getRun(runId)).toMatchObject({ status: 'cancelled', epochsDone: 2 })
    expect(events('jobs.finished')).toContainEqual({ runId, status: 'cancelled', error: null, divergedAtEpoch: null })
    // whatever the killed process still says is ignored
    w.say({ type: 'epochs', runId, epochs: [epoch(3)] })
    expect(t.lab.store.getRun(runId)?.epochsDone).toBe(2)
    expect(t.queue.cancel(runId)).toBe(false)
    expect(t.queue.list().map((j) => j.runId)).not.toContain(runId)
  })

  it('fails a run cleanly when its process dies, and carries on with the queue', () => {
    const ids = createRuns(t.lab.store, experiment())
    t.queue.enqueue(ids)
    const [w] = t.fake.workers
    const runId = start(w)
    w.say({ type: 'epochs', runId, epochs: [epoch(1)] })
    w.exit(3)
    expect(t.lab.store.getRun(runId)).toMatchObject({
      status: 'failed',
      epochsDone: 1,
      error: 'The training process exited with code 3 before the run ended (epoch 1 of 5 stored)'
    })
    // a fresh process takes the queued job
    expect(t.fake.workers).toHaveLength(3)
  })

  it('fails a run its process could not run, with the process’s reason', () => {
    const [id] = createRuns(t.lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    t.queue.enqueue([id])
    t.fake.workers[0].say({ type: 'ready' })
    t.fake.workers[0].say({ type: 'failed', runId: id, error: 'The tfjs wasm backend failed to initialise' })
    expect(t.lab.store.getRun(id)).toMatchObject({ status: 'failed', error: 'The tfjs wasm backend failed to initialise' })
  })

  it('resolves idle() when every job has ended; close() stores what is left as interrupted', async () => {
    const ids = createRuns(t.lab.store, experiment())
    t.queue.enqueue(ids)
    let idle = false
    void t.queue.idle().then(() => (idle = true))
    const runId = start(t.fake.workers[0])
    t.fake.workers[0].say({ type: 'done', runId, status: 'completed', error: null, divergedAtEpoch: null, final: null, weights: null })
    await Promise.resolve()
    expect(idle).toBe(false)
    await t.queue.close()
    await Promise.resolve()
    expect(idle).toBe(true)
    // nobody cancelled them: the app shut down, which the history must not pass off as a cancel
    expect(ids.map(status).sort()).toEqual(['completed', 'interrupted', 'interrupted'])
    expect(ids.map((id) => t.lab.store.getRun(id)?.error).filter(Boolean)).toEqual(
      Array(2).fill('Interrupted: NALU Lab shut down before the run ended (epoch 0 of 5 stored).')
    )
    expect(t.fake.workers.every((w) => w.killed)).toBe(true)
    expect(() => t.queue.enqueue(ids)).toThrow(/closed/)
  })

  it('refuses to queue a run that does not exist', () => {
    expect(() => t.queue.enqueue([999])).toThrow(/Run 999 does not exist/)
  })
})
