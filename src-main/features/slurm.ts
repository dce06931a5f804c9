import { ApiError } from '@shared/api'
import type { LabContext } from '../ipc/context'
import { commandLineCluster, onPath, SlurmError, type SlurmCluster } from '../slurm/cluster'
import { createSlurmPoller } from '../slurm/poller'
import { liveSlurmRuns, studySlurmJobs } from '../slurm/view'

/** The Slurm commands the app runs: submit (by `lab run --on slurm`), ask and cancel. */
const COMMANDS = ['sbatch', 'scontrol', 'scancel']

export interface SlurmFeatureOptions {
  /** tests pass a scripted cluster; the app runs Slurm's commands */
  cluster?: SlurmCluster
  /** whether Slurm's commands are here; default: looked up on PATH */
  available?: boolean
  intervalMs?: number
  log?: (msg: string) => void
}

export interface SlurmFeature {
  stop(): Promise<void>
}

/**
 * Studies on Slurm in the app: while a study has runs out on the cluster, Slurm is asked every
 * `intervalMs` (one poll at a time) and finished shards are collected into this database, so a
 * study on Slurm progresses on its page and in the Live view as a local one does. Without Slurm's
 * commands on PATH the app only shows what `lab collect` last brought home, and says why.
 */
export function setupSlurm(ctx: LabContext, opts: SlurmFeatureOptions = {}): SlurmFeature {
  const { router, store, events } = ctx
  const missing = COMMANDS.filter((c) => !onPath(c))
  const available = opts.available ?? missing.length === 0
  const idle = available
    ? null
    : `Slurm's commands are not on this machine's PATH (${(missing.length ? missing : COMMANDS).join(', ')} missing), so the app does not ask Slurm: it shows what \`npm run lab -- collect\` last brought home. Run the app, or \`lab collect\`, on a login node of the cluster.`
  const cluster = opts.cluster ?? commandLineCluster()
  const poller = createSlurmPoller({
    store,
    cluster,
    intervalMs: opts.intervalMs ?? 12_000,
    log: opts.log,
    onPolled(experimentIds, changed) {
      if (changed) events.emit('runs.changed', { reason: 'updated' })
      events.emit('slurm.polled', { experimentIds, at: new Date().toISOString() })
    }
  })
  const watch = (checkedAt: string | null) => ({
    available,
    note: idle ?? poller.note,
    polling: available && poller.polling && store.slurm.activeExperiments().length > 0,
    checkedAt
  })
  // a study the CLI submitted while the app was closed is asked about shortly after it opens
  if (available) poller.wake(1000)

  router.handle('slurm.status', ({ experimentId }) => {
    const { jobs, checkedAt } = studySlurmJobs(store, experimentId)
    if (available) poller.wake()
    return { experimentId, jobs, ...watch(checkedAt) }
  })

  router.handle('slurm.live', () => {
    const { runs, checkedAt } = liveSlurmRuns(store)
    if (available && runs.length) poller.wake()
    return { runs, ...watch(checkedAt) }
  })

  router.handle('slurm.cancel', async ({ experimentId, jobId, task }) => {
    if (!available) throw new ApiError({ code: 'unavailable', message: idle ?? 'Slurm is not available here' })
    const job = studySlurmJobs(store, experimentId).jobs.find((j) => j.jobId === jobId)
    if (!job)
      throw new ApiError({ code: 'not_found', message: `Slurm job ${jobId} is not a job of experiment ${experimentId}`, field: 'jobId' })
    if (task !== undefined && !job.activeTasks.includes(task))
      throw new ApiError({
        code: 'conflict',
        message: `Task ${task} of Slurm job ${jobId} is not pending or running${job.activeTasks.length ? ` (those are tasks ${job.activeTasks.join(', ')})` : ''}`,
        field: 'task'
      })
    if (task === undefined && !job.activeTasks.length)
      throw new ApiError({ code: 'conflict', message: `Slurm job ${jobId} has no task pending or running` })
    try {
      await cluster.cancel(jobId, task)
    } catch (err) {
      if (err instanceof SlurmError) throw new ApiError({ code: 'unavailable', message: err.message })
      throw err
    }
    // the tasks store their runs as cancelled on SIGTERM; the next polls collect them
    poller.wake(2000)
    return { cancelled: task === undefined ? jobId : `${jobId}_${task}` }
  })

  return { stop: () => poller.stop() }
}
