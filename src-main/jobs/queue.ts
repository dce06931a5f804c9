import { availableParallelism } from 'node:os'
import type { EventHub } from '../ipc/events'
import type { LabStore, RunEnd } from '../store/types'
import type { FromWorker } from '../training/protocol'
import { estimatedWork } from './cost'
import { jobInfo, newJob, type Job } from './jobState'
import { Processes } from './processes'
import { progressEmitter } from './progress'
import type { JobQueue, SpawnWorker } from './types'

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
 * are stored as they arrive and sent on as throttled `jobs.progress` events carrying every new
 * epoch; a run's end is stored, then announced by `jobs.finished` and `runs.changed`.
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

  const progress = progressEmitter(events, now)

  /** Ends a job: last progress out, the end stored, then announced; frees its slot. */
  const finish = (job: Job, end: RunEnd): void => {
    progress.flush(job)
    running.delete(job.runId)
    const q = queued.indexOf(job)
    if (q >= 0) queued.splice(q, 1)
    if (job.slot) job.slot.job = null
    job.slot = null
    let error = end.error ?? null
    try {
      store.finishRun(job.runId, end)
    } catch (err) {
      error = `${error ? `${error}; ` : ''}the store refused the end of the run: ${(err as Error).message}`
      log(`run ${job.runId}: ${error}`)
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
          events.emit('runs.changed', { reason: 'updated' })
        })
      case 'epochs':
        return guarded(job, () => {
          store.appendEpochs(job.runId, m.epochs)
          job.epoch = m.epochs[m.epochs.length - 1]?.epoch ?? job.epoch
          job.pending.push(...m.epochs)
          progress.schedule(job)
        })
      case 'done':
        return finish(job, { status: m.status, error: m.error, divergedAtEpoch: m.divergedAtEpoch, final: m.final, weights: m.weights })
      case 'failed':
        return finish(job, { status: 'failed', error: m.error })
    }
  }

  const died = (job: Job, code: number | null): void => {
    const how = code === null ? 'was killed' : `exited with code ${code}`
    finish(job, { status: 'failed', error: `The training process ${how} before the run ended (epoch ${job.epoch} of ${job.spec.spec.training.epochs} stored)` })
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
        if (!spec) throw new Error(`Run ${id} does not exist`)
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
    idle() {
      if (!queued.length && !running.size) return Promise.resolve()
      return new Promise<void>((resolve) => waiters.push(resolve))
    },
    async close() {
      closed = true
      // nobody cancelled these: the app is closing, so they end as interrupted, epochs kept
      for (const job of [...queued, ...running.values()]) {
        if (job.slot) processes.kill(job.slot)
        const stored = `epoch ${job.epoch} of ${job.spec.spec.training.epochs} stored`
        finish(job, { status: 'interrupted', error: `Interrupted: NALU Lab shut down before the run ended (${stored}).` })
      }
      processes.killAll()
      settle()
    }
  }
}
