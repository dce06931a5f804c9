import type { EpochMetrics, FigureOptions, Metric } from '../domain'
import { debiasedEma } from './smoothing'
import type { PlotSeries } from './perOutput'

/** How legend entries name runs: in full (model · seed · preset) or by architecture alone. */
export type LegendNaming = 'run' | 'model'

export const METRIC_FIELD: Record<Metric, 'trainMse' | 'interpMse' | 'extrapMse'> = {
  train: 'trainMse',
  interp: 'interpMse',
  extrap: 'extrapMse'
}

/** Column-friendly metric names used in CSV/JSON headers. */
export const METRIC_COLUMN: Record<Metric, string> = {
  train: 'train_mse',
  interp: 'interp_mse',
  extrap: 'extrap_mse'
}

export function metricValue(e: EpochMetrics, metric: Metric): number {
  return e[METRIC_FIELD[metric]]
}

export interface PlottedPoint {
  epoch: number
  /** wall time since the run started, in seconds */
  wallS: number
  raw: number
  smoothed: number
}

export interface PlottedRun {
  run: PlotSeries
  /** position in the plotted list; decides the colour */
  index: number
  label: string
  points: PlottedPoint[]
}

function fullLabel(s: PlotSeries): string {
  return [s.model, `seed ${s.seed}`, ...(s.preset ? [s.preset] : []), ...(s.part ? [s.part.name] : [])].join(' · ')
}

const withPart = (label: string, s: PlotSeries) => (s.part ? `${label} · ${s.part.name}` : label)

/**
 * Legend labels, made unique: "model" naming falls back to model and seed when an architecture
 * appears twice, and any label still shared gets the run id so no two lines read the same.
 */
export function runLabels(series: readonly PlotSeries[], naming: LegendNaming = 'run'): string[] {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())
  let labels = series.map((s) => (naming === 'model' ? withPart(s.model, s) : fullLabel(s)))
  if (naming === 'model') {
    const c = count(labels)
    labels = labels.map((l, i) => ((c.get(l) ?? 0) > 1 ? withPart(`${series[i].model} · seed ${series[i].seed}`, series[i]) : l))
  }
  const c = count(labels)
  return labels.map((l, i) => ((c.get(l) ?? 0) > 1 ? `${l} (#${series[i].id})` : l))
}

/**
 * The series exactly as they are plotted: every epoch at full resolution, smoothing computed on
 * the whole series. The chart builder and the data exports both start here.
 */
export function plottedRuns(
  series: readonly PlotSeries[],
  options: Pick<FigureOptions, 'metric' | 'smoothing'>,
  naming: LegendNaming = 'run'
): PlottedRun[] {
  const labels = runLabels(series, naming)
  return series.map((run, index) => {
    const raw = run.series.map((e) => metricValue(e, options.metric))
    const smoothed = debiasedEma(raw, options.smoothing)
    const points = run.series.map((e, i) => ({ epoch: e.epoch, wallS: e.wallMs / 1000, raw: raw[i], smoothed: smoothed[i] }))
    return { run, index, label: labels[index], points }
  })
}

/** Who a plotted line is: the fields every data export carries for it. */
export function runIdentity(run: PlotSeries, label: string) {
  return {
    runId: run.id,
    label,
    experiment: run.experimentName,
    model: run.model,
    seed: run.seed,
    preset: run.preset,
    ...(run.part ? { part: run.part.name } : {})
  }
}

/** One row per run × epoch: what CSV and JSON exports write. */
export interface SeriesRow {
  runId: number
  label: string
  experiment: string
  model: string
  seed: number
  preset: string | null
  metric: string
  epoch: number
  wallS: number
  value: number
  smoothed: number
}

export function seriesRows(
  series: readonly PlotSeries[],
  options: Pick<FigureOptions, 'metric' | 'smoothing'>,
  naming: LegendNaming = 'run'
): SeriesRow[] {
  return plottedRuns(series, options, naming).flatMap(({ run, label, points }) =>
    points.map((p) => ({
      ...runIdentity(run, label),
      metric: METRIC_COLUMN[options.metric],
      epoch: p.epoch,
      wallS: p.wallS,
      value: p.raw,
      smoothed: p.smoothed
    }))
  )
}
