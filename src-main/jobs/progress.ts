import type { EventHub } from '../ipc/events'
import { PROGRESS_INTERVAL_MS } from '../training/protocol'
import { jobInfo, type Job } from './jobState'

/**
 * `jobs.progress` for one job at most every PROGRESS_INTERVAL_MS: epochs that arrive in between
 * wait in `job.pending` and go out together, so a chart that listens loses none.
 */
export function progressEmitter(events: EventHub, now: () => number) {
  const emit = (job: Job): void => {
    if (job.timer) clearTimeout(job.timer)
    job.timer = null
    job.lastEmit = now()
    const newEpochs = job.pending
    job.pending = []
    events.emit('jobs.progress', { ...jobInfo(job, now()), newEpochs })
  }
  return {
    /** new epochs of a job: sent now, or with the next send if one went out less than 100 ms ago */
    schedule(job: Job): void {
      const wait = PROGRESS_INTERVAL_MS - (now() - job.lastEmit)
      if (wait <= 0) emit(job)
      else if (!job.timer) job.timer = setTimeout(() => emit(job), wait)
    },
    /** a job ends: whatever is pending goes out now, and no timer is left behind */
    flush(job: Job): void {
      if (job.pending.length) emit(job)
      if (job.timer) clearTimeout(job.timer)
      job.timer = null
    }
  }
}
