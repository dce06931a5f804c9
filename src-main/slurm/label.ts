import type { RunStatus } from '@shared/domain'
import type { SlurmRunInfo } from '../store/slurm'

/**
 * A run's status as a list shows it: a run still out on Slurm names its array task and Slurm's
 * state ("running · slurm 12_3 RUNNING"); an ended run is its status alone.
 */
export function statusWithSlurm(status: RunStatus, slurm: SlurmRunInfo | undefined): string {
  if (!slurm || (status !== 'queued' && status !== 'running')) return status
  return `${status} · slurm ${slurm.jobId}_${slurm.task} ${slurm.state}`
}

/** Epochs as a list shows them: a run out on Slurm reports its progress through slurm_runs. */
export function epochsWithSlurm(status: RunStatus, epochsDone: number, slurm: SlurmRunInfo | undefined): number {
  return status === 'running' && slurm ? Math.max(epochsDone, slurm.epochsDone) : epochsDone
}
