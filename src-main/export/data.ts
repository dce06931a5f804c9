import { METRIC_TITLE, type FigureOptions, type RunSeries } from '../../src-shared/domain'
import { METRIC_COLUMN, plottedRuns, runIdentity, type LegendNaming } from '../../src-shared/figures'

export const CSV_COLUMNS = [
  'run_id', 'label', 'experiment', 'model', 'seed', 'preset', 'metric', 'epoch', 'wall_time_s', 'value', 'smoothed'
] as const

function csvField(v: string | number | null): string {
  if (v === null) return ''
  const s = String(v)
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Long format, one row per run × epoch at full resolution (never the decimated points): it loads
 * as-is into pandas/R and each row says which run, model, seed and metric it is. Numbers are
 * written in JavaScript's shortest round-trip form, so they parse back to the stored doubles.
 */
export function figureCsv(series: readonly RunSeries[], options: FigureOptions, legend: LegendNaming = 'run'): string {
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

/** The same data as the CSV, column-wise per run, with the figure's settings; NaN becomes null. */
export function figureJson(series: readonly RunSeries[], options: FigureOptions, legend: LegendNaming = 'run'): string {
  const doc = {
    format: 'nalu-lab-figure-data',
    version: 1,
    metric: options.metric,
    metricColumn: METRIC_COLUMN[options.metric],
    metricTitle: METRIC_TITLE[options.metric],
    xAxis: options.xAxis,
    logY: options.logY,
    smoothing: { kind: 'debiased-ema', weight: options.smoothing },
    runs: plottedRuns(series, options, legend).map(({ run, label, points }) => ({
      ...runIdentity(run, label),
      epoch: points.map((p) => p.epoch),
      wallTimeS: points.map((p) => p.wallS),
      value: points.map((p) => finiteOrNull(p.raw)),
      smoothed: points.map((p) => finiteOrNull(p.smoothed))
    }))
  }
  return `${JSON.stringify(doc, null, 1)}\n`
}
