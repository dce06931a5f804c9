import { z } from 'zod'
import { RunSeries, type EpochMetrics } from '../domain'
import { BASE64, base64Length, fromBase64, readFloat64s, unpackColumns } from './columns'

/**
 * Every epoch of one run, a bounded piece at a time (runs.epochs: Compare's smoothing, grouping by
 * model and per-output splits). The old answer, every epoch of every run as JSON objects in one
 * request, held the server's event loop for seconds (20 runs × 50,000 epochs: 157 MB of JSON). A
 * piece is packed little-endian Float64, so NaN and ±Infinity (diverged runs) come through bit for
 * bit and neither side touches a number to encode the text; it is at most 256 kB (PIECE_BYTES), read
 * in slices with a turn of the server's event loop between them, and the page asks for the next.
 */
export const EpochPiece = RunSeries.pick({ id: true, label: true, model: true, seed: true, preset: true, experimentName: true })
  .extend({
    /** epochs in this piece */
    points: z.number().int().nonnegative(),
    /** packColumns of the piece's epochs (epoch, train, interp, extrap MSE, wall ms), base64 */
    data: z.string().regex(BASE64, 'base64'),
    /** per-output losses each epoch of the piece has (a piece never mixes counts); 0 when not asked */
    outputs: z.number().int().nonnegative(),
    /** with outputs: each epoch's interpolation then extrapolation losses (the store's blob), Float64, base64 */
    perOutput: z.string().regex(BASE64, 'base64').optional(),
    /** present when an epoch of the piece has a sparsity error: one Float64 an epoch, NaN where it has none, base64 */
    sparsity: z.string().regex(BASE64, 'base64').optional(),
    /** the `after` that asks for the next piece (this piece's last epoch); null: the run has no more */
    next: z.number().int().nonnegative().nullable()
  })
  .refine((p) => p.data.length === base64Length(p.points * 40), { message: 'data holds five Float64 columns of `points` entries' })
  .refine((p) => (p.outputs > 0 ? p.perOutput?.length === base64Length(p.points * p.outputs * 16) : p.perOutput === undefined), {
    message: 'perOutput holds `outputs` interpolation and extrapolation losses for each of `points` epochs, given with outputs'
  })
  .refine((p) => p.sparsity === undefined || p.sparsity.length === base64Length(p.points * 8), {
    message: 'sparsity holds one Float64 for each of `points` epochs'
  })
export type EpochPiece = z.infer<typeof EpochPiece>

/** Without per-output losses every epoch shares one frozen empty pair (as reduced series do: columns.ts epochsOf). */
const NO_OUTPUTS: EpochMetrics['perOutput'] = Object.freeze({ interp: [], extrap: [] })

/** A piece's epochs as the charts' shared code takes them: the objects runs.series used to send, value for value. */
export function pieceEpochs(p: EpochPiece): EpochMetrics[] {
  const c = unpackColumns(fromBase64(p.data))
  const k = p.outputs
  const losses = p.perOutput === undefined ? null : readFloat64s(fromBase64(p.perOutput))
  const sparsity = p.sparsity === undefined ? null : readFloat64s(fromBase64(p.sparsity))
  const out = new Array<EpochMetrics>(p.points)
  for (let i = 0; i < p.points; i++) {
    let perOutput = NO_OUTPUTS
    if (losses) {
      const interp = new Array<number>(k)
      const extrap = new Array<number>(k)
      for (let j = 0, at = i * 2 * k; j < k; j++) {
        interp[j] = losses[at + j]
        extrap[j] = losses[at + k + j]
      }
      perOutput = { interp, extrap }
    }
    const e: EpochMetrics = {
      epoch: c.epoch[i],
      trainMse: c.trainMse[i],
      interpMse: c.interpMse[i],
      extrapMse: c.extrapMse[i],
      perOutput,
      wallMs: c.wallMs[i]
    }
    // absent where the store has none (SQLite keeps a NaN as NULL, so NaN means none), as runs.series
    if (sparsity && !Number.isNaN(sparsity[i])) e.sparsityError = sparsity[i]
    out[i] = e
  }
  return out
}

/**
 * Every epoch of one run, asking piece after piece (`ask(after)`: runs.epochs from the epoch after
 * `after`, from the first when undefined) until the run has no more. What Compare and the bench do.
 */
export async function everyEpoch(ask: (after: number | undefined) => Promise<EpochPiece>): Promise<RunSeries> {
  const series: EpochMetrics[] = []
  for (let after: number | undefined; ;) {
    const p = await ask(after)
    // a piece that does not move on would ask for itself forever
    if (p.next !== null && after !== undefined && p.next <= after)
      throw new Error(`run ${p.id}: the piece after epoch ${after} ends at ${p.next}`)
    for (const e of pieceEpochs(p)) series.push(e)
    if (p.next === null)
      return { id: p.id, label: p.label, model: p.model, seed: p.seed, preset: p.preset, experimentName: p.experimentName, series }
    after = p.next
  }
}
