import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExperimentSpec } from '@shared/domain'
import { EventHub } from '../../../src-main/ipc/events'
import { createJobQueue } from '../../../src-main/jobs'
import { nodeSpawner } from '../../../src-main/jobs/nodeSpawner'
import { planRuns } from '../../../src-main/services/experiments'
import { collectExperiment } from '../../../src-main/slurm/collect'
import { Plan, readJson, taskFile, TaskProgress, writeAtomic } from '../../../src-main/slurm/shardDir'
import { runsToResubmit, submitExperiment, submitRuns } from '../../../src-main/slurm/submit'
import { runTask } from '../../../src-main/slurm/task'
import { openStore, type LabStore } from '../../../src-main/store'
import { ENV, epoch, experiment } from '../jobs/fakes'
import { tempDir } from '../store/fixtures'
import { FakeCluster, trainedResults } from '../../helpers/slurmFake'

/** 3 models × 2 seeds = 6 small runs */
const study = (): ExperimentSpec =>
  experiment({ name: 'Slurm study', seeds: [1, 2], training: { epochs: 6, batchSize: 32, optimizer: { kind: 'adam' } } })
const quiet = () => {}

let tmp: ReturnType<typeof tempDir>
let store: LabStore
let cluster: FakeCluster
beforeEach(() => {
  tmp = tempDir('nalu-slurm-')
  store = openStore(join(tmp.dir, 'lab.db'))
  cluster = new FakeCluster()
})
afterEach(() => {
  store.close()
  tmp.cleanup()
})

const statuses = () => store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 100 }).rows.map((r) => [r.id, r.status, r.epochsDone])

/** The same study trained here, by the job queue in worker processes, as `lab run` does. */
async function localReference(spec: ExperimentSpec): Promise<string> {
  const path = join(tmp.dir, 'local.db')
  const local = openStore(path)
  const jobs = createJobQueue({ store: local, events: new EventHub(), spawn: nodeSpawner(), concurrency: 2, log: quiet })
  jobs.enqueue(local.createExperiment(spec, planRuns(spec)).runIds)
  await jobs.idle()
  await jobs.close()
  local.close()
  return path
}

/** What a task killed mid-run leaves: a shard whose first run is running with `n` epochs, the second queued. */
function deadTaskShard(dir: string, task: number, n: number): void {
  const plan = readJson(join(dir, 'plan.json'), Plan) as Plan
  const shard = openStore(taskFile(dir, task, 'sqlite'))
  const ids = shard.createExperiment(plan.experiment.spec, plan.tasks[task]).runIds
  shard.markRunning(ids[0], ENV)
  shard.appendEpochs(
    ids[0],
    Array.from({ length: n }, (_, i) => epoch(i + 1))
  )
  writeAtomic(
    taskFile(dir, task, 'json'),
    JSON.stringify({
      task,
      host: 'node7',
      pid: 1,
      startedAt: new Date().toISOString(),
      runs: Object.fromEntries(plan.tasks[task].map((r, i) => [r.uid, ids[i]]))
    })
  )
  shard.close()
}

