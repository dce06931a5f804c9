import type { EpochMetrics, Metric } from '@shared/domain'

export const METRIC_KEY: Record<Metric, 'trainMse' | 'interpMse' | 'extrapMse'> = {
  train: 'trainMse',
  interp: 'interpMse',
  extrap: 'extrapMse'
}
export const METRICS: readonly Metric[] = ['train', 'interp', 'extrap']
export const METRIC_SHORT: Record<Metric, string> = { train: 'Train', interp: 'Interpolation', extrap: 'Extrapolation' }

export interface Stats {
  min: number | null
  max: number | null
  last: number | null
}

/** Min, max and last of one metric over the full series; NaN/∞ epochs are skipped for min/max. */
export function metricStats(series: readonly EpochMetrics[], metric: Metric): Stats {
  const key = METRIC_KEY[metric]
  let min = Infinity
  let max = -Infinity
  for (const e of series) {
    const v = e[key]
    if (!Number.isFinite(v)) continue
    if (v < min) min = v
    if (v > max) max = v
  }
  const last = series.length ? series[series.length - 1][key] : null
  return { min: min === Infinity ? null : min, max: max === -Infinity ? null : max, last }
}
