import { z } from 'zod'
import { EpochMetrics, RunStatus } from './run'
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
 * previous one: the live chart loses nothing.
 */
export const JobProgress = JobInfo.extend({ newEpochs: z.array(EpochMetrics) })
export type JobProgress = z.infer<typeof JobProgress>

export const JobFinished = z.object({
  runId: z.number().int(),
  status: RunStatus,
  error: z.string().nullable(),
  divergedAtEpoch: z.number().int().nullable()
})
export type JobFinished = z.infer<typeof JobFinished>
