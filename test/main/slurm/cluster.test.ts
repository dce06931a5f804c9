import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { main } from '../../../src-main/cli/index'
import { EventHub } from '../../../src-main/ipc/events'
import { createJobQueue } from '../../../src-main/jobs'
import { nodeSpawner } from '../../../src-main/jobs/nodeSpawner'
import { planRuns } from '../../../src-main/services/experiments'
import { commandLineCluster } from '../../../src-main/slurm/cluster'
import { collectExperiment } from '../../../src-main/slurm/collect'
import { readJson, taskFile, TaskStarted } from '../../../src-main/slurm/shardDir'
import { submitExperiment } from '../../../src-main/slurm/submit'
import { openStore } from '../../../src-main/store'
import { findPreset } from '../../../src-main/training/presets'
import { slurmMissing, useTestCluster } from '../../helpers/slurmCluster'
import { trainedResults } from '../../helpers/slurmFake'
import { captured } from '../cli/captured'

const missing = slurmMissing()
if (missing) console.warn(missing)

/** The article's problem, one NAC run of a few epochs. */
function oneRun(): ExperimentSpec {
  const preset = findPreset('article')
  if (!preset) throw new Error('no article preset')
  return ExperimentSpec.parse({
    ...preset.spec,
    seeds: [1],
    models: [{ units: [{ kind: 'nac' }] }],
    training: { ...preset.spec.training, epochs: 3 }
  })
}

const cli = (...argv: string[]) => captured(main, argv)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The status and epochs of each run of a shard, in id order ([] while the task has not created it). */
function shardRuns(path: string): { status: string; epochs_done: number }[] {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true })
    try {
      return db.prepare('SELECT status, epochs_done FROM runs ORDER BY id').all() as { status: string; epochs_done: number }[]
    } finally {
      db.close()
    }
  } catch {
    return []
  }
}

/** Waits until, in the shard, run number `nth` is running with an epoch stored. */
async function whenRunning(path: string, nth: number): Promise<void> {
  for (let t = 0; t < 1800; t++, await sleep(50)) {
    const run = shardRuns(path)[nth]
    if (run?.status === 'running' && run.epochs_done > 0) return
  }
  throw new Error(`${path}: run ${nth} never got going`)
}

const lab = useTestCluster('nalu-slurm-db-', missing)