describe('a study on Slurm: submit, tasks, collect, re-submit', () => {
  it('ends in the database bit for bit as run locally, after a dead task, a cancelled one and a re-submission', async () => {
    const sent = await submitExperiment(store, cluster, study(), { runsPerTask: 2, maxParallel: 2, partition: 'debug', time: '00:10:00' })
    expect(sent.tasks).toEqual([
      [1, 2],
      [3, 4],
      [5, 6]
    ])
    const script = readFileSync(cluster.submitted[0].script, 'utf8')
    expect(script).toMatch(/^#SBATCH --array=0-2%2$/m)
    expect(script).toMatch(/^#SBATCH --partition=debug$/m)
    expect(script).toMatch(/^#SBATCH --time=00:10:00$/m)
    expect(script).toContain(`--dir '${sent.dir}' --task "$SLURM_ARRAY_TASK_ID"`)
    expect([...store.slurm.runs().values()].map((r) => [r.runId, r.jobId, r.task, r.state])).toEqual([
      [1, '100', 0, 'PENDING'],
      [2, '100', 0, 'PENDING'],
      [3, '100', 1, 'PENDING'],
      [4, '100', 1, 'PENDING'],
      [5, '100', 2, 'PENDING'],
      [6, '100', 2, 'PENDING']
    ])

    // Slurm says pending: nothing comes home, the runs stay queued (also after a reopen: the cluster owns them)
    cluster.set('100', 3, 'PENDING', '0:0', 'JobArrayTaskLimit')
    expect(await collectExperiment(store, cluster, sent.experimentId)).toMatchObject({
      imported: [],
      ended: [],
      waiting: [1, 2, 3, 4, 5, 6]
    })
    store.close()
    const reopened = openStore(join(tmp.dir, 'lab.db'))
    expect(reopened.recoveredAtOpen).toBe(0)
    store = reopened

    // task 0 dies mid-run, task 1 is cancelled before it starts, task 2 trains both its runs
    deadTaskShard(sent.dir, 0, 3)
    expect(await runTask({ dir: sent.dir, task: 2, log: quiet })).toBe(0)
    cluster.set('100', [0], 'FAILED', '0:9', 'JobLaunchFailure')
    cluster.set('100', [1], 'CANCELLED')
    cluster.set('100', [2], 'COMPLETED')
    const first = await collectExperiment(store, cluster, sent.experimentId)
    expect(first.imported.sort()).toEqual([1, 2, 5, 6])
    expect(first.ended.map((e) => [e.runId, e.status])).toEqual([
      [3, 'cancelled'],
      [4, 'cancelled']
    ])
    expect(statuses()).toEqual([
      [1, 'interrupted', 3],
      [2, 'interrupted', 0],
      [3, 'cancelled', 0],
      [4, 'cancelled', 0],
      [5, 'completed', 6],
      [6, 'completed', 6]
    ])
    expect(store.getRun(1)?.error).toMatch(
      /^Interrupted: Slurm task 0 of job 100 ended: it ended FAILED, killed by signal 9 \(JobLaunchFailure\) while the run was running; 3 committed epochs are kept\.$/
    )
    expect(store.getRun(1)?.series.map((e) => e.interpMse)).toEqual([1, 2, 3].map((n) => epoch(n).interpMse))
    expect(store.getRun(3)?.error).toMatch(/^Cancelled on Slurm before it started/)

    // collecting again adds nothing and changes nothing
    const before = trainedResults(join(tmp.dir, 'lab.db'))
    expect(await collectExperiment(store, cluster, sent.experimentId)).toMatchObject({ imported: [], ended: [], waiting: [] })
    expect(trainedResults(join(tmp.dir, 'lab.db'))).toEqual(before)

    // re-submitting sends only the four runs that did not end well; the old job's shards no longer touch them
    expect(runsToResubmit(store, sent.experimentId)).toEqual([1, 2, 3, 4])
    const again = await submitRuns(store, cluster, sent.experimentId, runsToResubmit(store, sent.experimentId), { runsPerTask: 2 })
    expect([again.jobId, again.tasks]).toEqual([
      '101',
      [
        [1, 2],
        [3, 4]
      ]
    ])
    expect(statuses()).toEqual([
      [1, 'queued', 0],
      [2, 'queued', 0],
      [3, 'queued', 0],
      [4, 'queued', 0],
      [5, 'completed', 6],
      [6, 'completed', 6]
    ])
    for (const task of [0, 1]) expect(await runTask({ dir: again.dir, task, log: quiet })).toBe(0)
    cluster.set('101', 2, 'COMPLETED')
    expect((await collectExperiment(store, cluster, sent.experimentId)).imported.sort()).toEqual([1, 2, 3, 4])
    expect(statuses().map((r) => r[1])).toEqual(Array(6).fill('completed'))

    const local = await localReference(study())
    const merged = trainedResults(join(tmp.dir, 'lab.db'))
    expect(Object.keys(merged)).toHaveLength(6)
    expect(merged).toEqual(trainedResults(local))
  })

  it('a cancelled task stores its running run as cancelled with its epochs, and the queued one as cancelled', async () => {
    const sent = await submitExperiment(
      store,
      cluster,
      experiment({
        seeds: [3],
        models: [{ units: [{ kind: 'nac' }] }, { units: [{ kind: 'vanilla' }] }],
        training: { epochs: 100_000, batchSize: 32, optimizer: { kind: 'adam' } }
      }),
      { runsPerTask: 2 }
    )
    const stop = new AbortController()
    const task = runTask({ dir: sent.dir, task: 0, log: quiet, stop: stop.signal, progressMs: 50 })
    for (let t = 0; ; t++) {
      const p = readJson(taskFile(sent.dir, 0, 'progress.json'), TaskProgress)
      if (p && Object.values(p.runs).some((r) => r.epochsDone > 0)) break
      if (t > 300) throw new Error('the task never stored an epoch')
      await new Promise((r) => setTimeout(r, 20))
    }
    // while it runs, collect shows it running with its progress
    cluster.set('100', [0], 'RUNNING')
    expect((await collectExperiment(store, cluster, sent.experimentId)).waiting).toEqual([1, 2])
    expect(store.getRun(1, { series: false })?.status).toBe('running')
    expect(store.slurm.runs().get(1)).toMatchObject({ state: 'RUNNING', epochsDone: expect.any(Number) })
    stop.abort()
    expect(await task).toBe(143)
    cluster.set('100', [0], 'CANCELLED', '0:15')
    await collectExperiment(store, cluster, sent.experimentId)
    const [nac, vanilla] = [store.getRun(1), store.getRun(2)]
    expect(nac?.status).toBe('cancelled')
    expect(nac?.epochsDone).toBeGreaterThan(0)
    expect(nac?.series).toHaveLength(nac?.epochsDone ?? -1)
    expect([vanilla?.status, vanilla?.epochsDone]).toEqual(['cancelled', 0])
    expect(nac?.error).toBe('Cancelled: Slurm task 0 of job 100 ended: it was cancelled.')
  })
})

describe('tasks that never trained their runs', () => {
  it('names a dead node, and a folder the compute nodes do not share', async () => {
    const sent = await submitExperiment(store, cluster, study(), { runsPerTask: 3 })
    cluster.set('100', [0], 'NODE_FAIL', '0:0')
    cluster.set('100', [1], 'FAILED', '1:0')
    const c = await collectExperiment(store, cluster, sent.experimentId)
    expect(c.ended.map((e) => e.status)).toEqual(Array(6).fill('failed'))
    expect(store.getRun(1)?.error).toMatch(/^Slurm task 0 of job 100 ended: its node failed without starting/)
    expect(store.getRun(4)?.error).toMatch(
      /it ended FAILED, exit code 1 without starting: it left nothing in .*that folder is not shared with the compute nodes \(the task must see its marker file\)/
    )
  })

  it('a task that cannot see the marker refuses to train, saying the folder is not shared', async () => {
    const sent = await submitExperiment(store, cluster, study(), {})
    const lines: string[] = []
    rmSync(join(sent.dir, 'marker'))
    expect(await runTask({ dir: sent.dir, task: 0, log: (l) => lines.push(l) })).toBe(3)
    expect(lines.join('\n')).toMatch(/marker file .* is missing .*must be a folder the compute nodes share/)
    expect(await runTask({ dir: join(tmp.dir, 'elsewhere'), task: 0, log: (l) => lines.push(l) })).toBe(3)
    expect(lines.at(-1)).toMatch(/elsewhere\/plan\.json is not visible on /)
  })

  it('runs of a job Slurm has forgotten without a result end failed; a shard marked done is still collected', async () => {
    const sent = await submitExperiment(store, cluster, study(), { runsPerTask: 3 })
    expect(await runTask({ dir: sent.dir, task: 1, log: quiet })).toBe(0)
    // no state for job 100 at all: scontrol and sacct no longer know it
    const c = await collectExperiment(store, cluster, sent.experimentId)
    expect(c.imported.sort()).toEqual([4, 5, 6])
    expect(c.ended.map((e) => e.runId)).toEqual([1, 2, 3])
    expect(store.getRun(1)?.error).toMatch(/Slurm no longer knows the task and it left no result/)
  })
})
