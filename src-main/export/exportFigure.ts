import type { FilePayload } from '@shared/contract'
import type { ExportFormat, FigureOptions, RunSeries } from '@shared/domain'
import { ApiError } from '@shared/api'
import { defaultTitle, figureBaseName, lossChartConfig, splitSeries, type LegendNaming, type PlotSeries } from '@shared/figures'
import { loadCanvas, type CanvasImporter } from './canvasModule'
import { figureCsv, figureJson } from './data'
import { renderPdf, renderPng, renderSvg } from './render'
import type { RunMeta } from './loadSeries'

export const MIME: Record<ExportFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  csv: 'text/csv',
  json: 'application/json'
}

export interface FigureExportRequest {
  series: readonly RunSeries[]
  format: ExportFormat
  options: FigureOptions
  /** PNG only: pixel scale (devicePixelRatio) */
  scale: number
  baseName?: string
  legend?: LegendNaming
  /** each run's spec, generated config and hash: the JSON export carries them, per-output splits need them */
  runs?: readonly RunMeta[]
  /** tests simulate a missing native canvas with this */
  importCanvas?: CanvasImporter
}

export interface ExportedFile {
  fileName: string
  mime: string
  bytes: Buffer
}

/** A base name the user typed becomes safe as a file name, keeping its case and spaces. */
export function safeBaseName(name: string): string {
  const s = name
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, '-')
    .replace(/^[\s.-]+|[\s.]+$/g, '')
    .slice(0, 200)
  return s || 'figure'
}

/**
 * One export, shared by the IPC handler and the CLI so both produce the same bytes for the same
 * runs: the chart comes from the same config builder the screen uses, the data from the same rows.
 */
export async function exportFigure(req: FigureExportRequest): Promise<ExportedFile> {
  const { format, options } = req
  const series = plotted(req)
  const base = safeBaseName(req.baseName ?? figureBaseName(req.series, options.metric))
  const file = (bytes: Buffer): ExportedFile => ({ fileName: `${base}.${format}`, mime: MIME[format], bytes })
  if (format === 'csv') return file(Buffer.from(figureCsv(series, options, req.legend), 'utf8'))
  if (format === 'json') return file(Buffer.from(figureJson(series, options, req.legend, req.runs), 'utf8'))
  const canvas = await loadCanvas(req.importCanvas)
  // Decimated exactly as on screen (min/max per pixel column above DECIMATION_THRESHOLD points a
  // line): the figure shows what the screen shows, and 20 runs × 10,000 epochs stay a few MB of
  // SVG. The data exports above are never decimated.
  const config = lossChartConfig(series, options, { legend: req.legend, animation: false, decimation: true })
  if (format === 'png') return file(await renderPng(canvas, config, options, req.scale))
  if (format === 'svg') return file(await renderSvg(canvas, config, options))
  return file(await renderPdf(canvas, config, options, options.title || defaultTitle(series, options)))
}

/** The series as drawn: whole runs, or split per output or operation from each run's generated config. */
function plotted(req: FigureExportRequest): readonly PlotSeries[] {
  const split = req.options.split
  if (!split) return req.series
  if (req.options.metric === 'train') {
    throw new ApiError({
      code: 'invalid',
      field: 'options',
      message:
        'The training loss is not recorded per output; choose the interpolation or extrapolation loss to plot it per output or operation.'
    })
  }
  return splitSeries(req.series, new Map((req.runs ?? []).map((r) => [r.id, r.config])), split)
}

export function toFilePayload(f: ExportedFile): FilePayload {
  return { fileName: f.fileName, mime: f.mime, base64: f.bytes.toString('base64') }
}
