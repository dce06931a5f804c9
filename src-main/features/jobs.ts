import type { LabContext } from '../ipc/context'

export function setupJobs(ctx: LabContext): void {
  ctx.router.handle('jobs.list', () => ctx.jobs.list())
  ctx.router.handle('jobs.cancel', ({ runId }) => ({ cancelled: ctx.jobs.cancel(runId) }))
  ctx.router.handle('jobs.watchWeights', ({ runId, ms }) => ({ watching: ctx.jobs.watchWeights(runId, ms) }))
}
