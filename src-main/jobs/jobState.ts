import type { JobInfo } from '@shared/domain'
import type { RunJobSpec } from '../store/types'
import type { WorkerHandle } from './types'

/** A training process the queue started; `job` is what it runs now (null while idle). */
export interface Slot {
  handle: WorkerHandle
  ready: boolean
  job: Job | null
  /** ended or killed: its later messages and exit are ignored */
  dead: boolean
}

export interface Job {
  runId: number
  spec: RunJobSpec
  status: 'queued' | 'running'
  epoch: number
  startedAt: number | null
  sent: boolean
  slot: Slot | null
  /** the first progress seen: the pace is measured from here, past the process's start-up */
  paceFrom?: { epoch: number; at: number }
}

export function newJob(spec: RunJobSpec): Job {
  return { runId: spec.runId, spec, status: 'queued', epoch: 0, startedAt: null, sent: false, slot: null }
}

export function jobInfo(job: Job, now: number): JobInfo {
  // a run's length in its own unit: the x of its last evaluation point for the iterations schedule
  const t = job.spec.spec.training
  const epochs = t.schedule === 'iterations' ? t.iterations : t.epochs
  const elapsedMs = job.startedAt === null ? 0 : now - job.startedAt
  return {
    runId: job.runId,
    experimentId: job.spec.experimentId,
    experimentName: job.spec.experimentName,
    model: job.spec.model,
    seed: job.spec.seed,
    status: job.status,
    epoch: job.epoch,
    epochs,
    schedule: t.schedule,
    elapsedMs,
    etaMs: timeLeft(job, now, epochs)
  }
}

/**
 * Time left at the pace since the first progress report. Elapsed time / epochs done would spread
 * the start-up (loading the engine, generating the data: about a second) over the first epoch
 * and extrapolate it: a 5 s run of 100 epochs read "1 min 7 s" left after its first. So the
 * first report only starts the clock (null: still estimating), later ones give the pace.
 */
export function timeLeft(job: Job, now: number, total: number): number | null {
  if (job.epoch <= 0) return null
  job.paceFrom ??= { epoch: job.epoch, at: now }
  const done = job.epoch - job.paceFrom.epoch
  if (done <= 0) return null
  return ((now - job.paceFrom.at) / done) * Math.max(0, total - job.epoch)
}
