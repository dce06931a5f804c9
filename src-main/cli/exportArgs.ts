import { extname } from 'node:path'
import { ExportFormat, FigureOptions, Metric } from '@shared/domain'
import { JOURNAL_SIZES, parseLength, printLayout, PRINT_DEFAULTS, PX_PER_IN } from '@shared/figures'
import { parseOrThrow } from '@shared/validate'
import { parseFlags, UsageError } from './args'

/** A mistake in the command line, named as parseFlags names its own (`export: …`). */
const usage = (message: string): UsageError => new UsageError(`export: ${message}`)

export const EXPORT_USAGE = `Usage: npm run lab -- export --runs ID,ID,... --out FILE [options]
  --runs ID,ID,...           runs to plot, in legend order (required)
  --metric train|interp|extrap   which loss (default train)
  --format png|svg|pdf|csv|json  default: from the --out extension
  --out FILE                 file to write (with --set: a folder; with --bundle: a .zip)
  --force                    replace existing files (otherwise an existing file is kept and export stops)
  --set                      the article's pair: <experiment>-train-loss and -extrap-loss, one line per architecture
  --bundle                   one .zip at --out: both figures as PNG, SVG and PDF, the CSV data and
                             the JSON data with every run's configuration and its hash
  --group-by run|model       one line per run (default), or per model: median over its seeds, IQR band
  --per output|op            interp/extrap loss of each output, or of each operation (+, −, ×, ÷)
  --log | --linear           y axis scale (default --log, as in the app)
  --smooth A                 debiased EMA weight in [0, 1) (default 0)
  --x epoch|wall             x axis (default epoch)
  --width W --height H       printed size, e.g. --width 3.5in --height 2.5in (or cm; a bare number is
                             CSS pixels, 96 a inch); default ${JOURNAL_SIZES['one-column'].widthIn} x ${JOURNAL_SIZES['one-column'].heightIn} in, one journal column
  --font-size PT             text size in points (default ${PRINT_DEFAULTS.fontPt}); tick labels are 0.9 of it, the title 1.25
  --dpi N                    PNG resolution, written into the file (default ${PRINT_DEFAULTS.dpi})
  --scale K                  PNG pixel scale instead of --dpi (K × 96 DPI), 1 to 16
  --theme light|dark|print   default print
  --title T                  default: experiment and metric; --title "" for none
  --db PATH                  database (default: --db, then NALU_LAB_DB, then the app's)`

const OPTIONS = {
  runs: { type: 'string' },
  metric: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  set: { type: 'boolean' },
  bundle: { type: 'boolean' },
  'group-by': { type: 'string' },
  per: { type: 'string' },
  log: { type: 'boolean' },
  linear: { type: 'boolean' },
  smooth: { type: 'string' },
  x: { type: 'string' },
  scale: { type: 'string' },
  dpi: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  theme: { type: 'string' },
  'font-size': { type: 'string' },
  title: { type: 'string' },
  db: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

function number(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) throw usage(`--${flag} must be a number, got "${v}"`)
  return n
}

/** "3.5in" / "8.9cm" in inches; a bare number (or "800px") is CSS pixels, as before units existed. */
function lengthIn(flag: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback
  const inches = parseLength(v)
  if (inches !== null) return inches
  const px = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/i.exec(v)
  if (px && Number(px[1]) > 0) return Number(px[1]) / PX_PER_IN
  throw usage(`--${flag} must be a length such as 3.5in or 8.9cm, got "${v}"`)
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined
  if (!(allowed as readonly string[]).includes(v)) throw usage(`--${flag} must be ${allowed.join(' or ')}, got "${v}"`)
  return v as T
}

function parseIds(v: string | undefined): number[] {
  if (!v) throw usage('--runs is required (e.g. --runs 3,4,5)')
  return v.split(',').map((s) => {
    const t = s.trim()
    if (!/^[1-9]\d*$/.test(t)) throw usage(`--runs: "${t}" is not a run id (ids are positive whole numbers)`)
    return Number(t)
  })
}

