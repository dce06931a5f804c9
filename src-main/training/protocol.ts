import type { EpochMetrics, FinalMetrics, LearnedWeights, RunEnvironment } from '@shared/domain'
import type { RunJobSpec } from '../store/types'

/**
 * Messages between the job queue and a training process. One process runs one job at a time and
 * may be given another when it is done; cancelling a job ends its process.
 */
export type ToWorker = { type: 'run'; job: RunJobSpec }

export type FromWorker =
  /** the process is up and listening */
  | { type: 'ready' }
  /** the path and backend are chosen: the run is running */
  | { type: 'started'; runId: number; env: RunEnvironment }
  /** every epoch finished since the previous message (at most ~10 messages a second) */
  | { type: 'epochs'; runId: number; epochs: EpochMetrics[] }
  /**
   * the learned weights at a step: every step of the run's snapshot schedule (`stored`, kept for
   * replay) and, between them, at most one every LIVE_SNAPSHOT_MS for the live weight map
   */
  | { type: 'weights'; runId: number; step: number; stored: boolean; weights: LearnedWeights }
  | {
      type: 'done'
      runId: number
      status: 'completed' | 'diverged'
      error: string | null
      divergedAtEpoch: number | null
      final: FinalMetrics | null
      weights: LearnedWeights | null
    }
  /** the job could not run (a bad spec, a backend that failed to load, a bug) */
  | { type: 'failed'; runId: number; error: string }

const TYPES = new Set(['ready', 'started', 'epochs', 'weights', 'done', 'failed'])

export function isFromWorker(m: unknown): m is FromWorker {
  return typeof m === 'object' && m !== null && TYPES.has((m as { type?: unknown }).type as string)
}

export function isToWorker(m: unknown): m is ToWorker {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'run' && typeof (m as { job?: unknown }).job === 'object'
}

/** Epoch batches go out at most this often: what a live chart can use, and few store commits. */
export const PROGRESS_INTERVAL_MS = 100
