import type { LabContext } from '../ipc/context'
import { studySeries, studySummary } from '../services/studies'
import { addSeeds, resumeStudy } from '../services/studyRuns'

/** Studies: an experiment's runs over seeds as success rates and bands; more seeds; resume. */
export function setupStudies(ctx: LabContext): void {
  ctx.router.handle('studies.summary', ({ experimentId }) => {
    // a study trained by a `lab run` that died (kill -9, a closed terminal) while the app is open
    // would read "running" for ever and could not be resumed: its runs end interrupted here, as
    // they would at the app's next start (runs of live processes are left alone)
    if (ctx.store.recoverInterrupted() > 0) ctx.events.emit('runs.changed', { reason: 'updated' })
    return studySummary(ctx, experimentId)
  })
  ctx.router.handle('studies.series', (q) => studySeries(ctx.store, q))
  ctx.router.handle('studies.addSeeds', ({ experimentId, seeds }) => addSeeds(ctx, experimentId, seeds))
  ctx.router.handle('studies.resume', ({ experimentId }) => resumeStudy(ctx, experimentId))
}
