import type { FilePayload } from '../../src-shared/contract'
import type { ExportFormat, FigureOptions, RunSeries } from '../../src-shared/domain'
import { defaultTitle, figureBaseName, lossChartConfig, type LegendNaming } from '../../src-shared/figures'
import { loadCanvas, type CanvasImporter } from './canvasModule'
import { figureCsv, figureJson } from './data'
import { renderPdf, renderPng, renderSvg } from './render'

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
  const s = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '-').replace(/^[\s.-]+|[\s.]+$/g, '').slice(0, 200)
  return s || 'figure'
}

/**
 * One export, shared by the IPC handler and the CLI so both produce the same bytes for the same
 * runs: the chart comes from the same config builder the screen uses, the data from the same rows.
 */
export async function exportFigure(req: FigureExportRequest): Promise<ExportedFile> {
  const { series, format, options } = req
  const base = safeBaseName(req.baseName ?? figureBaseName(series, options.metric))
  const file = (bytes: Buffer): ExportedFile => ({ fileName: `${base}.${format}`, mime: MIME[format], bytes })
  if (format === 'csv') return file(Buffer.from(figureCsv(series, options, req.legend), 'utf8'))
  if (format === 'json') return file(Buffer.from(figureJson(series, options, req.legend), 'utf8'))
  const canvas = await loadCanvas(req.importCanvas)
  // Decimated exactly as on screen (min/max per pixel column above DECIMATION_THRESHOLD points a
  // line): the figure shows what the screen shows, and 20 runs × 10,000 epochs stay a few MB of
  // SVG. The data exports above are never decimated.
  const config = lossChartConfig(series, options, { legend: req.legend, animation: false, decimation: true })
  if (format === 'png') return file(await renderPng(canvas, config, options, req.scale))
  if (format === 'svg') return file(await renderSvg(canvas, config, options))
  return file(await renderPdf(canvas, config, options, options.title || defaultTitle(series, options)))
}

export function toFilePayload(f: ExportedFile): FilePayload {
  return { fileName: f.fileName, mime: f.mime, base64: f.bytes.toString('base64') }
}
