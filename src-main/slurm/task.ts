import { existsSync, readFileSync, rmSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { EventHub } from '../ipc/events'
import { createJobQueue } from '../jobs'
import { openStore, type LabStore } from '../store'
import { inProcessSpawner } from './inProcess'
import { Plan, readJson, taskFile, writeAtomic, type TaskProgress, type TaskStarted } from './shardDir'

/** Exit codes of a task: 3 = it cannot see the submission folder (not shared), 143 = cancelled. */
export const TASK_NOT_SHARED = 3

export interface TaskOptions {
  dir: string
  task: number
  log: (line: string) => void
  /** how often the progress file is rewritten */
  progressMs?: number
  /** aborted when Slurm asks the task to stop (SIGTERM: scancel, the time limit); the CLI wires the signal */
  stop?: AbortSignal
}

/** The submission's plan, if this node sees the folder the submitting machine wrote it to. */
function readVisiblePlan(dir: string, log: (line: string) => void): Plan | null {
  const host = hostname()
  const notShared = (what: string) => {
    log(
      `slurm task: ${what} on ${host}: ${dir} must be a folder the compute nodes share with the machine that submitted (e.g. in your home or project directory, not /tmp)`
    )
    return null
  }
  if (!existsSync(join(dir, 'plan.json'))) return notShared(`${join(dir, 'plan.json')} is not visible`)
  const plan = readJson(join(dir, 'plan.json'), Plan)
  const marker = existsSync(join(dir, 'marker')) ? readFileSync(join(dir, 'marker'), 'utf8') : null
  if (plan === null || marker !== plan.marker)
    return notShared(`the marker file ${join(dir, 'marker')} is missing or not the one the plan names`)
  return plan
}

function progressOf(store: LabStore, runs: Record<string, number>, done: boolean): TaskProgress {
  const out: TaskProgress['runs'] = {}
  for (const [uid, id] of Object.entries(runs)) {
    const r = store.getRun(id, { series: false })
    if (r) out[uid] = { status: r.status, epochsDone: r.epochsDone }
  }
  return { updatedAt: new Date().toISOString(), done, runs: out }
}

/**
 * One array task: trains its share of the plan, one run after another, into its own shard with the
 * job queue (the same store writes as a local run). `stop` (SIGTERM from scancel, or the time
 * limit coming) stores the runs as cancelled with their epochs. Returns the exit code.
 */
export async function runTask(opts: TaskOptions): Promise<number> {
  const { dir, task, log } = opts
  const plan = readVisiblePlan(dir, log)
  if (!plan) return TASK_NOT_SHARED
  const share = plan.tasks[task]
  if (!share) {
    log(`slurm task: the plan has tasks 0-${plan.tasks.length - 1}, not ${task}`)
    return 2
  }
  // a task Slurm started again (requeued after a node failure) begins a fresh shard
  const shardPath = taskFile(dir, task, 'sqlite')
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${shardPath}${suffix}`, { force: true })
  const store = openStore(shardPath)
  const { runIds } = store.createExperiment(plan.experiment.spec, share)
  const started: TaskStarted = {
    task,
    host: hostname(),
    pid: process.pid,
    startedAt: new Date().toISOString(),
    runs: Object.fromEntries(share.map((r, i) => [r.uid, runIds[i]]))
  }
  writeAtomic(taskFile(dir, task, 'json'), `${JSON.stringify(started)}\n`)
  const report = (done: boolean) =>
    writeAtomic(taskFile(dir, task, 'progress.json'), `${JSON.stringify(progressOf(store, started.runs, done))}\n`)
  report(false)
  log(`slurm task ${task}: ${share.length} run(s) on ${started.host}, shard ${shardPath}`)

  const events = new EventHub()
  events.subscribe((channel, payload) => {
    if (channel !== 'jobs.finished') return
    const p = payload as { runId: number; status: string; error: string | null }
    log(`slurm task ${task}: run ${p.runId} ${p.status}${p.error ? ` (${p.error})` : ''}`)
  })
  const jobs = createJobQueue({ store, events, spawn: inProcessSpawner(), concurrency: 1, log })
  const timer = setInterval(() => report(false), opts.progressMs ?? 2000)
  let cancelled = false
  const onStop = () => {
    cancelled = true
    // the queued ones first: cancelling the running run frees its slot for the next in line
    for (const job of jobs.list().reverse()) jobs.cancel(job.runId)
  }
  opts.stop?.addEventListener('abort', onStop, { once: true })
  try {
    jobs.enqueue(runIds)
    if (opts.stop?.aborted) onStop()
    await jobs.idle()
    report(true)
  } finally {
    clearInterval(timer)
    opts.stop?.removeEventListener('abort', onStop)
    await jobs.close()
    store.close()
  }
  return cancelled ? 143 : 0
}
