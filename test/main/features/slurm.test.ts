import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setupSlurm, type SlurmFeature } from '../../../src-main/features/slurm'
import type { LabContext } from '../../../src-main/ipc/context'
import { Plan, readJson, taskFile, writeAtomic } from '../../../src-main/slurm/shardDir'
import { submitExperiment, type Submitted } from '../../../src-main/slurm/submit'
import { openStore, type LabStore } from '../../../src-main/store'
import { FakeCluster } from '../../helpers/slurmFake'
import { strictContext } from '../../helpers/strictContext'
import { experiment } from '../jobs/fakes'
import { tempDir } from '../store/fixtures'
import { invoker } from '../../helpers/invoke'

let tmp: ReturnType<typeof tempDir>
let store: LabStore
let ctx: LabContext
let events: { channel: string; payload: unknown }[]
let cluster: FakeCluster
let feature: SlurmFeature | null
let sent: Submitted

beforeEach(async () => {
  tmp = tempDir('nalu-slurm-feature-')
  store = openStore(join(tmp.dir, 'lab.db'))
  ;({ ctx, events } = strictContext(store))
  cluster = new FakeCluster()
  feature = null
  // 3 models × 2 seeds over 3 array tasks of job 100
  const spec = experiment({ name: 'Slurm study', seeds: [1, 2], training: { epochs: 6, batchSize: 32, optimizer: { kind: 'adam' } } })
  sent = await submitExperiment(store, cluster, spec, { runsPerTask: 2 })
})
afterEach(async () => {
  await feature?.stop()
  store.close()
  tmp.cleanup()
})

const { call, ok } = invoker(() => ctx.router)

/** What a running task reports in its folder: its first run at `n` epochs, the second still queued. */
function report(task: number, n: number): void {
  const plan = readJson(join(sent.dir, 'plan.json'), Plan) as Plan
  const [a, b] = plan.tasks[task]
  const runs = { [a.uid]: { status: 'running', epochsDone: n }, [b.uid]: { status: 'queued', epochsDone: 0 } }
  writeAtomic(taskFile(sent.dir, task, 'progress.json'), JSON.stringify({ updatedAt: new Date().toISOString(), done: false, runs }))
}

