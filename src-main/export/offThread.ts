import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ApiError, ERROR_CODES, type ErrorCode } from '../../src-shared/api'
import { entryPoint } from '../config/entry'
import type { ExportedFile, FigureExportRequest } from './exportFigure'

type Reply = { ok: true; file: ExportedFile } | { ok: false; message: string; code?: string; field?: string }

/** exportFigure on a worker thread; its errors come back as the same ApiErrors. */
export function exportFigureOffThread(request: Omit<FigureExportRequest, 'importCanvas'>): Promise<ExportedFile> {
  const entry = entryPoint(dirname(fileURLToPath(import.meta.url)), 'figureWorker.js', 'figureWorker.ts')
  return new Promise((resolve, reject) => {
    const worker = startWorker(entry, request)
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

/**
 * Node 20 applies `--import` hooks to a worker only after its entry has loaded, so from source the
 * worker is a two-line bootstrap that registers tsx first, then imports the TypeScript entry.
 */
function startWorker(entry: { file: string; execArgv: string[] }, workerData: unknown): Worker {
  if (!entry.execArgv.length) return new Worker(entry.file, { workerData })
  const tsxApi = pathToFileURL(tsxEsmApi()).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

/** The ESM build of tsx's API (require.resolve would give its CommonJS one). */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json')
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
  return join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)
}
