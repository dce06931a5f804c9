import { OP_SYMBOL, type RunDetail } from '../../src-shared/domain'
import { formatNumber, table } from './table'

/** One line of `run --json`, as the issue specifies it. */
export interface RunSummary {
  id: number
  model: string
  seed: number
  status: string
  epochs: number
  trainMse: number | null
  interpMse: number | null
  extrapMse: number | null
  seconds: number | null
  backend: string | null
}

export function summarize(run: RunDetail): RunSummary {
  const last = run.series[run.series.length - 1]
  const span = run.startedAt && run.endedAt ? (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000 : last ? last.wallMs / 1000 : null
  return {
    id: run.id,
    model: run.model,
    seed: run.seed,
    status: run.status,
    epochs: run.epochsDone,
    trainMse: run.trainMse,
    interpMse: run.interpMse,
    extrapMse: run.extrapMse,
    seconds: span === null ? null : Math.round(span * 1000) / 1000,
    backend: run.backend
  }
}

export function summaryTable(rows: RunSummary[]): string {
  return table(
    ['id', 'model', 'seed', 'status', 'epochs', 'train MSE', 'interp MSE', 'extrap MSE', 'seconds', 'backend'],
    rows.map((r) => [r.id, r.model, r.seed, r.status, r.epochs, r.trainMse, r.interpMse, r.extrapMse, r.seconds, r.backend])
  )
}

/**
 * Each output's final interpolation MSE per run, with ✓ where its extrapolation MSE beat the
 * ε-perfect threshold: where a model wins or fails, output by output (e.g. the sign caveat).
 * One table per seed, since each seed draws its own configuration.
 */
export function perOutputTable(runs: RunDetail[]): string {
  const seeds = [...new Set(runs.map((r) => r.seed))]
  return seeds.map((seed) => seedTable(seed, runs.filter((r) => r.seed === seed))).join('\n')
}

function seedTable(seed: number, runs: RunDetail[]): string {
  const config = runs[0].config
  const names = config.kind === 'pairs'
    ? config.outputs.map((o) => `x${o.i} ${OP_SYMBOL[o.op]} x${o.j}`)
    : [`a ${OP_SYMBOL[config.op]} b`]
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
