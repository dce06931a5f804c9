import type { EpochMetrics, RunSeries } from '@shared/domain'
import { packColumns, toBase64 } from '@shared/series/columns'
import type { EpochPiece } from '@shared/series/epochPiece'

type Identity = Omit<RunSeries, 'series' | 'epochCount'>

/** Little-endian Float64 bytes of the values, base64 (written value by value: the reference, not the store's copy). */
function float64Base64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 8))
  values.forEach((v, i) => view.setFloat64(i * 8, v, true))
  return toBase64(new Uint8Array(view.buffer))
}

/**
 * The runs.epochs piece of these epochs after `after`, at most `size` of them, made from epoch
 * objects as the main side packs the store's rows (src-main/store/epochPieces.ts): for stand-ins
 * of the main side and as a reference in tests.
 */
export function pieceOf(
  who: Identity,
  epochs: readonly EpochMetrics[],
  opts: { after?: number; perOutput: boolean; size: number }
): EpochPiece {
  const rest = epochs.filter((e) => opts.after === undefined || e.epoch > opts.after)
  const k = opts.perOutput && rest.length ? rest[0].perOutput.interp.length : 0
  let end = Math.min(opts.size, rest.length)
  // a piece holds epochs of one per-output count, as the store's
  if (opts.perOutput) end = Math.min(end, ...[rest.findIndex((e) => e.perOutput.interp.length !== k)].filter((i) => i >= 0))
  const part = rest.slice(0, end)
  const column = (f: 'epoch' | 'trainMse' | 'interpMse' | 'extrapMse' | 'wallMs') => part.map((e) => e[f])
  const data = toBase64(
    packColumns({
      epoch: column('epoch'),
      trainMse: column('trainMse'),
      interpMse: column('interpMse'),
      extrapMse: column('extrapMse'),
      wallMs: column('wallMs')
    })
  )
  const hasSparsity = part.some((e) => e.sparsityError !== undefined)
  return {
    ...who,
    points: part.length,
    data,
    outputs: k,
    ...(k > 0 && { perOutput: float64Base64(part.flatMap((e) => [...e.perOutput.interp, ...e.perOutput.extrap])) }),
    ...(hasSparsity && { sparsity: float64Base64(part.map((e) => e.sparsityError ?? NaN)) }),
    next: end < rest.length ? part[part.length - 1].epoch : null
  }
}
