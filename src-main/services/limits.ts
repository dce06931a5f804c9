import { ApiError } from '@shared/api'
import type { ExperimentSpec, ModelSpec, UnitSpec } from '@shared/domain'
import { settingWords } from '@shared/issueWords'

/**
 * What one experiment may ask of this machine (2 cores, 24 GB) or a laptop (8–16 GB, a worker per
 * core): checked before anything is stored or started. docs/limits.md gives the reasons.
 */
export const LIMITS = {
  /** runs (models × seeds): a study of 10 models × 100 seeds; 5,000 stalled every client for seconds */
  runs: 1_000,
  /** one training process's estimated memory: data sets, parameters with gradients and Adam state, batches, series */
  runBytes: 1024 ** 3,
  /** the series one run stores: points × (5 metrics + 2 per output) doubles */
  runSeriesBytes: 256 * 1024 ** 2,
  /** every run's stored series together (the database grows by this much) */
  experimentSeriesBytes: 4 * 1024 ** 3
} as const

const F64 = 8
/** bytes a stored series point costs besides its per-output columns (row, 5 doubles, index entry) */
const POINT_BYTES = 64
/** weights, gradient and the optimiser's two moments per parameter */
const PARAM_COPIES = 4
/** intermediate arrays a forward and backward pass keep per row and unit (a gated NALU's worst case) */
const ACTIVATION_COPIES = 8
/** rows evaluated at once (trainer/batches.ts EVAL_ROWS) */
const EVAL_ROWS = 1024

/** Weight matrices of in × out a unit holds: a NAC's Ŵ and M̂, a NALU's gate, an article NALU's second NAC. */
function matricesOf(u: UnitSpec): number {
  switch (u.kind) {
    case 'nac':
    case 'npu':
      return 2
    case 'nalu':
      return u.variant === 'article' ? 5 : 3
    case 'inalu':
      return 5
    default:
      return 1
  }
}

function unitParams(u: UnitSpec, inDim: number, outDim: number): number {
  if (u.kind === 'mlp') return inDim * u.hidden + u.hidden + u.hidden * outDim + outDim
  return matricesOf(u) * inDim * outDim + inDim + outDim
}

/** Widths a batch row passes through: input, each unit's hidden layers, output. */
function widths(m: ModelSpec, inDim: number, outDim: number): { params: number; width: number } {
  const dims = m.units.length === 1 ? [inDim, outDim] : [inDim, m.hidden, outDim]
  let params = 0
  let width = inDim
  m.units.forEach((u, i) => {
    params += unitParams(u, dims[i], dims[i + 1])
    width += dims[i + 1] + (u.kind === 'mlp' ? u.hidden : 0)
  })
  return { params, width }
}

export interface ExperimentEstimate {
  runs: number
  points: number
  outputs: number
  /** per run, the largest model's */
  dataBytes: number
  paramBytes: number
  batchBytes: number
  seriesBytes: number
  runBytes: number
  experimentSeriesBytes: number
}

