import type { ParsedRequestOf } from '@shared/contract'
import type { LabContext } from '../ipc/context'
import type { ExportedFile } from '../export'
import { loadRunMeta, loadSeriesInOrder } from '../export/loadSeries'
import { exportFigureOffThread } from '../export/offThread'
import { saveDialog } from './files'

// The figure code (with Chart.js) loads at the first export, not at every start (docs/store.md, "Start-up").
const exporter = () => import('../export')

/**
 * figures.export: a chart (PNG/SVG/PDF) or its data (CSV/JSON) for runs in the store, built by the
 * same code as the on-screen chart. A figure set is two calls (see src-shared/figures/figureSet).
 * figures.save (desktop): the same file handed to the save dialog here, never crossing IPC.
 * figures.bundle / figures.saveBundle: a comparison's ten files in one .zip, one download or dialog.
 */
export function setupFigures(ctx: LabContext): void {
  ctx.router.handle('figures.export', async (req) => (await exporter()).toFilePayload(await drawFigure(ctx, req)))
  ctx.router.handle('figures.save', async (req) => {
    const save = saveDialog(ctx)
    const file = await drawFigure(ctx, req)
    return { path: await save(file) }
  })
  ctx.router.handle('figures.bundle', async (req) => (await exporter()).toFilePayload(await drawBundle(ctx, req)))
  ctx.router.handle('figures.saveBundle', async (req) => {
    const save = saveDialog(ctx)
    const file = await drawBundle(ctx, req)
    return { path: await save(file) }
  })
}

/** The runs are read once for all ten files; each file is drawn off the main thread as drawFigure does. */
async function drawBundle(ctx: LabContext, req: ParsedRequestOf<'figures.bundle'>): Promise<ExportedFile> {
  const series = loadSeriesInOrder(ctx.store, req.ids)
  const runs = loadRunMeta(ctx.store, req.ids)
  const { figureBundle } = await exporter()
  return figureBundle(series, req.options, req.scale, (one) =>
    exportFigureOffThread({ ...one, series, runs: one.format === 'json' || one.options.split ? runs : undefined })
  )
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
