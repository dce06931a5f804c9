import { setImmediate as nextTurn } from 'node:timers/promises'
import { packColumns, type SeriesColumns } from '@shared/series/columns'
import type { EpochPiece } from '@shared/series/epochPiece'
import type { StoreDb } from './db'
import { base64Of, realOrNaN } from './codec'
import { seriesOf } from './reads'
import { readRunRows } from './rows'

/**
 * Bytes a piece holds at most, before base64. The turn that ends a piece packs, encodes and sends it
 * (base64, the socket's JSON and UTF-8: each a pass over the text, 3–20 ms for a megabyte here with
 * the machine loaded), and two pieces in flight may end in one turn: a quarter of a megabyte keeps
 * that turn to a few milliseconds, for one request more a run in five (20 × 50,000 epochs: about
 * 200 requests).
 */
export const PIECE_BYTES = 256 * 1024
/**
 * Bytes read in one turn of the event loop: 1,024 rows of the five losses (1.5–5 ms here, more
 * with the machine loaded). The per-output blob makes a row heavier, so a slice is cut by bytes
 * too (an outDim-1000 run's row is 16 kB).
 */
export const SLICE_BYTES = 64 * 1024
const SLICE_ROWS = 1024

/** epoch, train, interp, extrap, wall, sparsity error, and the per-output blob when asked */
type Row = [number, number | null, number | null, number | null, number, number | null, Buffer?]
const sql = (
  perOutput: boolean
) => `SELECT epoch, train_mse, interp_mse, extrap_mse, wall_ms, sparsity_error${perOutput ? ', per_output' : ''}
  FROM epochs WHERE run_id = ? AND epoch > ? ORDER BY epoch LIMIT ?`

/** The byte length of the per-output blob of the run's first epoch after `after` (0 if none). */
function blobWidth(s: StoreDb, runId: number, after: number): number {
  const w = s.stmt('SELECT length(per_output) FROM epochs WHERE run_id = ? AND epoch > ? ORDER BY epoch LIMIT 1').pluck().get(runId, after)
  return typeof w === 'number' ? w : 0
}

/**
 * The run's epochs after `after` (all when undefined), at most PIECE_BYTES of them, read in slices
 * of SLICE_BYTES with a turn of the event loop between them, packed as EpochPiece. Values are read
 * as runs.series reads them (NULL is NaN, ±Infinity stays); per-output losses are the store's own
 * blobs, copied, not decoded. A piece holds epochs of one per-output count: a row with another ends
 * it, and the next piece starts there. Null when the run does not exist.
 */
export async function epochPiece(s: StoreDb, runId: number, opts: { after?: number; perOutput: boolean }): Promise<EpochPiece | null> {
  const [row] = readRunRows(s, [runId])
  if (!row) return null
  const { series: _none, ...identity } = seriesOf(row, [])
  const width = opts.perOutput ? blobWidth(s, runId, opts.after ?? -1) : 0
  const rowBytes = 48 + width
  const sliceRows = Math.max(1, Math.min(SLICE_ROWS, Math.floor(SLICE_BYTES / rowBytes)))
  const maxRows = Math.max(sliceRows, Math.floor(PIECE_BYTES / rowBytes))
  // typed columns of the piece's most rows, filled in place: a piece's numbers are no garbage to
  // collect (pushed into arrays, 20 × 50,000 epochs left the server scavenging them between pieces)
  const all = {
    epoch: new Float64Array(maxRows),
    trainMse: new Float64Array(maxRows),
    interpMse: new Float64Array(maxRows),
    extrapMse: new Float64Array(maxRows),
    wallMs: new Float64Array(maxRows)
  }
  let n = 0
  const sparsity: (number | null)[] = []
  const blobs: Buffer[] = []
  let last = opts.after ?? -1
  // whether the run may have epochs after this piece: false only once a slice came back short
  let more: boolean
  for (;;) {
    const ask = Math.min(sliceRows, maxRows - n)
    const rows = s.stmt(sql(opts.perOutput)).raw(true).all(runId, last, ask) as Row[]
    let otherWidth = false
    for (const [epoch, t, i, x, w, se, blob] of rows) {
      if (blob && blob.length !== width) {
        otherWidth = true
        break
      }
      all.epoch[n] = epoch
      all.trainMse[n] = realOrNaN(t)
      all.interpMse[n] = realOrNaN(i)
      all.extrapMse[n] = realOrNaN(x)
      all.wallMs[n] = w
      n++
      sparsity.push(se)
      if (blob) blobs.push(blob)
      last = epoch
    }
    more = otherWidth || rows.length === ask
    if (!more || otherWidth || n >= maxRows) break
    await nextTurn()
  }
  const c: SeriesColumns<Float64Array> = {
    epoch: all.epoch.subarray(0, n),
    trainMse: all.trainMse.subarray(0, n),
    interpMse: all.interpMse.subarray(0, n),
    extrapMse: all.extrapMse.subarray(0, n),
    wallMs: all.wallMs.subarray(0, n)
  }
  return {
    ...identity,
    points: n,
    data: base64Of(packColumns(c)),
    outputs: width / 16,
    ...(width > 0 && { perOutput: Buffer.concat(blobs).toString('base64') }),
    ...(sparsity.some((v) => v !== null) && { sparsity: packSparsity(sparsity) }),
    next: more ? last : null
  }
}

function packSparsity(values: readonly (number | null)[]): string {
  const buf = Buffer.allocUnsafe(values.length * 8)
  values.forEach((v, i) => buf.writeDoubleLE(v ?? NaN, i * 8))
  return buf.toString('base64')
}
