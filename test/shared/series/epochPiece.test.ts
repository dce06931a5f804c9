import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { packColumns, toBase64 } from '@shared/series/columns'
import { EpochPiece, everyEpoch, pieceEpochs } from '@shared/series/epochPiece'
import { decodeWire, encodeWire } from '@shared/wire'

const who = { id: 4, label: 'nalu · seed 1 · #4', model: 'nalu', seed: 1, preset: null, experimentName: 'Sign caveat' }

/** Losses that JSON cannot hold (a diverged run), per-output losses, a sparsity error on some epochs. */
const epochs: EpochMetrics[] = Array.from({ length: 11 }, (_, i) => ({
  epoch: i * 2,
  trainMse: i === 9 ? Infinity : 1 / (i + 1),
  interpMse: i === 10 ? NaN : Math.PI / (i + 3),
  extrapMse: i === 3 ? -Infinity : 1e300 * i,
  perOutput: { interp: [i, NaN, -0], extrap: [Infinity, i / 7, 5e-324] },
  wallMs: i * 12.5,
  ...(i % 3 === 0 && { sparsityError: i / 11 })
}))

/** Little-endian Float64 bytes written value by value, base64: the reference the decoder is checked against. */
function float64s(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 8))
  values.forEach((v, i) => view.setFloat64(i * 8, v, true))
  return toBase64(new Uint8Array(view.buffer))
}

/** The piece of these epochs after `after`, at most `size` of them, packed as the main side packs the store's rows. */
function pieceOf(all: readonly EpochMetrics[], opts: { after?: number; perOutput: boolean; size: number }): EpochPiece {
  const rest = all.filter((e) => opts.after === undefined || e.epoch > opts.after)
  const part = rest.slice(0, opts.size)
  const col = (f: 'epoch' | 'trainMse' | 'interpMse' | 'extrapMse' | 'wallMs') => part.map((e) => e[f])
  const k = opts.perOutput ? part[0].perOutput.interp.length : 0
  return {
    ...who,
    points: part.length,
    data: toBase64(
      packColumns({
        epoch: col('epoch'),
        trainMse: col('trainMse'),
        interpMse: col('interpMse'),
        extrapMse: col('extrapMse'),
        wallMs: col('wallMs')
      })
    ),
    outputs: k,
    ...(k > 0 && { perOutput: float64s(part.flatMap((e) => [...e.perOutput.interp, ...e.perOutput.extrap])) }),
    ...(part.some((e) => e.sparsityError !== undefined) && { sparsity: float64s(part.map((e) => e.sparsityError ?? NaN)) }),
    next: part.length < rest.length ? part[part.length - 1].epoch : null
  }
}

describe('epoch pieces', () => {
  it('decode to the epochs they were made of, bit for bit, across the socket', () => {
    const piece = pieceOf(epochs, { perOutput: true, size: 100 })
    const sent = EpochPiece.parse(decodeWire(encodeWire(piece)))
    expect(pieceEpochs(sent)).toEqual(epochs)
    expect(Object.is(pieceEpochs(sent)[4].perOutput.interp[2], -0)).toBe(true)
    // without per-output losses every epoch has none, and no sparsity error is made up
    const lean = pieceEpochs(pieceOf(epochs, { perOutput: false, size: 100 }))
    expect(lean.map((e) => e.perOutput)).toEqual(epochs.map(() => ({ interp: [], extrap: [] })))
    expect(lean.filter((e) => 'sparsityError' in e)).toHaveLength(4)
  })

  it('make a run of every piece, asking each from the last epoch of the one before', async () => {
    const asked: (number | undefined)[] = []
    const run = await everyEpoch((after) => {
      asked.push(after)
      return Promise.resolve(pieceOf(epochs, { after, perOutput: true, size: 4 }))
    })
    expect(asked).toEqual([undefined, 6, 14])
    expect(run).toEqual({ ...who, series: epochs })
  })

  it('refuses a piece that does not move on, rather than asking for it forever', async () => {
    const stuck = { ...pieceOf(epochs, { after: 6, perOutput: false, size: 2 }), next: 6 }
    let asked = 0
    const ask = () => (++asked > 5 ? Promise.reject(new Error('asked forever')) : Promise.resolve(stuck))
    await expect(everyEpoch(ask)).rejects.toThrow('run 4: the piece after epoch 6 ends at 6')
  })

  it('refuses a malformed piece with a clear message', () => {
    const good = pieceOf(epochs, { perOutput: true, size: 100 })
    const message = (p: unknown) => EpochPiece.safeParse(p).error?.issues.map((i) => i.message)
    expect(message(good)).toBeUndefined()
    expect(message({ ...good, points: 10 })).toContain('data holds five Float64 columns of `points` entries')
    expect(message({ ...good, perOutput: undefined })).toContain(
      'perOutput holds `outputs` interpolation and extrapolation losses for each of `points` epochs, given with outputs'
    )
    expect(message({ ...good, sparsity: good.sparsity!.slice(4) })).toContain('sparsity holds one Float64 for each of `points` epochs')
    expect(message({ ...good, data: `!${good.data.slice(1)}` })).toContain('base64')
  })
})
