import { OP_SYMBOL, type Op, type RunDetail, type RunVerdict } from '@shared/domain'
import { formatNumber, table } from './table'

/** One line of `run --json`, as the issue specifies it. */
export interface RunSummary {
  id: number
  model: string
  seed: number
  status: string
  /** epochs trained (epoch schedule); null for runs counted in iterations */
  epochs: number | null
  /** the last evaluation point reached (iterations schedule); null for runs counted in epochs */
  iterations: number | null
  /** the operation of a task that has one (the arithmetic task), else null */
  op: Op | null
  trainMse: number | null
  interpMse: number | null
  extrapMse: number | null
  seconds: number | null
  backend: string | null
  /** Madsen & Johansen's verdict (final.verdict); null for a run that ended without one */
  success: RunVerdict | null
}

export function summarize(run: RunDetail): RunSummary {
  const last = run.series[run.series.length - 1]
  const inIterations = run.spec.training.schedule === 'iterations'
  const verdict = run.final?.verdict
  const span =
    run.startedAt && run.endedAt ? (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000 : last ? last.wallMs / 1000 : null
  return {
    id: run.id,
    model: run.model,
    seed: run.seed,
    status: run.status,
    epochs: inIterations ? null : run.epochsDone,
    iterations: inIterations ? run.epochsDone : null,
    op: run.spec.problem.kind === 'arithmetic' ? run.spec.problem.op : null,
    trainMse: run.trainMse,
    interpMse: run.interpMse,
    extrapMse: run.extrapMse,
    seconds: span === null ? null : Math.round(span * 1000) / 1000,
    backend: run.backend,
    success: verdict
      ? {
          rule: verdict.rule,
          solved: verdict.solved,
          solvedAt: verdict.solvedAt,
          bestIteration: verdict.bestIteration,
          threshold: verdict.threshold,
          sparsityError: verdict.sparsityError
        }
      : null
  }
}

export function summaryTable(rows: RunSummary[]): string {
  const inIterations = rows.some((r) => r.iterations !== null)
  return table(
    [
      'id',
      'model',
      'seed',
      'status',
      inIterations ? 'iterations' : 'epochs',
      'train MSE',
      'interp MSE',
      'extrap MSE',
      'solved',
      'solved at',
      'seconds',
      'backend'
    ],
    rows.map((r) => [
      r.id,
      r.model,
      r.seed,
      r.status,
      inIterations ? r.iterations : r.epochs,
      r.trainMse,
      r.interpMse,
      r.extrapMse,
      r.success ? (r.success.solved ? 'yes' : 'no') : null,
      r.success?.solvedAt ?? null,
      r.seconds,
      r.backend
    ])
  )
}

/**
 * Each output's final interpolation MSE per run, with ✓ where its extrapolation MSE beat the
 * ε-perfect threshold: where a model wins or fails, output by output (e.g. the sign caveat).
 * One table per seed, since each seed draws its own configuration.
 */
export function perOutputTable(runs: RunDetail[]): string {
  const seeds = [...new Set(runs.map((r) => r.seed))]
  return seeds
    .map((seed) =>
      seedTable(
        seed,
        runs.filter((r) => r.seed === seed)
      )
    )
    .join('\n')
}

function seedTable(seed: number, runs: RunDetail[]): string {
  const config = runs[0].config
  const names = config.kind === 'pairs' ? config.outputs.map((o) => `x${o.i} ${OP_SYMBOL[o.op]} x${o.j}`) : [`a ${OP_SYMBOL[config.op]} b`]
  const rows = names.map((name, k) => [
    `y${k}`,
    name,
    ...runs.map((r) => {
      const last = r.series[r.series.length - 1]
      if (!last) return '–'
      return `${formatNumber(last.perOutput.interp[k])}${r.final?.success[k] ? ' ✓' : ''}`
    })
  ])
  return `Seed ${seed}, per output: final interpolation MSE (✓: extrapolation MSE below the ε-perfect threshold)\n${table(['out', 'target', ...runs.map((r) => r.model)], rows)}`
}
