import type { GeneratedConfig, Op, ProblemSpec, Range } from '@shared/domain'
import { Rng } from '../rng'
import { centredMoments, expectation, linear, plus, times, type Poly } from './uniformSums'

/**
 * Madsen & Johansen's success threshold: the extrapolation MSE of the ε-perfect weight matrix W^ε
 * (1 − ε on the entries the exact solution sets to 1, ε on every other input) against the exact
 * solution, over the extrapolation distribution (official code: export/function_task_static_mse_expectation.r,
 * a Monte Carlo estimate). For +, − and × the error is a polynomial in sums of i.i.d. uniforms and
 * its mean square is computed exactly (uniformSums.ts); ÷ has no such form and keeps a Monte Carlo
 * estimate. Inputs are i.i.d., so a threshold depends on the operation, the sizes and the range
 * only, not on where a seed put its subsets: it is computed once per such configuration and cached.
 */

/** Samples per ÷ estimate: the paper's value is reproduced to well under 1 % (test/main/training/problems/thresholds.test.ts). */
export const THRESHOLD_SAMPLES = 200_000
const SAMPLE_SEED = 0x5eed
const MAX_RESAMPLES = 10_000

/** How the inputs of one output split: entries of a only, of b only, of both, and of neither. */
export interface OperandLayout {
  op: Op
  inDim: number
  onlyA: number
  onlyB: number
  both: number
}

function apply(op: Op, a: number, b: number): number {
  return op === 'add' ? a + b : op === 'sub' ? a - b : op === 'mul' ? a * b : a / b
}

/**
 * E[(f(W^ε x) − f(W x))²] over x ~ U[range]^inDim. a = Σ of its entries, b likewise; W^ε gives each
 * 1 − ε on its own entries and ε on all the others. Exact for +, − and ×; for ÷ a Monte Carlo
 * estimate of `samples` rows, a denominator |b| below `divGuard` redrawn, as the data sets do, so
 * that a ÷ threshold is finite.
 */
export function epsilonPerfectMse(layout: OperandLayout, range: Range, eps: number, divGuard: number, samples = THRESHOLD_SAMPLES): number {
  return layout.op === 'div' ? monteCarloMse(layout, range, eps, divGuard, samples) : exactMse(layout, range, eps)
}

const scaled = (p: Poly, s: number): Poly => plus(new Map(), p, s)

/**
 * The exact mean square for +, − and ×. With S_g = n_g·μ + Z_g the four groups' sums, W^ε moves a
 * by dA = ε·(T − 2a) (T the row's total) and b by dB = ε·(T − 2b); the error is written in those
 * moves (dA ± dB, a·dB + b·dA + dA·dB) rather than as f(a + dA, b + dB) − f(a, b), which would
 * subtract two numbers ε⁻¹ times larger than their difference.
 */
function exactMse(layout: OperandLayout, range: Range, eps: number): number {
  const { lo, hi } = range
  const mu = (lo + hi) / 2
  const counts = [layout.onlyA, layout.onlyB, layout.both, layout.inDim - layout.onlyA - layout.onlyB - layout.both]
  const S = counts.map((count, g) =>
    linear(
      count * mu,
      counts.map((_, h) => (h === g ? 1 : 0))
    )
  )
  const a = plus(S[0], S[2])
  const b = plus(S[1], S[2])
  const total = S.reduce((t, s) => plus(t, s))
  const dA = scaled(plus(total, a, -2), eps)
  const dB = scaled(plus(total, b, -2), eps)
  const e =
    layout.op === 'add' ? plus(dA, dB) : layout.op === 'sub' ? plus(dA, dB, -1) : plus(plus(times(a, dB), times(b, dA)), times(dA, dB))
  return expectation(
    times(e, e),
    counts.map((count) => centredMoments(count, lo, hi))
  )
}

/**
 * The Monte Carlo estimate over `samples` rows drawn from the fixed sampling seed: per row, Σ over
 * a only, b only, both and neither (each summed in its order, as if the row were stored and summed),
 * redrawn while |b| is inside `divGuard` (0: never). Each row's error is added up as soon as it is
 * drawn: keeping the rows' sums took a 6.4 MB array, whose first touches (≈ 1,500 page faults) cost
 * a third of the pass on a VM where a page fault costs ≈ 15 µs.
 */
export function monteCarloMse(layout: OperandLayout, range: Range, eps: number, divGuard: number, samples: number): number {
  const { inDim, onlyA, onlyB, both, op } = layout
  const rng = new Rng(SAMPLE_SEED, 0)
  const { lo, hi } = range
  const rest = inDim - onlyA - onlyB - both
  let sum = 0
  for (let s = 0; s < samples; s++) {
    let sA = 0,
      sB = 0,
      sAB = 0,
      sR = 0
    for (let tries = 0; ; tries++) {
      // a row of inDim draws, summed part by part in its order
      sA = rng.sumUniform(onlyA, lo, hi)
      sB = rng.sumUniform(onlyB, lo, hi)
      sAB = rng.sumUniform(both, lo, hi)
      sR = rng.sumUniform(rest, lo, hi)
      if (divGuard === 0 || Math.abs(sB + sAB) >= divGuard) break
      if (tries > MAX_RESAMPLES)
        throw new Error(`cannot draw a denominator outside the division guard ±${divGuard} from [${range.lo}, ${range.hi}]`)
    }
    const total = sA + sB + sAB + sR
    const a = sA + sAB,
      b = sB + sAB
    const aEps = (1 - eps) * a + eps * (total - a)
    const bEps = (1 - eps) * b + eps * (total - b)
    const e = apply(op, aEps, bEps) - apply(op, a, b)
    sum += e * e
  }
  return sum / samples
}

/**
 * The arithmetic task's layout as the official R script builds W^ε. R's `a.start:a.end` is
 * inclusive, so there each subset holds ⌊0.25·100⌋ + 1 = 26 inputs and they overlap by 13, one
 * more than the task's own 25 and 12; only that layout reproduces the paper's thresholds
 * (add 1.48e-5 against 1.60e-5 with 25/12; docs/engine.md). We keep the paper's values.
 */
export function officialLayout(config: Extract<GeneratedConfig, { kind: 'subsets' }>): OperandLayout {
  const size = config.a[1] - config.a[0]
  const overlap = Math.max(0, config.a[1] - config.b[0])
  const widened = 2 * size - overlap + 1 <= config.inDim
  const s = widened ? size + 1 : size
  const o = widened ? overlap + 1 : overlap
  return { op: config.op, inDim: config.inDim, onlyA: s - o, onlyB: s - o, both: o }
}

const cache = new Map<string, number>()

function cached(layout: OperandLayout, range: Range, eps: number, divGuard: number): number {
  const key = JSON.stringify([layout, range.lo, range.hi, eps, layout.op === 'div' ? divGuard : 0])
  let v = cache.get(key)
  if (v === undefined) {
    v = epsilonPerfectMse(layout, range, eps, divGuard)
    cache.set(key, v)
  }
  return v
}

/** Per output: the ε-perfect extrapolation MSE, below which that output counts as solved. */
export function successThresholds(problem: ProblemSpec, config: GeneratedConfig, eps: number): number[] {
  const range = problem.extrap.range
  if (config.kind === 'subsets') return [cached(officialLayout(config), range, eps, problem.divGuard)]
  // one input per operand (a = x_i, b = x_j, i ≠ j): the same construction, output by output
  return config.outputs.map((o) => cached({ op: o.op, inDim: config.inDim, onlyA: 1, onlyB: 1, both: 0 }, range, eps, problem.divGuard))
}
