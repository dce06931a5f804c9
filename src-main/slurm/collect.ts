import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RunStatus } from '@shared/domain'
import { openStore, type Bundle, type LabStore } from '../store'
import type { SlurmSubmission } from '../store/slurm'
import { SlurmError, type SlurmCluster, type TaskState } from './cluster'
import { Plan, readJson, taskFile, TaskProgress, TaskStarted } from './shardDir'
import { describeEnd, isActiveState } from './states'

/** What one collect did to the runs still out on the cluster. */
export interface Collected {
  /** runs whose results came home (completed, diverged, cancelled, interrupted, failed in their task) */
  imported: number[]
  /** runs ended here without a result: their task never trained them */
  ended: { runId: number; status: RunStatus; error: string }[]
  /** runs still out: their task is pending or running */
  waiting: number[]
  /** Slurm's state of each task still holding runs, or the reason it could not be asked */
  notes: string[]
}

/** Slurm's view of a job, or null (with the reason) when Slurm cannot be asked or has forgotten it. */
async function taskStates(
  cluster: SlurmCluster,
  jobId: string,
  notes: string[]
): Promise<{ states: Map<number, TaskState> | null; asked: boolean }> {
  try {
    return { states: await cluster.tasks(jobId), asked: true }
  } catch (err) {
    if (!(err instanceof SlurmError)) throw err
    notes.push(`job ${jobId}: ${err.message}; reading the shards only`)
    return { states: null, asked: false }
  }
}

/** The task's state: Slurm's, else what its files say (a task that wrote `done` has ended). */
function stateOf(task: number, states: Map<number, TaskState> | null, asked: boolean, progress: TaskProgress | null): TaskState | null {
  const known = states?.get(task)
  if (known) return known
  if (progress?.done) return { task, state: 'COMPLETED', reason: 'None', exitCode: '0:0' }
  // asked, and neither scontrol nor sacct knows it: Slurm has ended and forgotten the task
  if (asked) return { task, state: 'UNKNOWN', reason: 'None', exitCode: '' }
  return null
}

/** The shard's runs as a bundle that names the main database's experiment and runs. */
function shardBundle(dir: string, task: number, plan: Plan, started: TaskStarted, runUids: readonly string[], end: string): Bundle | null {
  const path = taskFile(dir, task, 'sqlite')
  if (!existsSync(path)) return null
  const uids = runUids.filter((uid) => started.runs[uid] !== undefined)
  if (!uids.length) return null
  // recover: false, the shard's active runs are ended here with the task's fate in their words
  const shard = openStore(path, { recover: false, integrityCheck: 'quick' })
  try {
    const bundle = shard.exportBundle(uids.map((uid) => started.runs[uid]))
    const now = new Date().toISOString()
    bundle.experiments = bundle.experiments.map((e) => ({ ...(e as object), uid: plan.experiment.uid }))
    bundle.runs = bundle.runs.map((r, i) => {
      const run = r as { status: RunStatus; epochsDone: number; error: string | null; endedAt: string | null }
      const active = run.status === 'queued' || run.status === 'running'
      const named = { ...run, uid: uids[i], experimentUid: plan.experiment.uid }
      if (active) {
        const error = `Interrupted: ${end} while the run was ${run.status}; ${run.epochsDone} committed epochs are kept.`
        return { ...named, status: 'interrupted', endedAt: now, error }
      }
      // the task stored it cancelled when Slurm asked it to stop: say why (scancel, the time limit)
      return run.status === 'cancelled' && run.error === null ? { ...named, error: `Cancelled: ${end}.` } : named
    })
    return bundle
  } finally {
    shard.close()
  }
}

async function collectSubmission(store: LabStore, cluster: SlurmCluster, sub: SlurmSubmission, out: Collected): Promise<void> {
  const latest = store.slurm.runs(sub.runs.map((r) => r.runId))
  const open = sub.runs.filter((r) => {
    if (latest.get(r.runId)?.submission !== sub.id) return false
    const status = store.getRun(r.runId, { series: false })?.status
    return status === 'queued' || status === 'running'
  })
  if (!open.length) return
  const plan = readJson(join(sub.dir, 'plan.json'), Plan)
  if (!plan) throw new SlurmError(`${join(sub.dir, 'plan.json')} is gone: the submission folder of job ${sub.jobId} was moved or deleted`)
  const { states, asked } = await taskStates(cluster, sub.jobId, out.notes)
  const tasks = [...new Set(open.map((r) => r.task))]
  for (const task of tasks) {
    const runs = open.filter((r) => r.task === task)
    const started = readJson(taskFile(sub.dir, task, 'json'), TaskStarted)
    const progress = readJson(taskFile(sub.dir, task, 'progress.json'), TaskProgress)
    const state = stateOf(task, states, asked, progress)
    const uidOf = new Map(plan.tasks[task].map((p) => [p.runId, p.uid]))
    if (state === null || isActiveState(state.state)) {
      const running = new Map<number, number>()
      for (const r of runs) {
        const uid = uidOf.get(r.runId)
        const p = uid === undefined ? undefined : progress?.runs[uid]
        if (p && p.status !== 'queued') running.set(r.runId, p.epochsDone)
      }
      store.slurm.update(sub.id, task, state?.state ?? 'UNKNOWN', running)
      out.waiting.push(...runs.map((r) => r.runId))
      continue
    }
    const end = `Slurm task ${task} of job ${sub.jobId} ended: ${describeEnd(state.state, state.reason, state.exitCode)}`
    const wanted = runs.flatMap((r) => uidOf.get(r.runId) ?? [])
    const bundle = started ? shardBundle(sub.dir, task, plan, started, wanted, end) : null
    const imported = bundle ? store.importBundle(bundle, { fillPlaceholders: true }) : []
    out.imported.push(...imported)
    for (const r of runs.filter((x) => !imported.includes(x.runId))) {
      const cancelled = state.state === 'CANCELLED'
      const error = cancelled
        ? `Cancelled on Slurm before it started (task ${task} of job ${sub.jobId}).`
        : started
          ? `${end}; the task left no result for this run.`
          : `${end} without starting: it left nothing in ${sub.dir}. If it ran at all, that folder is not shared with the compute nodes (the task must see its marker file); see task-${task}.log there on the node.`
      const status: RunStatus = cancelled ? 'cancelled' : 'failed'
      store.finishRun(r.runId, { status, error })
      out.ended.push({ runId: r.runId, status, error })
    }
    store.slurm.update(sub.id, task, state.state)
  }
}

/**
 * Brings home what the experiment's Slurm tasks have finished: each ended task's shard is
 * imported through the bundle import into the queued placeholders (idempotent: a run that has
 * ended here is never touched again), runs of tasks that died before training them end failed or
 * cancelled, and tasks still pending or running report their state and progress.
 */
export async function collectExperiment(store: LabStore, cluster: SlurmCluster, experimentId: number): Promise<Collected> {
  const out: Collected = { imported: [], ended: [], waiting: [], notes: [] }
  const subs = store.slurm.submissions(experimentId)
  if (!subs.length) throw new SlurmError(`experiment ${experimentId} was never submitted to Slurm`)
  for (const sub of subs) await collectSubmission(store, cluster, sub, out)
  return out
}
