import { z } from 'zod'
import { RunStatus } from '../../src-shared/domain'
import { NUMBER_MARKERS } from './codec'

export const BUNDLE_FORMAT = 'nalu-lab-bundle'
export const BUNDLE_VERSION = 1

/** A float as bundles write it: a JSON number, or a marker for NaN, ±Infinity and -0. */
export const Num = z.union([z.number(), z.enum(NUMBER_MARKERS)])
const Nums = z.array(Num)
const Time = z.string().min(1).max(64)

const BundleMatrix = z.object({ name: z.string(), rows: z.number().int().min(0), cols: z.number().int().min(0), data: Nums })
export const BundleWeights = z.object({
  units: z.array(z.object({ kind: z.string(), matrices: z.array(BundleMatrix), gates: Nums.nullable() }))
})
export const BundleFinal = z.object({
  trainMse: Num, interpMse: Num, extrapMse: Num, success: z.array(z.boolean()), thresholds: Nums
})

/** Every epoch of a run, column by column (a tenth the size of one object per epoch). */
export const BundleSeries = z
  .object({
    epoch: z.array(z.number().int().min(1)),
    trainMse: Nums,
    interpMse: Nums,
    extrapMse: Nums,
    wallMs: Nums,
    interp: z.array(Nums),
    extrap: z.array(Nums)
  })
  .refine((s) => [s.trainMse, s.interpMse, s.extrapMse, s.wallMs, s.interp, s.extrap].every((c) => c.length === s.epoch.length), {
    message: 'every series column must have one entry per epoch'
  })
export type BundleSeries = z.infer<typeof BundleSeries>

export const BundleExperiment = z.object({
  uid: z.string().min(1).max(100),
  name: z.string(),
  preset: z.string().nullable(),
  /** validated as an ExperimentSpec on import */
  spec: z.unknown(),
  createdAt: Time
})
export type BundleExperiment = z.infer<typeof BundleExperiment>

export const BundleRun = z.object({
  uid: z.string().min(1).max(100),
  experimentUid: z.string(),
  model: z.string(),
  preset: z.string().nullable(),
  seed: z.number().int(),
  status: RunStatus,
  outputs: z.number().int().min(0),
  epochs: z.number().int().min(0),
  epochsDone: z.number().int().min(0),
  trainMse: Num.nullable(),
  interpMse: Num.nullable(),
  extrapMse: Num.nullable(),
  successCount: z.number().int().nullable(),
  notes: z.string(),
  tags: z.array(z.string()),
  backend: z.string().nullable(),
  configHash: z.string(),
  error: z.string().nullable(),
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
  series: BundleSeries
})
export type BundleRun = z.infer<typeof BundleRun>

export const BundleFile = z.object({
  format: z.literal(BUNDLE_FORMAT, { message: `not a NALU Lab bundle (format must be "${BUNDLE_FORMAT}")` }),
  version: z.number().int().min(1).max(BUNDLE_VERSION, {
    message: `this bundle was written by a newer NALU Lab (bundle version above ${BUNDLE_VERSION}); update the app to import it`
  }),
  exportedAt: z.string(),
  experiments: z.array(BundleExperiment),
  runs: z.array(BundleRun)
})
export type BundleFile = z.infer<typeof BundleFile>