export interface ExportArgs {
  ids: number[]
  format: ExportFormat
  options: FigureOptions
  scale: number
  dpi: number
  out: string
  set: boolean
  bundle: boolean
  /** replace files that exist (without it they are kept and the export stops) */
  force: boolean
  db?: string
}

export function parseExportArgs(argv: string[]): { help: true } | ({ help: false } & ExportArgs) {
  const v = parseFlags('export', argv, OPTIONS)
  if (v.help) return { help: true }
  if (v.log && v.linear) throw usage('--log and --linear contradict each other; give one')
  if (v.set && v.bundle) throw usage('--set and --bundle: give one (a bundle holds the figure set)')
  if (v.scale !== undefined && v.dpi !== undefined) throw usage('--scale and --dpi both set the PNG resolution; give one')
  if (!v.out) throw usage('--out is required')
  if (v.bundle && extname(v.out).toLowerCase() !== '.zip') throw usage(`--bundle writes one .zip file: give --out NAME.zip, not "${v.out}"`)
  const ids = parseIds(v.runs)
  const formatText = v.bundle ? 'png' : (v.format ?? extname(v.out).slice(1).toLowerCase())
  if (!ExportFormat.safeParse(formatText).success) {
    throw usage(
      v.format
        ? `unknown format "${v.format}" (use png, svg, pdf, csv or json)`
        : `cannot tell the format from "${v.out}"; add --format png|svg|pdf|csv|json`
    )
  }
  if (v.metric !== undefined && !Metric.safeParse(v.metric).success)
    throw usage(`unknown metric "${v.metric}" (use train, interp or extrap)`)
  const fontPt = number('font-size', v['font-size']) ?? PRINT_DEFAULTS.fontPt
  if (!(fontPt >= 4 && fontPt <= 36)) throw usage(`--font-size is in points and must be from 4 to 36, got ${fontPt}`)
  const scaleFlag = number('scale', v.scale)
  if (scaleFlag !== undefined && !(scaleFlag > 0 && scaleFlag <= 16))
    throw usage(`--scale must be above 0 and at most 16, got ${scaleFlag}`)
  const dpi = scaleFlag !== undefined ? scaleFlag * PX_PER_IN : (number('dpi', v.dpi) ?? PRINT_DEFAULTS.dpi)
  if (!(dpi >= 36 && dpi <= 2400)) throw usage(`--dpi must be from 36 to 2400, got ${dpi}`)
  const size = JOURNAL_SIZES['one-column']
  const layout = printLayout({
    widthIn: lengthIn('width', v.width, size.widthIn),
    heightIn: lengthIn('height', v.height, size.heightIn),
    fontPt,
    dpi
  })
  for (const [flag, px] of [
    ['width', layout.widthPx],
    ['height', layout.heightPx]
  ] as const) {
    if (px < 48 || px > 8000) throw usage(`--${flag} must be from 0.5in (1.27cm) to 83in (211cm), got "${v[flag]}"`)
  }
  const split = oneOf('per', v.per, ['output', 'op'] as const)
  const metric = v.metric ?? (split ? 'extrap' : 'train')
  if (split && metric === 'train') throw usage('--per needs --metric interp or extrap: the training loss is not recorded per output')
  const smoothing = number('smooth', v.smooth)
  if (smoothing !== undefined && !(smoothing >= 0 && smoothing < 1))
    throw usage(`--smooth is the smoothing weight, from 0 up to (not including) 1, got ${smoothing}`)
  const options = parseOrThrow(
    FigureOptions,
    {
      metric,
      logY: !v.linear,
      xAxis: oneOf('x', v.x, ['epoch', 'wall'] as const),
      smoothing,
      title: v.title,
      theme: oneOf('theme', v.theme, ['light', 'dark', 'print'] as const) ?? 'print',
      fontSize: layout.fontSize,
      widthPx: layout.widthPx,
      heightPx: layout.heightPx,
      groupBy: oneOf('group-by', v['group-by'], ['run', 'model'] as const),
      split
    },
    'figure options'
  )
  return {
    help: false,
    ids,
    format: formatText as ExportFormat,
    options,
    scale: layout.scale,
    dpi,
    out: v.out,
    set: !!v.set,
    bundle: !!v.bundle,
    db: v.db,
    force: !!v.force
  }
}
