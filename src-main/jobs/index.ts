export { createJobQueue, type JobQueueOptions } from './queue'
export type { JobQueue, SpawnWorker, WorkerHandle } from './types'
