import { parentPort, workerData } from 'node:worker_threads'
import { exportFigure, type FigureExportRequest } from './exportFigure'

/**
 * One export, drawn on a worker thread: in the desktop app the request arrives on Electron's main
 * thread, which must stay free to route IPC while a large comparison is drawn.
 */
exportFigure(workerData as FigureExportRequest).then(
  (file) => parentPort!.postMessage({ ok: true, file }),
  (err: unknown) =>
    parentPort!.postMessage({
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      code: (err as { code?: string }).code,
      field: (err as { field?: string }).field
    })
)
