import { METRIC_TITLE, type FigureOptions } from '@shared/domain'
import { figureLines, METRIC_COLUMN, plottedRuns, runIdentity, type LegendNaming, type PlotSeries } from '@shared/figures'
import type { RunMeta } from './loadSeries'

export const CSV_COLUMNS = [
  'run_id',
  'label',
  'experiment',
  'model',
  'seed',
  'preset',
  'metric',
  'epoch',
  'wall_time_s',
  'value',
  'smoothed'
] as const

/**
 * Text a spreadsheet would run as a formula (OWASP CSV injection: a cell starting with = + - @, tab
 * or CR; names, tags and presets are user text) gets a leading apostrophe. Numbers are never text here.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return ''
  const s = typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Long format, one row per run × epoch at full resolution (never the decimated points): it loads
 * as-is into pandas/R and each row says which run, model, seed and metric it is. Numbers are
 * written in JavaScript's shortest round-trip form, so they parse back to the stored doubles.
 */
export function figureCsv(series: readonly PlotSeries[], options: FigureOptions, legend: LegendNaming = 'run'): string {
  const parts = [CSV_COLUMNS.join(',')]
  const metric = METRIC_COLUMN[options.metric]
  // The run's own columns are the same on each of its rows: quote them once (10,000s of rows per run).
  for (const { run, label, points } of plottedRuns(series, options, legend)) {
    const prefix = [run.id, label, run.experimentName, run.model, run.seed, run.preset, metric].map(csvField).join(',')
    for (const p of points) parts.push(`${prefix},${p.epoch},${p.wallS},${p.raw},${p.smoothed}`)
  }
  return `${parts.join('\n')}\n`
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null)

/**
 * The same data as the CSV, column-wise per run, with every setting of the figure and, per run,
 * the full configuration it ran with and its hash (so the figure can be traced and re-run);
 * grouped figures add each model's median and quartiles as drawn. NaN becomes null.
 */
export function figureJson(
  series: readonly PlotSeries[],
  options: FigureOptions,
  legend: LegendNaming = 'run',
  meta: readonly RunMeta[] = []
): string {
  const byId = new Map(meta.map((m) => [m.id, m]))
  const grouped =
    options.groupBy === 'model'
      ? figureLines(series, { ...options, logY: false }, legend).lines.map((l) => ({
          label: l.label,
          model: l.model,
          runs: l.runs,
          epoch: l.main.map((p) => p.x),
          median: l.main.map((p) => finiteOrNull(p.y)),
          q1: l.band?.map((p) => finiteOrNull(p.lo)) ?? null,
          q3: l.band?.map((p) => finiteOrNull(p.hi)) ?? null
        }))
      : undefined
  const doc = {
    format: 'nalu-lab-figure-data',
    version: 2,
    figure: options,
    metric: options.metric,
    metricColumn: METRIC_COLUMN[options.metric],
    metricTitle: METRIC_TITLE[options.metric],
    xAxis: options.xAxis,
    logY: options.logY,
    smoothing: { kind: 'debiased-ema', weight: options.smoothing },
    ...(grouped ? { groups: grouped } : {}),
    runs: plottedRuns(series, options, legend).map(({ run, label, points }) => ({
      ...runIdentity(run, label),
      ...(byId.has(run.id) ? configOf(byId.get(run.id) as RunMeta) : {}),
      epoch: points.map((p) => p.epoch),
      wallTimeS: points.map((p) => p.wallS),
      value: points.map((p) => finiteOrNull(p.raw)),
      smoothed: points.map((p) => finiteOrNull(p.smoothed))
    }))
  }
  return `${JSON.stringify(doc, null, 1)}\n`
}

function configOf(m: RunMeta) {
  return { configHash: m.configHash, config: { spec: m.spec, model: m.modelSpec, generated: m.config } }
}