export function estimateExperiment(spec: ExperimentSpec): ExperimentEstimate {
  const { problem, training } = spec
  const outputs = problem.kind === 'mystery' ? problem.outDim : 1
  const iterations = training.schedule === 'iterations'
  const points = iterations ? Math.floor(training.iterations / training.evalEvery) + 1 : training.epochs
  // the iterations schedule draws each batch fresh: no training set is held
  const rows = problem.interp.size + problem.extrap.size + (iterations ? 0 : problem.train.size)
  // generated once, then copied into the kernels' memory
  const dataBytes = 2 * rows * (problem.inDim + outputs) * F64
  const models = spec.models.map((m) => widths(m, problem.inDim, outputs))
  const paramBytes = Math.max(...models.map((m) => m.params)) * PARAM_COPIES * F64
  const batchRows = Math.max(training.batchSize, EVAL_ROWS)
  const batchBytes = batchRows * Math.max(...models.map((m) => m.width)) * ACTIVATION_COPIES * F64
  const seriesBytes = points * (POINT_BYTES + 2 * outputs * F64)
  const runs = spec.models.length * spec.seeds.length
  return {
    runs,
    points,
    outputs,
    dataBytes,
    paramBytes,
    batchBytes,
    seriesBytes,
    // the worker keeps its series until the run ends
    runBytes: dataBytes + paramBytes + batchBytes + seriesBytes,
    experimentSeriesBytes: runs * seriesBytes
  }
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`
}

const count = (n: number) => n.toLocaleString('en-US')

/** The setting in the form's words, as every other experiment message says it; `field` keeps the path. */
function refuse(field: string, message: string): never {
  throw new ApiError({ code: 'invalid', field, message: `Invalid experiment: ${settingWords(field)}: ${message}` })
}

/** Throws an ApiError naming the field that exceeds a limit (the largest contributor), in one sentence. */
export function checkLimits(spec: ExperimentSpec): void {
  const e = estimateExperiment(spec)
  if (e.runs > LIMITS.runs) {
    refuse(
      spec.seeds.length >= spec.models.length ? 'seeds' : 'models',
      `${count(spec.models.length)} models × ${count(spec.seeds.length)} seeds is ${count(e.runs)} runs; an experiment may have at most ${count(LIMITS.runs)}.`
    )
  }
  const pointsField = spec.training.schedule === 'iterations' ? 'training.evalEvery' : 'training.epochs'
  if (e.runBytes > LIMITS.runBytes) {
    const parts: [string, number][] = [
      [largestSet(spec), e.dataBytes],
      [paramsField(spec), e.paramBytes],
      ['training.batchSize', e.batchBytes],
      [pointsField, e.seriesBytes]
    ]
    const [field] = parts.reduce((a, b) => (b[1] > a[1] ? b : a))
    refuse(
      field,
      `one run would need about ${formatBytes(e.runBytes)} of memory (data sets ${formatBytes(e.dataBytes)}, ` +
        `parameters ${formatBytes(e.paramBytes)}, batches ${formatBytes(e.batchBytes)}, series ${formatBytes(e.seriesBytes)}); a run may use at most ${formatBytes(LIMITS.runBytes)}.`
    )
  }
  if (e.seriesBytes > LIMITS.runSeriesBytes) {
    refuse(
      e.outputs > 1 && e.outputs * 16 > POINT_BYTES ? 'problem.outDim' : pointsField,
      `each run would store ${count(e.points)} points × ${count(e.outputs)} outputs (${formatBytes(e.seriesBytes)}); a run may store at most ${formatBytes(LIMITS.runSeriesBytes)}.`
    )
  }
  if (e.experimentSeriesBytes > LIMITS.experimentSeriesBytes) {
    refuse(
      'seeds',
      `${count(e.runs)} runs would store ${formatBytes(e.experimentSeriesBytes)} of series; an experiment may store at most ${formatBytes(LIMITS.experimentSeriesBytes)}.`
    )
  }
}

function largestSet(spec: ExperimentSpec): string {
  const sets = (['train', 'interp', 'extrap'] as const).filter((k) => k !== 'train' || spec.training.schedule !== 'iterations')
  return `problem.${sets.reduce((a, b) => (spec.problem[b].size > spec.problem[a].size ? b : a))}.size`
}

/** The largest model's own size field when it has one (a hidden layer), else the input width. */
function paramsField(spec: ExperimentSpec): string {
  const sizes = spec.models.map((m) => widths(m, spec.problem.inDim, 1).params)
  const i = sizes.indexOf(Math.max(...sizes))
  const m = spec.models[i]
  const mlp = m.units.findIndex((u) => u.kind === 'mlp')
  if (mlp >= 0) return `models[${i}].units[${mlp}].hidden`
  return m.units.length > 1 ? `models[${i}].hidden` : 'problem.inDim'
}
