import { availableParallelism } from 'node:os'
import { ApiError } from '@shared/api'
import { packEpochs } from '@shared/domain'
import type { EventHub } from '../ipc/events'
import type { LabStore, RunEnd } from '../store/types'
import type { FromWorker } from '../training/protocol'
import { unpackWeights } from '../training/packedWeights'
import { estimatedWork } from './cost'
import { HeldSnapshots } from './heldSnapshots'
import { jobInfo, newJob, type Job } from './jobState'
import { Processes } from './processes'
import type { JobQueue, SpawnWorker } from './types'
import { unsavedEnds } from './unsavedEnds'

export interface JobQueueOptions {
  store: LabStore
  events: EventHub
  spawn: SpawnWorker
  /** training processes at once; default one per core */
  concurrency?: number
  now?: () => number
  log?: (message: string) => void
}

/**
 * Runs queued runs in training processes, at most `concurrency` at once, the rest queued. Epochs
 * are stored as they arrive and sent on as `jobs.progress` events carrying every new epoch, in
 * the batches the training process sends them; a run's end is stored, then announced by `jobs.finished` and `runs.changed`.
 */
export function createJobQueue(opts: JobQueueOptions): JobQueue {
  const { store, events, spawn } = opts
  const concurrency = Math.max(1, opts.concurrency ?? availableParallelism())
  const now = opts.now ?? (() => performance.now())
  const log = opts.log ?? ((m: string) => console.error(m))
  const queued: Job[] = []
  const running = new Map<number, Job>()
  let waiters: (() => void)[] = []
  let closed = false
  // until when (in now()'s clock) some view shows a run's weights: only then do its snapshots go
  // out as events. A study sends 64 stored snapshots per run; broadcast to pages that never show
  // them, they were nine messages in ten on the wire (bench/ui-live.ts)
  const watchedUntil = new Map<number, number>()

  const unsaved = unsavedEnds(store, () => events.emit('runs.changed', { reason: 'finished' }), log)

  /** what the store left out of a write (a malformed snapshot, one over the budget): logged, the run goes on */
  const refused = (runId: number, why: string[]): void => why.forEach((w) => log(`run ${runId}: ${w}`))
  // stored snapshots wait for their run's next epochs, to share its transaction (heldSnapshots.ts)
  const held = new HeldSnapshots((runId, snapshots) => {
    try {
      refused(runId, store.appendEpochs(runId, [], snapshots))
    } catch (err) {
      log(`run ${runId}: ${snapshots.length} weight snapshots not stored (${(err as Error).message})`)
    }
  })

  /** Ends a job: last progress out, the end stored, then announced; frees its slot. */
  const finish = (job: Job, end: RunEnd): void => {
    held.flush(job.runId)
    running.delete(job.runId)
    watchedUntil.delete(job.runId)
    const q = queued.indexOf(job)
    if (q >= 0) queued.splice(q, 1)
    if (job.slot) job.slot.job = null
    job.slot = null
    let error = end.error ?? null
    try {
      store.finishRun(job.runId, end)
    } catch (err) {
      const later = unsaved.transient(err)
      const why = (err as Error).message
      const refused = later
        ? `NALU Lab stores its end as soon as the database can be written again${error?.includes(why) ? '' : ` (${why})`}`
        : `the store refused the end of the run: ${why}`
      error = `${error ? `${error}; ` : ''}${refused}`
      log(`run ${job.runId}: ${error}`)
      if (later) unsaved.keep(job.runId, { ...end, error: end.error ?? null })
    }
    events.emit('jobs.finished', { runId: job.runId, status: end.status, error, divergedAtEpoch: end.divergedAtEpoch ?? null })
    events.emit('runs.changed', { reason: 'finished' })
    pump()
    settle()
  }

  /** A store failure while a job runs ends that job: its process is stopped, the run failed. */
  const guarded = (job: Job, what: () => void): void => {
    try {
      what()
    } catch (err) {
      if (job.slot) processes.kill(job.slot)
      finish(job, { status: 'failed', error: `Stopped: the run could not be stored (${(err as Error).message})` })
    }
  }

  const handle = (job: Job, m: Exclude<FromWorker, { type: 'ready' }>): void => {
    switch (m.type) {
      case 'started':
        return guarded(job, () => {
          store.markRunning(job.runId, m.env)
          // a run trained again (resumed, requeued) replays from its new start
          store.snapshots.clear(job.runId)
          events.emit('runs.changed', { reason: 'updated' })
        })
      case 'epochs':
        // the stored snapshots that came with them first: they join the held ones in this transaction
        for (const s of m.snapshots ?? [])
          storeSnapshot(job, { type: 'weights', runId: job.runId, step: s.step, stored: true, weights: s.weights })
        return guarded(job, () => {
          refused(job.runId, store.appendEpochs(job.runId, m.epochs, held.take(job.runId)))
          job.epoch = m.epochs[m.epochs.length - 1]?.epoch ?? job.epoch
          // the training process already sends at most one batch per PROGRESS_INTERVAL_MS
          // (runJob): each batch goes on as it came, the one throttle of the way to the chart
          events.emit('jobs.progress', { ...jobInfo(job, now()), newEpochs: packEpochs(m.epochs) })
        })
      case 'weights':
        return storeSnapshot(job, m)
      case 'done':
        return finish(job, { status: m.status, error: m.error, divergedAtEpoch: m.divergedAtEpoch, final: m.final, weights: m.weights })
      case 'failed':
        return finish(job, { status: 'failed', error: m.error })
    }
  }

  /** A snapshot goes to the live view; the schedule's ones are kept for replay, as they came (a refusal is logged: the run goes on). */
  const storeSnapshot = (job: Job, m: Extract<FromWorker, { type: 'weights' }>): void => {
    if (m.stored) held.add(job.runId, { step: m.step, weights: m.weights })
    if ((watchedUntil.get(job.runId) ?? -Infinity) < now()) return
    let weights
    try {
      weights = unpackWeights(m.weights)
    } catch (err) {
      return log(`run ${job.runId}: weight snapshot at step ${m.step} unreadable (${(err as Error).message})`)
    }
    events.emit('jobs.weights', { runId: job.runId, step: m.step, stored: m.stored, weights })
  }

  const died = (job: Job, code: number | null): void => {
    const how = code === null ? 'was killed' : `exited with code ${code}`
    finish(job, {
      status: 'failed',
      error: `The training process ${how} before the run ended (epoch ${job.epoch} of ${job.spec.spec.training.epochs} stored)`
    })
  }

  const processes = new Processes(spawn, { message: handle, died }, log)

  const start = (job: Job): void => {
    job.status = 'running'
    job.startedAt = now()
    running.set(job.runId, job)
    try {
      processes.assign(job)
    } catch (err) {
      finish(job, { status: 'failed', error: `Could not start a training process: ${(err as Error).message}` })
    }
  }

  const pump = (): void => {
    while (!closed && running.size < concurrency && queued.length) start(queued.shift() as Job)
  }

  const settle = (): void => {
    if (queued.length || running.size) return
    const w = waiters
    waiters = []
    w.forEach((resolve) => resolve())
  }

  const cancelJob = (job: Job): void => {
    if (job.slot) processes.kill(job.slot)
    finish(job, { status: 'cancelled' })
  }

  return {
    enqueue(runIds) {
      if (closed) throw new Error('The job queue is closed')
      const jobs = runIds.map((id) => {
        const spec = store.getJobSpec(id)
        if (!spec) throw ApiError.notFound('Run', id)
        return newJob(spec)
      })
      const work = new Map(jobs.map((j) => [j, estimatedWork(j.spec)]))
      queued.push(...jobs.sort((a, b) => (work.get(b) as number) - (work.get(a) as number)))
      pump()
    },
    list() {
      const t = now()
      return [...running.values(), ...queued].map((j) => jobInfo(j, t))
    },
    cancel(runId) {
      const job = running.get(runId) ?? queued.find((j) => j.runId === runId)
      if (!job) return false
      cancelJob(job)
      return true
    },
    watchWeights(runId, ms) {
      const job = running.get(runId)
      if (!job) return false
      if (ms > 0) watchedUntil.set(runId, now() + ms)
      else watchedUntil.delete(runId)
      return processes.tell(job, { type: 'watch', runId, ms })
    },
    idle() {
      if (!queued.length && !running.size) return Promise.resolve()
      return new Promise<void>((resolve) => waiters.push(resolve))
    },
    close() {
      closed = true
      // nobody cancelled these: the app is closing, so they end as interrupted, epochs kept
      for (const job of [...queued, ...running.values()]) {
        if (job.slot) processes.kill(job.slot)
        const stored = `epoch ${job.epoch} of ${job.spec.spec.training.epochs} stored`
        finish(job, { status: 'interrupted', error: `Interrupted: NALU Lab shut down before the run ended (${stored}).` })
      }
      processes.killAll()
      unsaved.flush()
      settle()
      return Promise.resolve()
    }
  }
}
