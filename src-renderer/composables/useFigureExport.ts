import { ref, type Ref } from 'vue'
import type { RequestOf } from '../../src-shared/contract'
import type { ExportFormat, FigureOptions, RunSeries } from '../../src-shared/domain'
import { figureSetRequests } from '../../src-shared/figures'
import { useApi } from '../api'
import { saveFile } from '../api/saveFile'
import { readableError, type ReadableError } from '../lib/errors'

export const EXPORT_FORMATS: readonly { value: ExportFormat; label: string }[] = [
  { value: 'png', label: 'PNG image' },
  { value: 'svg', label: 'SVG (vector)' },
  { value: 'pdf', label: 'PDF (vector)' },
  { value: 'csv', label: 'CSV data' },
  { value: 'json', label: 'JSON data' }
]

/** PNG resolution: a fixed pixel scale, or a DPI at a printed width in inches. */
export type PngResolution = { kind: 'scale'; scale: number } | { kind: 'dpi'; dpi: number; widthIn: number }
export const MAX_SCALE = 16

/** The pixel scale for a resolution; null when it is out of the range the exporter accepts. */
export function pngScale(res: PngResolution, widthPx: number): number | null {
  const s = res.kind === 'scale' ? res.scale : (res.dpi * res.widthIn) / widthPx
  return Number.isFinite(s) && s > 0 && s <= MAX_SCALE ? s : null
}

export type RunRef = Pick<RunSeries, 'id' | 'experimentName'>

export interface FigureExport {
  busy: Ref<boolean>
  error: Ref<ReadableError | null>
  /** where the last file went (a path on desktop, the file name in the browser) */
  saved: Ref<string[]>
  /** one figure or its data; false if the user cancelled the save dialog */
  exportFigure(ids: number[], format: ExportFormat, options: FigureOptions, scale: number): Promise<boolean>
  /** the article's pair (training and extrapolation loss, a line per architecture), one file each */
  exportFigureSet(runs: readonly RunRef[], format: ExportFormat, options: FigureOptions, scale: number): Promise<boolean>
}

/**
 * Export through the contract: the main side draws the file with the same chart config as the
 * screen (figures.export), then the desktop save dialog or a browser download stores it.
 */
export function useFigureExport(): FigureExport {
  const busy = ref(false)
  const error = ref<ReadableError | null>(null)
  const saved = ref<string[]>([])

  async function run(requests: RequestOf<'figures.export'>[]): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    error.value = null
    saved.value = []
    try {
      const api = useApi()
      for (const req of requests) {
        const where = await saveFile(await api.invoke('figures.export', req))
        // a cancelled dialog stops the set: the user did not want these files here
        if (where === null) return false
        saved.value = [...saved.value, where]
      }
      return true
    } catch (err) {
      error.value = readableError(err)
      return false
    } finally {
      busy.value = false
    }
  }

  return {
    busy,
    error,
    saved,
    exportFigure: (ids, format, options, scale) => run([{ ids, format, options, scale }]),
    exportFigureSet: (runs, format, options, scale) => run(figureSetRequests(runs, format, options, scale))
  }
}
