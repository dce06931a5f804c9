/**
 * The training process. Started by the job queue with child_process.fork (browser mode, CLI) or
 * Electron's utilityProcess.fork (desktop app); which one is detected at run time, so this file
 * never imports electron. It runs the jobs it is sent, one at a time.
 */
import { isToWorker, isWatch, type FromWorker } from './protocol'
import { runJob } from './runJob'
import { WatchLeases } from './snapshotHooks'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): void
}

function channel(): { post: (m: FromWorker) => void; listen: (l: (m: unknown) => void) => void } {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (port) return { post: (m) => port.postMessage(m), listen: (l) => port.on('message', (e) => l(e.data)) }
  if (process.send) {
    // a forked worker must not outlive the process that started it; Ctrl-C in a terminal reaches
    // the whole process group, but cancelling is the parent's call (it stores the run as cancelled)
    process.on('disconnect', () => process.exit(0))
    process.on('SIGINT', () => {})
    return { post: (m) => process.send?.(m), listen: (l) => process.on('message', l) }
  }
  throw new Error('The training worker must be started by the job queue (no parent channel)')
}

const { post, listen } = channel()
let queue: Promise<void> = Promise.resolve()
// live weight maps only for a run a view watches (the training loop yields often enough to hear it)
const leases = new WatchLeases()

listen((message) => {
  if (isWatch(message)) return leases.watch(message.runId, message.ms)
  if (!isToWorker(message)) return
  const runId = message.job.runId
  queue = queue.then(() => runJob(message.job, post, undefined, () => leases.watching(runId)))
})
post({ type: 'ready' })
