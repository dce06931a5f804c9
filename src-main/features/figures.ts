import type { ParsedRequestOf } from '@shared/contract'
import type { LabContext } from '../ipc/context'
import { loadRunMeta, loadSeriesInOrder, toFilePayload, type ExportedFile } from '../export'
import { exportFigureOffThread } from '../export/offThread'
import { saveDialog } from './files'

/**
 * figures.export: a chart (PNG/SVG/PDF) or its data (CSV/JSON) for runs in the store, built by the
 * same code as the on-screen chart. A figure set is two calls (see src-shared/figures/figureSet).
 * figures.save (desktop): the same file handed to the save dialog here, never crossing IPC.
 */
export function setupFigures(ctx: LabContext): void {
  ctx.router.handle('figures.export', async (req) => toFilePayload(await drawFigure(ctx, req)))
  ctx.router.handle('figures.save', async (req) => {
    const save = saveDialog(ctx)
    const file = await drawFigure(ctx, req)
    return { path: await save(file) }
  })
}

/** The file, drawn on a worker thread: in the desktop app the handlers run on Electron's main thread. */
async function drawFigure(ctx: LabContext, req: ParsedRequestOf<'figures.export'>): Promise<ExportedFile> {
  return exportFigureOffThread({
    series: loadSeriesInOrder(ctx.store, req.ids),
    format: req.format,
    options: req.options,
    scale: req.scale,
    baseName: req.baseName,
    legend: req.legend,
    // the JSON export carries each run's configuration; per-output figures need its generated config
    runs: req.format === 'json' || req.options.split ? loadRunMeta(ctx.store, req.ids) : undefined
  })
}
