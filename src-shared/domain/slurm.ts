import { z } from 'zod'
import { RunStatus } from './run'
import { Schedule } from './training'

/** A run of a study out on (or back from) Slurm, as the study page and the Live view show it. */
export const SlurmRunView = z.object({
  runId: z.number().int(),
  experimentId: z.number().int(),
  experimentName: z.string(),
  model: z.string(),
  seed: z.number().int(),
  jobId: z.string(),
  task: z.number().int(),
  /** Slurm's last known state of the run's array task (PENDING, RUNNING, COMPLETED, CANCELLED, NODE_FAIL…) */
  state: z.string(),
  /** the run's status in the database */
  status: RunStatus,
  /** committed steps: the task's last report while it runs, the database's once collected */
  done: z.number().int(),
  length: z.number().int(),
  schedule: Schedule
})
export type SlurmRunView = z.infer<typeof SlurmRunView>

/** One submitted array job of a study, its tasks counted by Slurm state and the runs it still holds. */
export const SlurmJobView = z.object({
  jobId: z.string(),
  submittedAt: z.string(),
  partition: z.string().nullable(),
  tasks: z.number().int(),
  /** Slurm state → number of array tasks in it (tasks whose runs were all re-submitted elsewhere are left out) */
  taskStates: z.record(z.string(), z.number().int()),
  /** array tasks still pending or running: what a Cancel of one task may name */
  activeTasks: z.array(z.number().int()),
  runs: z.array(SlurmRunView)
})
export type SlurmJobView = z.infer<typeof SlurmJobView>

/** What the app knows of Slurm: whether it can ask it, and when it last did. */
export const SlurmWatch = z.object({
  /** sbatch, scontrol and scancel are on this machine's PATH */
  available: z.boolean(),
  /** why the app is not asking Slurm, or what the last poll could not do; null when all is well */
  note: z.string().nullable(),
  /** the app is polling the cluster (some study has runs out on it) */
  polling: z.boolean(),
  /** when Slurm was last asked about these runs (by the app or by `lab collect`) */
  checkedAt: z.string().nullable()
})

export const SlurmStatus = SlurmWatch.extend({
  experimentId: z.number().int(),
  /** newest last; empty for a study that was never submitted to Slurm */
  jobs: z.array(SlurmJobView)
})
export type SlurmStatus = z.infer<typeof SlurmStatus>

/** Every run still queued or running on Slurm, for the Live view. */
export const SlurmLive = SlurmWatch.extend({ runs: z.array(SlurmRunView) })
export type SlurmLive = z.infer<typeof SlurmLive>
