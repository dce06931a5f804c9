import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { ApiError } from '../../src-shared/api'
import { ExportFormat, FigureOptions, Metric } from '../../src-shared/domain'
import { figureSetRequests } from '../../src-shared/figures'
import { parseOrThrow } from '../../src-shared/validate'
import { resolveDbPath } from '../config/dbPath'
import { exportFigure, loadSeriesInOrder, type CanvasImporter } from '../export'
import { openStore } from '../store'

export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}

export const EXPORT_USAGE = `Usage: npm run lab -- export --runs ID,ID,... --out FILE [options]
  --runs ID,ID,...           runs to plot, in legend/colour order (required)
  --metric train|interp|extrap   which loss (default train)
  --format png|svg|pdf|csv|json  default: from the --out extension
  --out FILE                 file to write (with --set: a folder)
  --set                      the article's pair: <experiment>-train-loss and -extrap-loss, one line per architecture
  --log | --linear           y axis scale (default --log, as in the app)
  --smooth A                 debiased EMA weight in [0, 1) (default 0)
  --x epoch|wall             x axis (default epoch)
  --scale K                  PNG pixel scale, 1 to 16 (default 2)
  --width PX --height PX     figure size in CSS pixels (default 800 x 500)
  --theme light|dark|print   default light
  --font-size N              default 12
  --title T                  default: experiment and metric; --title "" for none
  --db PATH                  database (default: --db, then NALU_LAB_DB, then the app's)`

/** Exit codes: 0 written, 1 could not write/render, 2 bad arguments (unknown ids, formats, flags). */
class UsageError extends Error {}

const OPTIONS = {
  runs: { type: 'string' }, metric: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
  set: { type: 'boolean' }, log: { type: 'boolean' }, linear: { type: 'boolean' }, smooth: { type: 'string' },
  x: { type: 'string' }, scale: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' },
  theme: { type: 'string' }, 'font-size': { type: 'string' }, title: { type: 'string' }, db: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

function number(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got "${v}"`)
  return n
}

function parseIds(v: string | undefined): number[] {
  if (!v) throw new UsageError('--runs is required (e.g. --runs 3,4,5)')
  return v.split(',').map((s) => {
    const t = s.trim()
    if (!/^[1-9]\d*$/.test(t)) throw new UsageError(`--runs: "${t}" is not a run id (ids are positive integers)`)
    return Number(t)
  })
}

function parseCli(argv: string[]) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false })
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err)
    const flag = /'([^']+)'/.exec(m)?.[1]
    const code = (err as { code?: string }).code
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw new UsageError(`unknown option ${flag}`)
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && flag) throw new UsageError(`unexpected argument "${flag}"`)
    throw new UsageError(m.split('.')[0])
  }
  const v = parsed.values
  if (v.help) return { help: true as const }
  if (v.log && v.linear) throw new UsageError('--log and --linear contradict each other; give one')
  if (!v.out) throw new UsageError('--out is required')
  const ids = parseIds(v.runs)
  const formatText = v.format ?? extname(v.out).slice(1).toLowerCase()
  if (!ExportFormat.safeParse(formatText).success) {
    throw new UsageError(v.format ? `unknown format "${v.format}" (use png, svg, pdf, csv or json)` : `cannot tell the format from "${v.out}"; add --format png|svg|pdf|csv|json`)
  }
  if (v.metric !== undefined && !Metric.safeParse(v.metric).success) throw new UsageError(`unknown metric "${v.metric}" (use train, interp or extrap)`)
  const options = parseOrThrow(FigureOptions, {
    metric: v.metric ?? 'train',
    logY: !v.linear,
    xAxis: v.x,
    smoothing: number('smooth', v.smooth),
    title: v.title,
    theme: v.theme,
    fontSize: number('font-size', v['font-size']),
    widthPx: number('width', v.width),
    heightPx: number('height', v.height)
  }, 'figure options')
  const scale = number('scale', v.scale) ?? 2
  if (!(scale > 0 && scale <= 16)) throw new UsageError(`--scale must be above 0 and at most 16, got ${scale}`)
  return { help: false as const, ids, format: formatText as ExportFormat, options, scale, out: v.out, set: !!v.set, db: v.db }
}

/** `npm run lab -- export …`: the headless twin of the app's Export menu (same code, same bytes). */
export async function exportCommand(argv: string[], io: CliIo, importCanvas?: CanvasImporter): Promise<number> {
  let args
  try {
    args = parseCli(argv[0] === 'export' ? argv.slice(1) : argv)
  } catch (err) {
    if (err instanceof UsageError || err instanceof ApiError) {
      io.stderr(`export: ${err.message}\n`)
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
    const jobs = args.set
      ? figureSetRequests(series, args.format, args.options, args.scale).map((r) => ({ ...r, dir: args.out }))
      : [{ ids: args.ids, format: args.format, options: args.options, scale: args.scale, baseName: undefined, legend: 'run' as const, dir: null }]
    for (const job of jobs) {
      const file = await exportFigure({ ...job, series, importCanvas })
      const target = job.dir === null ? args.out : join(job.dir, file.fileName)
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, file.bytes)
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
