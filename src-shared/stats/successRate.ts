import { mean, quartiles, type Quartiles } from './quantiles'
import { wilsonInterval } from './wilson'

/** A finished run as the success rate sees it (Madsen & Johansen's verdict, docs/engine.md). */
export interface JudgedRun {
  solved: boolean
  /** first evaluation point below the threshold; null if never */
  solvedAt: number | null
  /** sparsity error at the point of lowest interpolation error; null for units without one */
  sparsityError: number | null
}

export interface SuccessRate {
  runs: number
  solved: number
  /** solved / runs; null for no runs */
  rate: number | null
  /** Wilson 95 % interval of the rate */
  ci: [number, number] | null
  /** over the solved runs only, as the paper's "Solved at" column */
  solvedAt: Quartiles | null
  /** mean over the solved runs, as the paper's "Sparsity error" column; null if none has one */
  sparsityErrorMean: number | null
}

/**
 * A group's success rate with its interval, when the solved runs got there and how sparse they
 * ended. Like the paper's table, solved-at and sparsity error describe the solved runs: an
 * unsolved run has neither a meaningful first-success point nor a solution to measure.
 */
export function successRate(runs: readonly JudgedRun[]): SuccessRate {
  const solved = runs.filter((r) => r.solved)
  const at = solved.map((r) => r.solvedAt).filter((v): v is number => v !== null)
  const sparsity = solved.map((r) => r.sparsityError).filter((v): v is number => v !== null && Number.isFinite(v))
  return {
    runs: runs.length,
    solved: solved.length,
    rate: runs.length === 0 ? null : solved.length / runs.length,
    ci: wilsonInterval(solved.length, runs.length),
    solvedAt: quartiles(at),
    sparsityErrorMean: sparsity.length ? mean(sparsity) : null
  }
}
