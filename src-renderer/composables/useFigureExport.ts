import { ref, type Ref } from 'vue'
import type { RequestOf } from '@shared/contract'
import type { ExportFormat, FigureOptions, RunSeries } from '@shared/domain'
import { figureSetRequests } from '@shared/figures'
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

/** The largest PNG pixel scale the exporter accepts (16 × 96 = 1536 DPI). */
export const MAX_SCALE = 16

export type RunRef = Pick<RunSeries, 'id' | 'experimentName'>

export interface FigureExport {
  busy: Ref<boolean>
  error: Ref<ReadableError | null>
  /** where the last file went (a path on desktop, the file name in the browser) */
  saved: Ref<string[]>
  /** one figure or its data; false if the user cancelled the save dialog */
  exportFigure: (ids: number[], format: ExportFormat, options: FigureOptions, scale: number) => Promise<boolean>
  /** the article's pair (training and extrapolation loss, a line per architecture), one file each */
  exportFigureSet: (runs: readonly RunRef[], format: ExportFormat, options: FigureOptions, scale: number) => Promise<boolean>
  /** a comparison in one .zip: the figure set as PNG, SVG and PDF, and its data as CSV and JSON (with configs) */
  exportBundle: (runs: readonly RunRef[], options: FigureOptions, scale: number) => Promise<boolean>
}

export { BUNDLE_FORMATS } from '@shared/figures'

/**
 * Export through the contract: the main side draws the file with the same chart config as the
 * screen. Desktop: figures.save hands it to the save dialog there, the bytes never cross IPC.
 * Browser mode: figures.export brings it here and a download stores it.
 */
export function useFigureExport(): FigureExport {
  const busy = ref(false)
  const error = ref<ReadableError | null>(null)
  const saved = ref<string[]>([])

  /** Each save is one file: where it went, or null when the user cancelled its dialog. */
  async function run(saves: (() => Promise<string | null>)[]): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    error.value = null
    saved.value = []
    try {
      for (const save of saves) {
        const where = await save()
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

  const figure = (req: RequestOf<'figures.export'>) => async (): Promise<string | null> => {
    const api = useApi()
    return api.transport === 'electron' ? (await api.invoke('figures.save', req)).path : saveFile(await api.invoke('figures.export', req))
  }
  // the ten files of a bundle are one .zip drawn on the main side: one dialog, one download
  const bundle = (req: RequestOf<'figures.bundle'>) => async (): Promise<string | null> => {
    const api = useApi()
    return api.transport === 'electron'
      ? (await api.invoke('figures.saveBundle', req)).path
      : saveFile(await api.invoke('figures.bundle', req))
  }

  return {
    busy,
    error,
    saved,
    exportFigure: (ids, format, options, scale) => run([figure({ ids, format, options, scale })]),
    exportFigureSet: (runs, format, options, scale) => run(figureSetRequests(runs, format, options, scale).map(figure)),
    exportBundle: (runs, options, scale) => run([bundle({ ids: runs.map((r) => r.id), options, scale })])
  }
}
