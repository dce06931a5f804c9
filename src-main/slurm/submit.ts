import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ExperimentSpec, type RunRow } from '@shared/domain'
import { parseOrThrow } from '@shared/validate'
import { checkExperiment, planRuns } from '../services/experiments'
import { BundleExperiment, BundleRun } from '../store/bundle-schema'
import type { LabStore } from '../store'
import { SlurmError, type SlurmCluster } from './cluster'
import { jobScript, type ScriptOptions } from './script'
import { newSubmissionDir, writePlan, type PlannedRun } from './shardDir'

export interface SubmitOptions extends Omit<ScriptOptions, 'dir' | 'tasks' | 'experimentId'> {
  /** runs each array task trains, one after another (default 1) */
  runsPerTask?: number
  /** extra sbatch arguments, passed as they are (e.g. --account=proj, --mem=2G) */
  sbatchArgs?: readonly string[]
}

export interface Submitted {
  experimentId: number
  jobId: string
  dir: string
  /** the runs each array task trains */
  tasks: number[][]
}

/** Every run of an experiment, oldest first. */
export function experimentRuns(store: LabStore, experimentId: number): RunRow[] {
  const rows: RunRow[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = store.listRuns({ experimentId, sort: 'id', dir: 'asc', offset, limit: 1000 })
    rows.push(...page.rows)
    if (rows.length >= page.total || page.rows.length === 0) return rows
  }
}

async function checkPartition(cluster: SlurmCluster, partition: string | undefined): Promise<void> {
  const parts = await cluster.partitions()
  if (partition === undefined) {
    if (!parts.some((p) => p.isDefault))
      throw new SlurmError(`this cluster has no default partition: choose one with --partition (${parts.map((p) => p.name).join(', ')})`)
    return
  }
  if (!parts.some((p) => p.name === partition)) {
    throw new SlurmError(
      `partition "${partition}" does not exist on this cluster (partitions: ${parts.map((p) => p.name).join(', ') || 'none'})`
    )
  }
}

/**
 * Sends runs of an experiment to Slurm as one array job: a plan in a new folder beside the
 * database, the sbatch script, `sbatch`, then the runs recorded as belonging to the job. When
 * Slurm refuses, nothing was submitted: the runs end `failed` with Slurm's words (re-submit them).
 */
export async function submitRuns(
  store: LabStore,
  cluster: SlurmCluster,
  experimentId: number,
  runIds: readonly number[],
  opts: SubmitOptions
): Promise<Submitted> {
  if (runIds.length === 0)
    throw new SlurmError(
      `experiment ${experimentId} has no run to send to Slurm: every run completed or diverged, or is queued or running there`
    )
  if (store.path === ':memory:')
    throw new SlurmError('a database in memory cannot be shared with a cluster: use --db with a file in a shared folder')
  await checkPartition(cluster, opts.partition)
  const bundle = store.exportBundle([...runIds])
  const experiment = BundleExperiment.parse(bundle.experiments[0])
  const spec = parseOrThrow(ExperimentSpec, experiment.spec, 'experiment')
  const planned: PlannedRun[] = bundle.runs.map((r, i) => {
    const run = BundleRun.parse(r)
    return {
      runId: runIds[i],
      uid: run.uid,
      model: run.model,
      modelSpec: run.modelSpec as PlannedRun['modelSpec'],
      seed: run.seed,
      config: run.config as PlannedRun['config'],
      configHash: run.configHash,
      outputs: run.outputs
    }
  })
  const per = Math.max(1, opts.runsPerTask ?? 1)
  const taskRuns: PlannedRun[][] = []
  for (let i = 0; i < planned.length; i += per) taskRuns.push(planned.slice(i, i + per))
  const tasks = taskRuns.map((share) => share.map((r) => r.runId))

  const dir = newSubmissionDir(store.path, experimentId)
  writePlan(dir, { experiment: { id: experimentId, uid: experiment.uid, spec }, tasks: taskRuns })
  const script = join(dir, 'job.sh')
  writeFileSync(script, jobScript({ ...opts, dir, experimentId, tasks: taskRuns.length }), { mode: 0o755 })
  let jobId: string
  try {
    jobId = await cluster.submit(script, opts.sbatchArgs ?? [])
  } catch (err) {
    for (const id of runIds) {
      const status = store.getRun(id, { series: false })?.status
      if (status === 'queued') store.finishRun(id, { status: 'failed', error: `Not submitted: ${(err as Error).message}` })
    }
    throw err
  }
  store.slurm.record({ experimentId, jobId, dir, partition: opts.partition ?? null, tasks })
  return { experimentId, jobId, dir, tasks }
}

/** A new experiment (validated like every other), created with its queued runs and submitted. */
export async function submitExperiment(
  store: LabStore,
  cluster: SlurmCluster,
  spec: ExperimentSpec,
  opts: SubmitOptions
): Promise<Submitted> {
  checkExperiment(spec)
  // the cheap refusals (no Slurm here, no such partition) come before anything is stored
  await checkPartition(cluster, opts.partition)
  const created = store.createExperiment(spec, planRuns(spec))
  return submitRuns(store, cluster, created.experimentId, created.runIds, opts)
}

/** The runs a re-submission sends: those that failed, were cancelled or interrupted, or never went. */
export function runsToResubmit(store: LabStore, experimentId: number): number[] {
  const onSlurm = store.slurm.runs()
  return experimentRuns(store, experimentId)
    .filter((r) => ['failed', 'cancelled', 'interrupted'].includes(r.status) || (r.status === 'queued' && !onSlurm.has(r.id)))
    .map((r) => r.id)
}
