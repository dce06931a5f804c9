import { z } from 'zod'
import { EpochBatch } from './epochBatch'
import { type EpochMetrics, RunStatus } from './run'
import { Schedule } from './training'

/** A queued or running training job, as the Live view lists it. */
export const JobInfo = z.object({
  runId: z.number().int(),
  experimentId: z.number().int(),
  experimentName: z.string(),
  model: z.string(),
  seed: z.number().int(),
  status: z.enum(['queued', 'running']),
  epoch: z.number().int(),
  epochs: z.number().int(),
  /** what `epoch` and `epochs` count; absent from senders older than the iteration schedule: epochs */
  schedule: Schedule.optional(),
  elapsedMs: z.number(),
  /** estimated time left, null until an epoch has finished */
  etaMs: z.number().nullable()
})
export type JobInfo = z.infer<typeof JobInfo>

/**
 * Progress of one job. Events are throttled, so one event carries every epoch finished since the
 * previous one, packed (EpochBatch): the live chart loses nothing.
 */
export const JobProgress = JobInfo.extend({ newEpochs: EpochBatch })
export type JobProgress = z.infer<typeof JobProgress>

const NO_OUTPUTS: EpochMetrics['perOutput'] = { interp: [], extrap: [] }

/** The epoch without its per-output losses (itself when it has none). */
export function withoutPerOutput(e: EpochMetrics): EpochMetrics {
  return e.perOutput.interp.length || e.perOutput.extrap.length ? { ...e, perOutput: NO_OUTPUTS } : e
}

export const JobFinished = z.object({
  runId: z.number().int(),
  status: RunStatus,
  error: z.string().nullable(),
  divergedAtEpoch: z.number().int().nullable()
})
export type JobFinished = z.infer<typeof JobFinished>
