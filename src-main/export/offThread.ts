import { Worker } from 'node:worker_threads'
import { ApiError, ERROR_CODES, type ErrorCode } from '@shared/api'
import figureWorkerFile from './figureWorker?entry'
import type { ExportedFile, FigureExportRequest } from './exportFigure'

type Reply = { ok: true; file: ExportedFile } | { ok: false; message: string; code?: string; field?: string }

/** exportFigure on a worker thread; its errors come back as the same ApiErrors. */
export function exportFigureOffThread(request: Omit<FigureExportRequest, 'importCanvas'>): Promise<ExportedFile> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(figureWorkerFile, { workerData: request })
    let settled = false
    worker.once('message', (reply: Reply) => {
      settled = true
      if (reply.ok) resolve({ ...reply.file, bytes: Buffer.from(reply.file.bytes) })
      else {
        const code: ErrorCode = ERROR_CODES.includes(reply.code as ErrorCode) ? (reply.code as ErrorCode) : 'internal'
        reject(new ApiError({ code, message: reply.message, field: reply.field }))
      }
      void worker.terminate()
    })
    worker.once('error', (err) => {
      if (!settled) reject(new ApiError({ code: 'internal', message: `Figure export failed: ${err.message}` }))
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new ApiError({ code: 'internal', message: `Figure export stopped unexpectedly (exit code ${code})` }))
    })
  })
}