const polls = () => events.filter((e) => e.channel === 'slurm.polled').length
async function nextPoll(): Promise<void> {
  const seen = polls()
  for (let t = 0; polls() === seen; t++) {
    if (t > 200) throw new Error('the app never asked Slurm')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('studies on Slurm in the app', () => {
  it("asks Slurm while runs are out: the task's state and steps, job id, and runs.changed when they move", async () => {
    feature = setupSlurm(ctx, { cluster, available: true, intervalMs: 20 })
    cluster.set('100', [0], 'RUNNING')
    cluster.set('100', [1, 2], 'PENDING', '0:0', 'Resources')
    report(0, 4)
    await nextPoll()
    expect(events.some((e) => e.channel === 'runs.changed')).toBe(true)

    const s = await ok('slurm.status', { experimentId: sent.experimentId })
    expect(s).toMatchObject({ available: true, note: null, polling: true })
    expect(s.checkedAt).not.toBeNull()
    expect(s.jobs).toHaveLength(1)
    const [job] = s.jobs
    expect([job.jobId, job.tasks, job.taskStates, job.activeTasks]).toEqual(['100', 3, { RUNNING: 1, PENDING: 2 }, [0, 1, 2]])
    expect(job.runs.map((r) => [r.runId, r.task, r.state, r.status, r.done, r.length])).toEqual([
      [1, 0, 'RUNNING', 'running', 4, 6],
      [2, 0, 'RUNNING', 'queued', 0, 6],
      [3, 1, 'PENDING', 'queued', 0, 6],
      [4, 1, 'PENDING', 'queued', 0, 6],
      [5, 2, 'PENDING', 'queued', 0, 6],
      [6, 2, 'PENDING', 'queued', 0, 6]
    ])
    const live = await ok('slurm.live', {})
    expect(live.runs.map((r) => `${r.runId} ${r.jobId}_${r.task} ${r.state} ${r.done}/${r.length} ${r.schedule}`)).toEqual([
      '1 100_0 RUNNING 4/6 epochs',
      '2 100_0 RUNNING 0/6 epochs',
      '3 100_1 PENDING 0/6 epochs',
      '4 100_1 PENDING 0/6 epochs',
      '5 100_2 PENDING 0/6 epochs',
      '6 100_2 PENDING 0/6 epochs'
    ])

    // the task trains on: the next poll brings its steps without anyone asking
    report(0, 5)
    const changes = events.filter((e) => e.channel === 'runs.changed').length
    await nextPoll()
    await nextPoll()
    expect(events.filter((e) => e.channel === 'runs.changed').length).toBeGreaterThan(changes)
    expect((await ok('slurm.live', {})).runs[0].done).toBe(5)
  })

  it('cancels the array or one pending task, refuses tasks that are not out, and collects the cancelled runs', async () => {
    feature = setupSlurm(ctx, { cluster, available: true, intervalMs: 20 })
    cluster.set('100', 3, 'PENDING')
    await nextPoll()
    expect(await ok('slurm.cancel', { experimentId: sent.experimentId, jobId: '100', task: 2 })).toEqual({ cancelled: '100_2' })
    expect(cluster.cancelled).toEqual([{ jobId: '100', task: 2 }])
    cluster.set('100', [2], 'CANCELLED')
    for (let t = 0; store.getRun(6, { series: false })?.status !== 'cancelled'; t++) {
      if (t > 300) throw new Error('the cancelled task was never collected')
      await new Promise((r) => setTimeout(r, 10))
    }
    const job = (await ok('slurm.status', { experimentId: sent.experimentId })).jobs[0]
    expect([job.taskStates, job.activeTasks]).toEqual([{ PENDING: 2, CANCELLED: 1 }, [0, 1]])
    expect(job.runs.filter((r) => r.task === 2).map((r) => r.status)).toEqual(['cancelled', 'cancelled'])

    const again = await call('slurm.cancel', { experimentId: sent.experimentId, jobId: '100', task: 2 })
    expect(again.ok ? null : again.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('(those are tasks 0, 1)') })
    const other = await call('slurm.cancel', { experimentId: sent.experimentId, jobId: '99' })
    expect(other.ok ? null : other.error.code).toBe('not_found')
    const bad = await call('slurm.cancel', { experimentId: sent.experimentId, jobId: '100; rm -rf /' })
    expect(bad.ok ? null : bad.error.code).toBe('invalid')
    expect(await ok('slurm.cancel', { experimentId: sent.experimentId, jobId: '100' })).toEqual({ cancelled: '100' })
    expect(cluster.cancelled).toEqual([{ jobId: '100', task: 2 }, { jobId: '100' }])
  })

  it('stops asking once no run is out on Slurm', async () => {
    feature = setupSlurm(ctx, { cluster, available: true, intervalMs: 20 })
    cluster.set('100', 3, 'NODE_FAIL')
    await nextPoll()
    const s = await ok('slurm.status', { experimentId: sent.experimentId })
    expect(s.jobs[0].runs.map((r) => r.status)).toEqual(Array(6).fill('failed'))
    expect(s.polling).toBe(false)
    const seen = polls()
    await new Promise((r) => setTimeout(r, 150))
    expect(polls()).toBe(seen)
  })

  it("without Slurm's commands it never asks, says why, and refuses to cancel", async () => {
    feature = setupSlurm(ctx, { cluster, available: false, intervalMs: 20 })
    cluster.set('100', 3, 'RUNNING')
    const s = await ok('slurm.status', { experimentId: sent.experimentId })
    await new Promise((r) => setTimeout(r, 100))
    expect(polls()).toBe(0)
    expect(s).toMatchObject({ available: false, polling: false, checkedAt: null })
    expect(s.note).toMatch(/not on this machine's PATH/)
    expect(s.jobs[0].runs.map((r) => r.state)).toEqual(Array(6).fill('PENDING'))
    const r = await call('slurm.cancel', { experimentId: sent.experimentId, jobId: '100' })
    expect(r.ok ? null : r.error.code).toBe('unavailable')
    expect(cluster.cancelled).toEqual([])
  })

  it('names an unknown study', async () => {
    feature = setupSlurm(ctx, { cluster, available: true, intervalMs: 20 })
    const r = await call('slurm.status', { experimentId: 999 })
    expect(r.ok ? null : r.error).toMatchObject({ code: 'not_found', message: 'Experiment 999 does not exist' })
  })
})
