import { z } from 'zod'
import { GeneratedConfig } from './problem'
import { ModelSpec } from './model'
import { ExperimentSpec } from './experiment'

export const RunStatus = z.enum(['queued', 'running', 'completed', 'cancelled', 'diverged', 'interrupted', 'failed'])
export type RunStatus = z.infer<typeof RunStatus>

/**
 * A measured loss. NaN and ±Infinity are real outcomes (a NALU's extrapolation error can overflow),
 * kept exactly: the socket transport carries them with a tagged encoding (src-shared/wire.ts).
 */
export const LossValue = z.union([z.number(), z.nan(), z.literal(Infinity), z.literal(-Infinity)])

/**
 * One evaluation point, full resolution. perOutput arrays have one entry per output. `epoch` is the
 * x position in the run's unit: the epoch (1, 2, …), or for the 'iterations' schedule the iteration
 * (0, evalEvery, 2·evalEvery, …).
 */
export const EpochMetrics = z.object({
  epoch: z.number().int().min(0),
  trainMse: LossValue,
  interpMse: LossValue,
  extrapMse: LossValue,
  perOutput: z.object({ interp: z.array(LossValue), extrap: z.array(LossValue) }),
  /** wall time since the run started, in milliseconds */
  wallMs: z.number().min(0),
  /** max over the weights of min(|W|, |1 − |W||) at this point (Madsen & Johansen's sparsity error) */
  sparsityError: z.number().optional()
})
export type EpochMetrics = z.infer<typeof EpochMetrics>

export const Matrix = z.object({
  name: z.string(),
  rows: z.number().int().min(0),
  cols: z.number().int().min(0),
  /** row-major, rows = outputs of the unit, cols = its inputs */
  data: z.array(z.number())
})
export type Matrix = z.infer<typeof Matrix>

/** Final learned parameters of each unit in the model, as the UI draws them. */
export const LearnedWeights = z.object({
  units: z.array(
    z.object({
      kind: z.string(),
      /** the effective weights (e.g. tanh(Ŵ)⊙σ(M̂) for a NAC) first, raw parameters after */
      matrices: z.array(Matrix),
      /** mean gate value per output over the extrapolation set, for gated units */
      gates: z.array(z.number()).nullable()
    })
  )
})
export type LearnedWeights = z.infer<typeof LearnedWeights>

/** What ran, so it can be repeated exactly. */
export const RunEnvironment = z.object({
  path: z.enum(['fused', 'tfjs']),
  backend: z.string(),
  versions: z.record(z.string(), z.string())
})
export type RunEnvironment = z.infer<typeof RunEnvironment>

/**
 * Madsen & Johansen's verdict on a run (docs/engine.md): at the evaluation point with the lowest
 * interpolation MSE the run is solved if every output's extrapolation MSE there is below its
 * ε-perfect threshold; solvedAt is the first point where the extrapolation MSE is below the threshold.
 */
export const RunVerdict = z.object({
  rule: z.literal('best-interpolation'),
  solved: z.boolean(),
  /** first evaluation point (epoch or iteration) below the threshold, null if none */
  solvedAt: z.number().int().nullable(),
  /** the evaluation point with the lowest interpolation MSE, where `solved` is judged */
  bestIteration: z.number().int().nullable(),
  /** the threshold of the run's extrapolation MSE (the mean of the per-output thresholds) */
  threshold: LossValue,
  /** sparsity error at bestIteration, null for units without one */
  sparsityError: z.number().nullable()
})
export type RunVerdict = z.infer<typeof RunVerdict>

export const FinalMetrics = z.object({
  trainMse: LossValue,
  interpMse: LossValue,
  extrapMse: LossValue,
  /** one flag per output: extrapolation MSE below the ε-perfect threshold, at verdict.bestIteration */
  success: z.array(z.boolean()),
  thresholds: z.array(LossValue),
  /** absent on runs stored before the rule was applied */
  verdict: RunVerdict.optional()
})
export type FinalMetrics = z.infer<typeof FinalMetrics>

/** A row of the history table. */
export const RunRow = z.object({
  id: z.number().int(),
  experimentId: z.number().int(),
  experimentName: z.string(),
  preset: z.string().nullable(),
  model: z.string(),
  seed: z.number().int(),
  status: RunStatus,
  epochsDone: z.number().int(),
  epochs: z.number().int(),
  trainMse: z.number().nullable(),
  interpMse: z.number().nullable(),
  extrapMse: z.number().nullable(),
  /** outputs that succeeded / outputs, null until the run ends */
  successCount: z.number().int().nullable(),
  outputs: z.number().int(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: z.string(),
  /** when training started and ended (absent from rows stored by older versions of the contract) */
  startedAt: z.string().nullable().optional(),
  endedAt: z.string().nullable().optional(),
  backend: z.string().nullable()
})
export type RunRow = z.infer<typeof RunRow>

export const RunDetail = RunRow.extend({
  spec: ExperimentSpec,
  modelSpec: ModelSpec,
  config: GeneratedConfig,
  environment: RunEnvironment.nullable(),
  configHash: z.string(),
  error: z.string().nullable(),
  divergedAtEpoch: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  final: FinalMetrics.nullable(),
  weights: LearnedWeights.nullable(),
  series: z.array(EpochMetrics)
})
export type RunDetail = z.infer<typeof RunDetail>

/** The series of one run for comparison charts. */
export const RunSeries = z.object({
  id: z.number().int(),
  label: z.string(),
  model: z.string(),
  seed: z.number().int(),
  preset: z.string().nullable(),
  experimentName: z.string(),
  series: z.array(EpochMetrics),
  /** epochs the run has stored, when `series` holds fewer (reduced to a chart's pixel columns) */
  epochCount: z.number().int().nonnegative().optional()
})
export type RunSeries = z.infer<typeof RunSeries>

export const SORT_COLUMNS = [
  'id',
  'model',
  'preset',
  'seed',
  'status',
  'trainMse',
  'interpMse',
  'extrapMse',
  'successCount',
  'createdAt'
] as const
export const HistoryQuery = z
  .object({
    model: z.string().max(100).optional(),
    status: RunStatus.optional(),
    preset: z.string().max(100).optional(),
    tag: z.string().max(50).optional(),
    text: z.string().max(200).optional(),
    experimentId: z.number().int().optional(),
    sort: z.enum(SORT_COLUMNS).default('id'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100)
  })
  .strict()
export type HistoryQuery = z.infer<typeof HistoryQuery>
export type HistoryQueryInput = z.input<typeof HistoryQuery>
export const HistoryPage = z.object({ rows: z.array(RunRow), total: z.number().int() })
export type HistoryPage = z.infer<typeof HistoryPage>
