import type { LabContext } from '../ipc/context'
import { exportFigure, loadSeriesInOrder, toFilePayload } from '../export'

/**
 * figures.export: a chart (PNG/SVG/PDF) or its data (CSV/JSON) for runs in the store, built by the
 * same code as the on-screen chart. A figure set is two calls (see src-shared/figures/figureSet).
 */
export function setupFigures(ctx: LabContext): void {
  ctx.router.handle('figures.export', async (req) => {
    const series = loadSeriesInOrder(ctx.store, req.ids)
    const file = await exportFigure({
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
