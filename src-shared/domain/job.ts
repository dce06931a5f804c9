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
 * previous one: the live chart loses nothing. Only the newest carries its per-output losses
 * (progressEpochs): the run page's table shows the latest, the store keeps them all.
 */
export const JobProgress = JobInfo.extend({ newEpochs: z.array(EpochMetrics) })
export type JobProgress = z.infer<typeof JobProgress>

const NO_OUTPUTS: EpochMetrics['perOutput'] = { interp: [], extrap: [] }

/** The epoch without its per-output losses (itself when it has none). */
export function withoutPerOutput(e: EpochMetrics): EpochMetrics {
  return e.perOutput.interp.length || e.perOutput.extrap.length ? { ...e, perOutput: NO_OUTPUTS } : e
}

/**
 * A batch of epochs as progress events carry it: per-output losses on the last one only. They were
 * a third of the sign-caveat preset's 10.7 MB of events with its one output; a problem with 50
 * outputs sends 100 of them an epoch, which no live view reads but for the newest.
 */
export function progressEpochs(epochs: readonly EpochMetrics[]): EpochMetrics[] {
  return epochs.map((e, i) => (i === epochs.length - 1 ? e : withoutPerOutput(e)))
}

export const JobFinished = z.object({
  runId: z.number().int(),
  status: RunStatus,
  error: z.string().nullable(),
  divergedAtEpoch: z.number().int().nullable()
})
export type JobFinished = z.infer<typeof JobFinished>