describe.skipIf(missing !== null)('a study on a real one-node Slurm cluster', () => {
  it('refuses plainly: an unknown partition, a submission Slurm turns down (quoting Slurm)', async () => {
    const db = join(lab.dir, 'refused.db')
    const flags = ['run', '--preset', 'article', '--models', 'nac', '--epochs', '2', '--db', db, '--on', 'slurm', '--detach']
    const part = await cli(...flags, '--partition', 'gpu')
    expect(part.code).toBe(1)
    expect(part.stderr).toBe('run: partition "gpu" does not exist on this cluster (partitions: debug)\n')
    const refused = await cli(...flags, '--sbatch-arg=--mem=999999999')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^run: Slurm refused the job: sbatch: error: .*(memory|Memory)/)
    const listed = JSON.parse((await cli('list', '--db', db, '--json')).stdout) as { status: string }[]
    expect(listed.map((r) => r.status)).toEqual(['failed'])
  })

  it('a task that cannot see the submission folder fails its runs, saying the folder is not shared', async () => {
    const db = join(lab.dir, 'unshared.db')
    const store = openStore(db)
    // held, so the marker can vanish before the task starts, as on a node that does not mount the folder
    const sent = await submitExperiment(store, commandLineCluster(), oneRun(), { sbatchArgs: ['--hold'] })
    rmSync(join(sent.dir, 'marker'))
    execFileSync('scontrol', ['release', sent.jobId], { env: lab.cluster.env })
    for (let t = 0; ; t++, await sleep(300)) {
      if ((await collectExperiment(store, commandLineCluster(), sent.experimentId)).waiting.length === 0) break
      if (t > 100) throw new Error('the task never ended')
    }
    expect(store.getRun(1, { series: false })?.status).toBe('failed')
    expect(store.getRun(1, { series: false })?.error).toMatch(
      /^Slurm task 0 of job \d+ ended: it ended FAILED, exit code 3.* without starting: it left nothing in .*that folder is not shared with the compute nodes/
    )
    store.close()
    expect(readFileSync(taskFile(sent.dir, 0, 'log'), 'utf8')).toMatch(
      /the marker file .* is missing .* must be a folder the compute nodes share/
    )
  })

  it('a 6-run study: one task killed, one cancelled, collected, re-submitted: the same numbers as run locally', async () => {
    const db = join(lab.dir, 'lab.db')
    const submitted = await cli(
      'run',
      '--preset',
      'article',
      '--models',
      'nac,nalu:article',
      '--seeds',
      '1-3',
      '--epochs',
      '60',
      '--on',
      'slurm',
      '--runs-per-task',
      '2',
      '--detach',
      '--db',
      db
    )
    expect(submitted.code).toBe(0)
    const said = /^Submitted 6 run\(s\) of experiment (\d+) as Slurm job \d+ \(3 array task\(s\)\); shards in (.+)\n/.exec(submitted.stderr)
    expect(said).not.toBeNull()
    const [id, shards] = [said?.[1] ?? '', said?.[2] ?? '']
    const sent = { experimentId: Number(id), dir: shards }

    // task 0 dies in its NALU run (SIGKILL: no chance to store anything more), task 1 is cancelled in its own
    const [, cancel] = await Promise.all([
      whenRunning(taskFile(sent.dir, 0, 'sqlite'), 1).then(() => {
        const started = readJson(taskFile(sent.dir, 0, 'json'), TaskStarted)
        process.kill(started?.pid ?? 0, 'SIGKILL')
      }),
      whenRunning(taskFile(sent.dir, 1, 'sqlite'), 1).then(() => cli('slurm', 'cancel', '--experiment', id, '--task', '1', '--db', db))
    ])
    expect(cancel.stderr).toMatch(/^Cancelled Slurm job \d+ task 1; waiting for its tasks to store their runs\n/)
    for (let t = 0; ; t++, await sleep(500)) {
      const reader = openStore(db)
      const c = await collectExperiment(reader, commandLineCluster(), sent.experimentId)
      reader.close()
      if (c.waiting.length === 0) break
      if (t > 120) throw new Error('the tasks never ended')
    }
    const collected = await cli('collect', '--experiment', id, '--db', db, '--json')
    const out = JSON.parse(collected.stdout) as {
      imported: number[]
      runs: { id: number; status: string; epochsDone: number; slurm: { state: string; jobId: string; task: number } }[]
    }
    expect(out.imported).toEqual([]) // collecting again adds nothing
    // a task trains its costlier run first (the job queue's order): the NAC runs of tasks 0 and 1 never started
    expect(out.runs.map((r) => [r.id, r.status, r.slurm.task, r.slurm.state])).toEqual([
      [1, 'interrupted', 0, 'FAILED'],
      [2, 'interrupted', 0, 'FAILED'],
      [3, 'cancelled', 1, 'CANCELLED'],
      [4, 'cancelled', 1, 'CANCELLED'],
      [5, 'completed', 2, 'COMPLETED'],
      [6, 'completed', 2, 'COMPLETED']
    ])
    expect(out.runs.slice(0, 4).map((r) => r.epochsDone > 0)).toEqual([false, true, false, true])
    const check = openStore(db)
    const [killed, cancelled] = [check.getRun(2), check.getRun(4)]
    check.close()
    expect(killed?.error).toMatch(
      /^Interrupted: Slurm task 0 of job \d+ ended: it ended FAILED, killed by signal 9.* while the run was running; \d+ committed epochs are kept\.$/
    )
    expect(killed?.epochsDone).toBeGreaterThan(0)
    expect(killed?.series).toHaveLength(killed?.epochsDone ?? -1)
    expect(cancelled?.status).toBe('cancelled')
    expect(cancelled?.error).toMatch(/^Cancelled: Slurm task 1 of job \d+ ended: it was cancelled/)
    expect(cancelled?.epochsDone).toBeGreaterThan(0)
    expect(cancelled?.series).toHaveLength(cancelled?.epochsDone ?? -1)

    // re-submitting sends the four runs that did not finish, and waits for them
    const again = await cli('slurm', 'submit', '--experiment', id, '--db', db, '--runs-per-task', '2', '--poll', '1')
    expect(again.stderr).toMatch(/^Submitted 4 run\(s\) of experiment \d+ as Slurm job \d+ \(2 array task\(s\)\)/)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^id +model +seed +status +epochs +slurm job +slurm state/)

    // the same study, run here by `lab run`'s job queue
    const localPath = join(lab.dir, 'local.db')
    const local = openStore(localPath)
    const jobs = createJobQueue({ store: local, events: new EventHub(), spawn: nodeSpawner(), concurrency: 2, log: () => {} })
    const reader = openStore(db)
    const spec = reader.getRun(1, { series: false })?.spec as ExperimentSpec
    reader.close()
    jobs.enqueue(local.createExperiment(spec, planRuns(spec)).runIds)
    await jobs.idle()
    await jobs.close()
    local.close()
    const merged = trainedResults(db)
    expect(Object.values(merged).map((r) => (r as { status: string }).status)).toEqual(Array(6).fill('completed'))
    expect(merged).toEqual(trainedResults(localPath))
  }, 150_000)
})
