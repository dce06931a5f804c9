import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '@shared/api'
import { figureSetRequests, type FigureSetRequest } from '@shared/figures'
import { resolveDbPath } from '../config/dbPath'
import { exportFigure, figureBundle, loadRunMeta, loadSeriesInOrder, type CanvasImporter } from '../export'
import { writeAtomic } from '../export/writeAtomic'
import { openStore } from '../store'
import { UsageError } from './args'
import { EXPORT_USAGE, parseExportArgs, type ExportArgs } from './exportArgs'

export { EXPORT_USAGE }

export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}

type Job = Omit<FigureSetRequest, 'legend' | 'baseName'> & { baseName?: string; legend: 'run' | 'model'; dir: string | null }

/** What one command writes: a file or the article's pair (a bundle is one .zip, see exportCommand). */
function jobs(args: ExportArgs, runs: { id: number; experimentName: string }[]): Job[] {
  const { format, options, scale } = args
  if (args.set) return figureSetRequests(runs, format, options, scale).map((r) => ({ ...r, dir: args.out }))
  return [{ ids: args.ids, format, options, scale, legend: 'run', dir: null }]
}

/** `npm run lab -- export …`: the headless twin of the app's Export menu (same code, same bytes). */
export async function exportCommand(argv: string[], io: CliIo, importCanvas?: CanvasImporter): Promise<number> {
  let args
  try {
    args = parseExportArgs(argv[0] === 'export' ? argv.slice(1) : argv)
  } catch (err) {
    if (err instanceof UsageError || err instanceof ApiError) {
      // a UsageError names its command already (parseFlags' convention, shared with run and list)
      io.stderr(err instanceof UsageError ? `${err.message}\n` : `export: ${err.message}\n`)
      return 2
    }
    throw err
  }
  if (args.help) {
    io.stdout(`${EXPORT_USAGE}\n`)
    return 0
  }
  const dbPath = resolveDbPath({ flag: args.db })
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    io.stderr(`export: no database at ${dbPath} (give --db PATH or set NALU_LAB_DB)\n`)
    return 2
  }
  let store
  try {
    store = openStore(dbPath, { recover: false })
  } catch (err) {
    io.stderr(`export: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
  try {
    const series = loadSeriesInOrder(store, args.ids)
    const needMeta = args.bundle || args.format === 'json' || !!args.options.split
    const runs = needMeta ? loadRunMeta(store, args.ids) : undefined
    if (args.bundle) {
      // the same ten files as the app's Export bundle, in one .zip
      const zip = await figureBundle(series, args.options, args.scale, (req) => exportFigure({ ...req, series, runs, importCanvas }))
      writeAtomic(args.out, zip.bytes, { force: args.force })
      io.stdout(`wrote ${args.out} (${zip.bytes.length} bytes)\n`)
      return 0
    }
    for (const job of jobs(args, series)) {
      const file = await exportFigure({ ...job, series, runs, importCanvas })
      const target = job.dir === null ? args.out : join(job.dir, file.fileName)
      writeAtomic(target, file.bytes, { force: args.force })
      io.stdout(`wrote ${target} (${file.bytes.length} bytes)\n`)
    }
    return 0
  } catch (err) {
    io.stderr(`export: ${err instanceof Error ? err.message : String(err)}\n`)
    return err instanceof ApiError && (err.code === 'not_found' || err.code === 'invalid') ? 2 : 1
  } finally {
    store.close()
  }
}
