import { z } from 'zod'
import {
  BASE64,
  base64Length,
  COLUMN_NAMES,
  fromBase64,
  packColumns,
  readFloat64s,
  toBase64,
  unpackColumns,
  writeFloat64s
} from '../series/bytes'
import { LossValue, type EpochMetrics } from './run'

/**
 * The epochs a progress event carries, packed: five little-endian Float64 columns (epoch, train,
 * interp, extrap MSE, wall ms) in base64, as runs.chart and runs.epochs send series. As JSON objects
 * the sign-caveat preset's events were 9.1 MB, and every byte cost the page's renderer and network
 * process while training waited for the CPU; packed they are a third of that, every value comes
 * through bit for bit (NaN and ±Infinity of a diverging run included), and neither side formats or
 * parses a number. Per-output losses come for the newest epoch only: the run page's table shows the
 * latest, the store keeps them all.
 */
export const EpochBatch = z
  .object({
    points: z.number().int().nonnegative(),
    data: z.string().regex(BASE64, 'base64'),
    /** one Float64 an epoch, NaN where it has none; absent when no epoch has one */
    sparsity: z.string().regex(BASE64, 'base64').optional(),
    /** the newest epoch's per-output losses */
    latest: z.object({ interp: z.array(LossValue), extrap: z.array(LossValue) })
  })
  .refine((b) => b.data.length === base64Length(b.points * 40), { message: 'data holds five Float64 columns of `points` entries' })
  .refine((b) => b.sparsity === undefined || b.sparsity.length === base64Length(b.points * 8), {
    message: 'sparsity holds one Float64 for each of `points` epochs'
  })
export type EpochBatch = z.infer<typeof EpochBatch>

/** Without per-output losses every epoch shares one frozen empty pair. */
const NO_OUTPUTS: EpochMetrics['perOutput'] = Object.freeze({ interp: [], extrap: [] })

/** Epochs in ascending order, packed for a progress event. */
export function packEpochs(epochs: readonly EpochMetrics[]): EpochBatch {
  const n = epochs.length
  const column = (k: (typeof COLUMN_NAMES)[number]) => epochs.map((e) => e[k])
  const bytes = packColumns({
    epoch: column('epoch'),
    trainMse: column('trainMse'),
    interpMse: column('interpMse'),
    extrapMse: column('extrapMse'),
    wallMs: column('wallMs')
  })
  const batch: EpochBatch = { points: n, data: toBase64(bytes), latest: n ? epochs[n - 1].perOutput : NO_OUTPUTS }
  if (epochs.some((e) => e.sparsityError !== undefined)) {
    const sparsity = new Uint8Array(n * 8)
    writeFloat64s(
      sparsity,
      0,
      epochs.map((e) => e.sparsityError ?? NaN)
    )
    batch.sparsity = toBase64(sparsity)
  }
  return batch
}

/** The epochs of a progress event as objects; all but the newest without per-output losses. */
export function unpackEpochs(b: EpochBatch): EpochMetrics[] {
  const n = b.points
  const c = unpackColumns(fromBase64(b.data))
  if (c.epoch.length !== n) throw new Error(`a batch of ${n} epochs holds ${5 * c.epoch.length} values, not ${5 * n}`)
  const sparsity = b.sparsity === undefined ? null : readFloat64s(fromBase64(b.sparsity))
  const out = new Array<EpochMetrics>(n)
  for (let i = 0; i < n; i++) {
    const e: EpochMetrics = {
      epoch: c.epoch[i],
      trainMse: c.trainMse[i],
      interpMse: c.interpMse[i],
      extrapMse: c.extrapMse[i],
      perOutput: i === n - 1 ? b.latest : NO_OUTPUTS,
      wallMs: c.wallMs[i]
    }
    // NaN marks an epoch without one (as the store keeps it: SQLite turns a NaN into NULL)
    if (sparsity && !Number.isNaN(sparsity[i])) e.sparsityError = sparsity[i]
    out[i] = e
  }
  return out
}
