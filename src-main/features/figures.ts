import type { LabContext } from '../ipc/context'
import { loadSeriesInOrder, toFilePayload } from '../export'
import { exportFigureOffThread } from '../export/offThread'

/**
 * figures.export: a chart (PNG/SVG/PDF) or its data (CSV/JSON) for runs in the store, built by the
 * same code as the on-screen chart. A figure set is two calls (see src-shared/figures/figureSet).
 */
export function setupFigures(ctx: LabContext): void {
  ctx.router.handle('figures.export', async (req) => {
    const series = loadSeriesInOrder(ctx.store, req.ids)
    // drawn on a worker thread: in the desktop app this handler runs on Electron's main thread
    const file = await exportFigureOffThread({
      series,
      format: req.format,
      options: req.options,
      scale: req.scale,
      baseName: req.baseName,
      legend: req.legend
    })
    return toFilePayload(file)
  })
}
