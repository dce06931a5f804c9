import type { FigureOptions, RunSeries } from '@shared/domain'
import { bundleFileName, bundleRequests, type FigureSetRequest } from '@shared/figures'
import type { ExportedFile } from './exportFigure'
import { zipStore } from './zip'

export const ZIP_MIME = 'application/zip'

/**
 * A comparison in one file: every export of bundleRequests drawn by `draw` (the app draws on a
 * worker thread, the CLI in place: the same exportFigure either way) and stored in one .zip, so
 * the desktop app asks for one place to save and the browser makes one download.
 */
export async function figureBundle(
  runs: readonly Pick<RunSeries, 'id' | 'experimentName'>[],
  options: FigureOptions,
  scale: number,
  draw: (req: FigureSetRequest) => Promise<ExportedFile>
): Promise<ExportedFile> {
  const members = []
  // one after another: each PNG or PDF already takes a core
  for (const req of bundleRequests(runs, options, scale)) {
    const file = await draw(req)
    members.push({ name: file.fileName, bytes: file.bytes })
  }
  return { fileName: bundleFileName(runs), mime: ZIP_MIME, bytes: zipStore(members) }
}
