import type { ArithmeticProblem, DataSet as DataSetSpec, GeneratedConfig, MysteryProblem, ProblemSpec } from '@shared/domain'
import { ApiError } from '@shared/api'
import { Rng, STREAM } from '../rng'
import { computeTargets, outDimOf } from './targets'
import type { DataSet, ProblemData } from './types'

/** Resampling a guarded denominator more often than this means the range is (nearly) all guard. */
const MAX_RESAMPLES = 10_000

/** Which inputs and operation make each output, drawn once per seed. */
export function generateConfig(problem: ProblemSpec, seed: number): GeneratedConfig {
  const rng = new Rng(seed, STREAM.config)
  if (problem.kind === 'mystery') return mysteryConfig(problem, rng)
  return subsetConfig(problem, rng)
}

function mysteryConfig(p: MysteryProblem, rng: Rng): GeneratedConfig {
  const outputs = []
  for (let k = 0; k < p.outDim; k++) {
    const [i, j] = rng.pair(p.inDim)
    outputs.push({ i, j, op: p.ops[rng.int(p.ops.length)] })
  }
  return { kind: 'pairs', inDim: p.inDim, outputs }
}

/** Madsen & Johansen: two subsets of equal size overlapping by a fixed share; the offset is random. */
function subsetConfig(p: ArithmeticProblem, rng: Rng): GeneratedConfig {
  const size = Math.max(1, Math.floor(p.subsetRatio * p.inDim))
  const overlap = Math.floor(p.overlapRatio * size)
  const aStart = rng.int(p.inDim - 2 * size + overlap + 1)
  const bStart = aStart + size - overlap
  return { kind: 'subsets', inDim: p.inDim, op: p.op, a: [aStart, aStart + size], b: [bStart, bStart + size] }
}

/** Refuses a problem whose data cannot be drawn (a division guard that covers the whole range). */
export function checkProblem(problem: ProblemSpec): void {
  const divides = problem.kind === 'mystery' ? problem.ops.includes('div') : problem.op === 'div'
  if (!divides || problem.divGuard === 0) return
  for (const set of ['train', 'interp', 'extrap'] as const) {
    const { lo, hi } = problem[set].range
    if (Math.max(Math.abs(lo), Math.abs(hi)) <= problem.divGuard) {
      throw new ApiError({
        code: 'invalid',
        field: `problem.${set}.range`,
        message: `Invalid experiment: problem.${set}.range: [${lo}, ${hi}] lies inside the division guard ±${problem.divGuard}, so no denominator can be drawn`
      })
    }
  }
}

function drawSet(problem: ProblemSpec, config: GeneratedConfig, spec: DataSetSpec, rng: Rng, which: string): DataSet {
  const d = config.inDim
  const m = outDimOf(config)
  const { lo, hi } = spec.range
  const x = new Float64Array(spec.size * d)
  rng.fillNext(x, lo, hi)
  const guard = problem.divGuard
  if (guard > 0) guardDenominators(config, x, spec.size, guard, () => rng.uniform(lo, hi), which)
  const y = new Float64Array(spec.size * m)
  computeTargets(config, x, spec.size, y)
  return { n: spec.size, inDim: d, outDim: m, x, y }
}

/** Denominators with |v| < guard are redrawn from the same range, so no target is ±Infinity. */
export function guardDenominators(
  config: GeneratedConfig,
  x: Float64Array,
  n: number,
  guard: number,
  draw: () => number,
  which: string
): void {
  const d = config.inDim
  const fail = (): never => {
    throw new ApiError({
      code: 'invalid',
      field: `problem.${which}.range`,
      message: `Invalid experiment: problem.${which}.range: cannot draw a denominator outside the division guard ±${guard}`
    })
  }
  if (config.kind === 'pairs') {
    const cols = [...new Set(config.outputs.filter((o) => o.op === 'div').map((o) => o.j))]
    for (let r = 0; r < n; r++) {
      for (const j of cols) {
        let tries = 0
        while (Math.abs(x[r * d + j]) < guard) {
          if (++tries > MAX_RESAMPLES) fail()
          x[r * d + j] = draw()
        }
      }
    }
    return
  }
  if (config.op !== 'div') return
  const [b0, b1] = config.b
  for (let r = 0; r < n; r++) {
    let tries = 0
    for (;;) {
      let b = 0
      for (let i = b0; i < b1; i++) b += x[r * d + i]
      if (Math.abs(b) >= guard) break
      if (++tries > MAX_RESAMPLES) fail()
      for (let i = 0; i < d; i++) x[r * d + i] = draw()
    }
  }
}

/**
 * Train, interpolation and extrapolation sets of one seed, each from its own random stream. With
 * `train: false` (the 'iterations' schedule, whose batches are drawn afresh) the training set is
 * left empty.
 */
export function generateData(
  problem: ProblemSpec,
  config: GeneratedConfig,
  seed: number,
  want: { train: boolean } = { train: true }
): ProblemData {
  const empty = { n: 0, inDim: config.inDim, outDim: outDimOf(config), x: new Float64Array(0), y: new Float64Array(0) }
  return {
    train: want.train ? drawSet(problem, config, problem.train, new Rng(seed, STREAM.train), 'train') : empty,
    interp: drawSet(problem, config, problem.interp, new Rng(seed, STREAM.interp), 'interp'),
    extrap: drawSet(problem, config, problem.extrap, new Rng(seed, STREAM.extrap), 'extrap')
  }
}
