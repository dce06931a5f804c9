import type { Metric, RunDetail, RunSeries } from '@shared/domain'
import { quantileSorted, sortedNumbers } from '@shared/stats'
import { METRICS, METRIC_KEY } from './seriesStats'

export interface LastStats {
  median: number | null
  min: number | null
  max: number | null
}

export interface ModelSummaryRow {
  model: string
  /** the model's runs in the comparison, in chart order */
  ids: number[]
  /** per metric (METRICS order): over the runs' last values */
  last: LastStats[]
  /** runs that solved the task, of those that have ended; null while the runs' results load */
  solved: { solved: number; ended: number } | null
}

/** A run's verdict: null while it has not ended (or its result is not loaded yet). */
export type SolvedOf = (id: number) => boolean | null | undefined

/**
 * The Summary grouped by model: one row per model (in the order models first appear) with the
 * median, min and max of each metric's last value over its runs. A run without points does not
 * count; a NaN last value (diverged) counts as the worst, as on the study page.
 */
export function modelSummaryRows(series: readonly RunSeries[], solvedOf: SolvedOf | null): ModelSummaryRow[] {
  const byModel = new Map<string, RunSeries[]>()
  for (const s of series) byModel.set(s.model, [...(byModel.get(s.model) ?? []), s])
  return [...byModel].map(([model, runs]) => ({
    model,
    ids: runs.map((r) => r.id),
    last: METRICS.map((m) => lastStats(runs, m)),
    solved: solvedOf ? solvedCount(runs, solvedOf) : null
  }))
}

function lastStats(runs: readonly RunSeries[], metric: Metric): LastStats {
  const key = METRIC_KEY[metric]
  const values = runs.flatMap((r) => (r.series.length ? [r.series[r.series.length - 1][key]] : []))
  if (!values.length) return { median: null, min: null, max: null }
  const sorted = sortedNumbers(values)
  return { median: quantileSorted(sorted, 0.5), min: sorted[0], max: sorted[sorted.length - 1] }
}

function solvedCount(runs: readonly RunSeries[], solvedOf: SolvedOf): { solved: number; ended: number } {
  let solved = 0
  let ended = 0
  for (const r of runs) {
    const v = solvedOf(r.id)
    if (v === null || v === undefined) continue
    ended++
    if (v) solved++
  }
  return { solved, ended }
}

/**
 * Whether a run solved its task: the verdict of the best-interpolation rule when the run has one,
 * else (runs stored before it) every output below its threshold. Queued or running: not yet known.
 */
export function runSolved(d: Pick<RunDetail, 'status' | 'final'>): boolean | null {
  if (d.status === 'queued' || d.status === 'running') return null
  if (!d.final) return false
  if (d.final.verdict) return d.final.verdict.solved
  return d.final.success.length > 0 && d.final.success.every(Boolean)
}
