import type { EpochMetrics, FinalMetrics, LearnedWeights, RunEnvironment } from '@shared/domain'
import type { RunJobSpec } from '../store/types'
import type { PackedWeights } from './packedWeights'

/**
 * Messages between the job queue and a training process. One process runs one job at a time and
 * may be given another when it is done; cancelling a job ends its process.
 */
export type ToWorker =
  | { type: 'run'; job: RunJobSpec }
  /** a view shows this run's weights: send live snapshots for the next `ms` (renewed while it does; 0 stops) */
  | { type: 'watch'; runId: number; ms: number }

export type FromWorker =
  /** the process is up and listening */
  | { type: 'ready' }
  /** the path and backend are chosen: the run is running */
  | { type: 'started'; runId: number; env: RunEnvironment }
  /**
   * every epoch finished since the previous message (at most ~10 messages a second), and the
   * stored snapshots taken since while no view watched the run (the queue stores them with these
   * epochs anyway, heldSnapshots.ts): one message instead of one each, 192 fewer for the article
   */
  | { type: 'epochs'; runId: number; epochs: EpochMetrics[]; snapshots?: StoredSnapshot[] }
  /**
   * the learned weights at a step: every step of the run's snapshot schedule (`stored`, kept for
   * replay) and, between them, while a view watches the run, at most one every LIVE_SNAPSHOT_MS
   * for the live weight map; packed as Float32 (a structured-clone channel carries it as bytes)
   */
  | { type: 'weights'; runId: number; step: number; stored: boolean; weights: PackedWeights }
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

/** A stored snapshot carried by an `epochs` message. */
export interface StoredSnapshot {
  step: number
  weights: PackedWeights
}

const TYPES = new Set(['ready', 'started', 'epochs', 'weights', 'done', 'failed'])

export function isFromWorker(m: unknown): m is FromWorker {
  return typeof m === 'object' && m !== null && TYPES.has((m as { type?: unknown }).type as string)
}

export function isToWorker(m: unknown): m is Extract<ToWorker, { type: 'run' }> {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'run' && typeof (m as { job?: unknown }).job === 'object'
}

export function isWatch(m: unknown): m is Extract<ToWorker, { type: 'watch' }> {
  if (typeof m !== 'object' || m === null) return false
  const w = m as { type?: unknown; runId?: unknown; ms?: unknown }
  return w.type === 'watch' && Number.isInteger(w.runId) && typeof w.ms === 'number' && Number.isFinite(w.ms)
}

/** Epoch batches go out at most this often: what a live chart can use, and few store commits. */
export const PROGRESS_INTERVAL_MS = 100
