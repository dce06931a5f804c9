import { ApiError } from '@shared/api'
import type { LabContext } from '../ipc/context'
import { prepareAsRunsEnd } from './runsChart'

const notFound = ApiError.notFound

/** The history list, one run in full, comparison series, edits and deletes, over the run store. */
export function setupRuns(ctx: LabContext): void {
  const { router, store, events } = ctx

  router.handle('runs.list', (q) => store.listRuns(q))

  router.handle('runs.get', ({ id, series, weights }) => {
    const run = store.getRun(id, { series, weights })
    if (!run) throw notFound('Run', [id])
    return run
  })

  router.handle('runs.series', async ({ ids, perOutput, columns }) => {
    const series = columns === undefined ? store.getSeries(ids, { perOutput }) : await store.getSeriesReduced(ids, { columns, perOutput })
    const found = new Set(series.map((s) => s.id))
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length) throw notFound('Run', missing)
    return series
  })

  router.handle('runs.chart', async ({ id, columns, plot, wall }) => {
    const chart = await store.chartSeries(id, columns, plot, { wall })
    if (!chart) throw notFound('Run', [id])
    return chart
  })
  prepareAsRunsEnd(ctx)

  // every epoch of one run, a piece at a time (Compare's smoothing, grouping, per-output splits)
  router.handle('runs.epochs', async ({ id, after, perOutput }) => {
    const piece = await store.epochPiece(id, { after, perOutput })
    if (!piece) throw notFound('Run', [id])
    return piece
  })

  router.handle('runs.update', ({ id, tags, notes }) => {
    const row = store.updateRun(id, { tags, notes })
    events.emit('runs.changed', { reason: 'updated' })
    return row
  })

  router.handle('runs.delete', ({ ids }) => {
    const deleted = store.deleteRuns(ids)
    events.emit('runs.changed', { reason: 'deleted' })
    return { deleted }
  })

  router.handle('runs.facets', () => store.facets())

  router.handle('experiments.delete', ({ id }) => {
    const deletedRuns = store.deleteExperiment(id)
    events.emit('runs.changed', { reason: 'deleted' })
    return { deletedRuns }
  })
}
