import { ApiError } from '@shared/api'
import { sumRecovered } from '@shared/weights'
import type { LabContext } from '../ipc/context'

/**
 * A run's stored weight snapshots (the Run view's replay), and per model how many outputs the
 * runs' final weights recovered exactly (Compare, the study page), from the counts the store keeps.
 */
export function setupSnapshots(ctx: LabContext): void {
  const { router, store } = ctx
  router.handle('runs.snapshots', ({ id }) => {
    if (!store.getRun(id, { series: false, weights: false })) throw ApiError.notFound('Run', [id])
    return store.snapshots.list(id)
  })
  router.handle('runs.recovered', (req) => {
    let ids: number[]
    if ('ids' in req) ids = req.ids
    else {
      const study = store.getStudy(req.experimentId)
      if (!study) throw ApiError.notFound('Experiment', [req.experimentId])
      ids = study.runs.map((r) => r.id)
    }
    return sumRecovered(store.recoveredCounts(ids))
  })
}
