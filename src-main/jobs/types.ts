import type { JobInfo } from '@shared/domain'

/** The queue of training jobs: at most one process per core, queued beyond that. */
export interface JobQueue {
  enqueue(runIds: number[]): void
  list(): JobInfo[]
  /** Cancel a queued or running job; false if it is not in the queue. */
  cancel(runId: number): boolean
  /**
   * A view shows a run's weights: its training process sends live snapshots for the next `ms`
   * milliseconds (a lease the view renews; 0 ends it). False if the run is not running now.
   */
  watchWeights(runId: number, ms: number): boolean
  /** Resolves when every queued and running job has ended. */
  idle(): Promise<void>
  /** Ends the worker processes; what was queued or running is stored as `interrupted`, epochs kept. */
  close(): Promise<void>
}

/** The piece of a child process the queue uses; child_process and Electron's utilityProcess both fit. */
export interface WorkerHandle {
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

/** How training processes are spawned: child_process.fork in Node, utilityProcess in Electron. */
export type SpawnWorker = () => WorkerHandle
