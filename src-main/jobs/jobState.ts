import type { EpochMetrics, JobInfo } from '../../src-shared/domain'
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
  /** epochs received but not yet sent in a jobs.progress event */
  pending: EpochMetrics[]
  lastEmit: number
  timer: NodeJS.Timeout | null
}

export function newJob(spec: RunJobSpec): Job {
  return { runId: spec.runId, spec, status: 'queued', epoch: 0, startedAt: null, sent: false, slot: null, pending: [], lastEmit: 0, timer: null }
}

export function jobInfo(job: Job, now: number): JobInfo {
  const epochs = job.spec.spec.training.epochs
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
    elapsedMs,
    etaMs: job.epoch > 0 ? (elapsedMs / job.epoch) * (epochs - job.epoch) : null
  }
}
