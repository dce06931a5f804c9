import { z } from 'zod'
import { RunStatus } from '@shared/domain'
import { NUMBER_MARKERS } from './codec'
import { BundleSnapshots } from './bundle-snapshots'

export const BUNDLE_FORMAT = 'nalu-lab-bundle'
/**
 * 2 (migration 002): evaluation points from 0 (the iteration schedule evaluates before the first
 * step), a sparsityError series column and final.verdict. Version-1 bundles import unchanged; an
 * app that knows only version 1 refuses a version-2 bundle by name instead of misreading it.
 * 3 (migration 004): each run's weight snapshots for replay (bundle-snapshots.ts), when it has any;
 * version-1 and -2 bundles import without them.
 */
export const BUNDLE_VERSION = 3

/** A float as bundles write it: a JSON number, or a marker for NaN, ±Infinity and -0. */
export const Num = z.union([z.number(), z.enum(NUMBER_MARKERS)])
const Nums = z.array(Num)
const Time = z.string().min(1).max(64)
// The same bounds as the contract and the experiment schema (src-shared/domain): an imported bundle
// can hold nothing the app would refuse to create, and no size a view would choke on.
const Name = z.string().max(200)
const Label = z.string().max(100)
const Tag = z.string().max(50)
const Long = z.string().max(20_000)
const MAX_SIDE = 10_000
const MAX_OUTPUTS = 1000
const MAX_RUNS = 10_000

const BundleMatrix = z
  .object({ name: Label, rows: z.number().int().min(0).max(MAX_SIDE), cols: z.number().int().min(0).max(MAX_SIDE), data: Nums })
  .refine((m) => m.data.length === m.rows * m.cols, { message: 'a matrix must hold rows × cols entries' })
export const BundleWeights = z.object({
  units: z
    .array(z.object({ kind: Label, matrices: z.array(BundleMatrix).max(10), gates: Nums.max(MAX_SIDE * MAX_OUTPUTS).nullable() }))
    .max(2)
})
const BundleVerdict = z.object({
  rule: z.literal('best-interpolation'),
  solved: z.boolean(),
  solvedAt: z.number().int().nullable(),
  bestIteration: z.number().int().nullable(),
  threshold: Num,
  sparsityError: Num.nullable()
})
export const BundleFinal = z.object({
  trainMse: Num,
  interpMse: Num,
  extrapMse: Num,
  success: z.array(z.boolean()).max(MAX_OUTPUTS),
  thresholds: Nums.max(MAX_OUTPUTS),
  verdict: BundleVerdict.optional()
})

/** Every epoch of a run, column by column (a tenth the size of one object per epoch). */
export const BundleSeries = z
  .object({
    epoch: z.array(z.number().int().min(0)),
    trainMse: Nums,
    interpMse: Nums,
    extrapMse: Nums,
    wallMs: Nums,
    interp: z.array(Nums.max(MAX_OUTPUTS)),
    extrap: z.array(Nums.max(MAX_OUTPUTS)),
    /** only when the run has one (NAU, NMU; version 2); null at points without */
    sparsityError: z.array(Num.nullable()).optional()
  })
  .refine(
    (s) =>
      [s.trainMse, s.interpMse, s.extrapMse, s.wallMs, s.interp, s.extrap, s.sparsityError ?? s.epoch].every(
        (c) => c.length === s.epoch.length
      ),
    {
      message: 'every series column must have one entry per epoch'
    }
  )
export type BundleSeries = z.infer<typeof BundleSeries>

export const BundleExperiment = z.object({
  uid: z.string().min(1).max(100),
  name: Name,
  preset: Label.nullable(),
  /** validated as an ExperimentSpec on import */
  spec: z.unknown(),
  createdAt: Time
})
export type BundleExperiment = z.infer<typeof BundleExperiment>

export const BundleRun = z.object({
  uid: z.string().min(1).max(100),
  experimentUid: z.string().max(100),
  model: Label,
  preset: Label.nullable(),
  seed: z.number().int(),
  status: RunStatus,
  outputs: z.number().int().min(0).max(MAX_OUTPUTS),
  epochs: z.number().int().min(0).max(100_000_000),
  epochsDone: z.number().int().min(0).max(100_000_001),
  trainMse: Num.nullable(),
  interpMse: Num.nullable(),
  extrapMse: Num.nullable(),
  successCount: z.number().int().nullable(),
  notes: Long,
  tags: z.array(Tag).max(50),
  backend: Label.nullable(),
  configHash: Label,
  error: z.string().max(100_000).nullable(),
  divergedAtEpoch: z.number().int().nullable(),
  createdAt: Time,
  startedAt: Time.nullable(),
  endedAt: Time.nullable(),
  /** validated as ModelSpec, GeneratedConfig and RunEnvironment on import */
  modelSpec: z.unknown(),
  config: z.unknown(),
  environment: z.unknown(),
  final: BundleFinal.nullable(),
  weights: BundleWeights.nullable(),
  series: BundleSeries,
  /** version 3, only for runs that have snapshots */
  snapshots: BundleSnapshots.optional()
})
export type BundleRun = z.infer<typeof BundleRun>

export const BundleFile = z.object({
  format: z.literal(BUNDLE_FORMAT, { message: `not a NALU Lab bundle (format must be "${BUNDLE_FORMAT}")` }),
  version: z
    .number()
    .int()
    .min(1)
    .max(BUNDLE_VERSION, {
      message: `this bundle was written by a newer NALU Lab (bundle version above ${BUNDLE_VERSION}); update the app to import it`
    }),
  exportedAt: z.string(),
  experiments: z.array(BundleExperiment).max(MAX_RUNS),
  runs: z.array(BundleRun).max(MAX_RUNS)
})
export type BundleFile = z.infer<typeof BundleFile>
