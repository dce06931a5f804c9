import type { SpawnWorker, WorkerHandle } from '../jobs/types'
import { isToWorker, type FromWorker } from '../training/protocol'
import { runJob } from '../training/runJob'

/**
 * "Training processes" that are the calling process itself: a Slurm array task is already a
 * process on a compute node with its own CPU, and training in it lets it store a cancelled run at
 * once when Slurm sends SIGTERM (a child process would get the same signal and die first, and its
 * run would read as failed). Same runJob, same kernels: the same numbers as a worker process.
 * Use with concurrency 1: the training loop only yields to the event loop now and then.
 */
export function inProcessSpawner(): SpawnWorker {
  return (): WorkerHandle => {
    let listener: ((m: unknown) => void) | null = null
    let killed = false
    const post = (m: FromWorker) => {
      if (!killed) listener?.(m)
    }
    return {
      send(message) {
        if (isToWorker(message)) void runJob(message.job, post)
      },
      onMessage(l) {
        listener = l
        queueMicrotask(() => post({ type: 'ready' }))
      },
      onExit() {
        // it never ends on its own: it is this process
      },
      kill() {
        // a run cannot be stopped mid-loop: what it still says is dropped, and the task exits after a cancel
        killed = true
      }
    }
  }
}
