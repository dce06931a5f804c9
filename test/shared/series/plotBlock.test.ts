import { describe, expect, it } from 'vitest'
import type { SeriesColumns } from '@shared/series/columns'
import { drawnCounts, packPlotBlock, plotBlockBytes, unpackPlotBlock } from '@shared/series/plotBlock'

const columns: SeriesColumns = {
  epoch: [0, 1, 2, 70_000, 4_000_000_000],
  trainMse: [1.5, NaN, Infinity, -Infinity, 1e-300],
  interpMse: [2.25, 1e300, 0, -0, 5e-324],
  extrapMse: [0.1, 0.2, 0.30000000000000004, NaN, 7],
  wallMs: [0, 12.5, 1e9, 1e9 + 0.25, 3]
}
/** every point on every chart */
const ALL = new Uint8Array(5).fill(7)
/** train draws points 0, 1, 4; interp 0, 2, 4; extrap 0, 3, 4 */
const SOME = new Uint8Array([7, 1, 2, 4, 7])
const show = (v: number) => (Object.is(v, -0) ? '-0' : v)
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a, show)).toEqual(Array.from(b, show))

describe('plot blocks', () => {
  it('carry the losses bit for bit and the epochs, in 28 bytes a point when every chart draws it, the wall time only when asked', () => {
    const bare = packPlotBlock(columns, ALL, false)
    expect(bare.byteLength).toBe(5 * 28)
    const back = unpackPlotBlock(bare, ALL, false)
    for (const k of ['epoch', 'trainMse', 'interpMse', 'extrapMse'] as const) same(back[k], columns[k])
    expect(Array.from(back.wallMs).every(Number.isNaN)).toBe(true)
    const full = packPlotBlock(columns, ALL, true)
    expect(full.byteLength).toBe(plotBlockBytes(ALL, true))
    expect(full.byteLength).toBe(5 * 36)
    same(unpackPlotBlock(full, ALL, true).wallMs, columns.wallMs)
  })

  it('carry each loss only where its chart draws it: the others come back NaN', () => {
    expect(drawnCounts(SOME)).toEqual([3, 3, 3])
    const block = packPlotBlock(columns, SOME, true)
    // 9 losses, 5 wall times, 5 epochs: not 15 losses
    expect(block.byteLength).toBe(9 * 8 + 5 * 8 + 5 * 4)
    expect(plotBlockBytes(SOME, false)).toBe(9 * 8 + 5 * 4)
    const back = unpackPlotBlock(block, SOME, true)
    same(back.epoch, columns.epoch)
    same(back.wallMs, columns.wallMs)
    same(back.trainMse, [1.5, NaN, NaN, NaN, 1e-300])
    same(back.interpMse, [2.25, NaN, 0, NaN, 5e-324])
    same(back.extrapMse, [0.1, NaN, NaN, NaN, 7])
    // a drawn NaN stays a NaN, a drawn -0 a -0; a point no chart of a loss draws is NaN whatever its value
    const odd = new Uint8Array([0, 1, 0, 2, 0])
    const sparse = unpackPlotBlock(packPlotBlock(columns, odd, false), odd, false)
    same(sparse.trainMse, [NaN, NaN, NaN, NaN, NaN])
    same(sparse.interpMse, [NaN, NaN, NaN, -0, NaN])
  })

  it('reads a block that does not start on an aligned byte (a copy, the same values)', () => {
    const block = packPlotBlock(columns, SOME, true)
    const shifted = new Uint8Array(block.byteLength + 3)
    shifted.set(block, 3)
    const back = unpackPlotBlock(shifted.subarray(3), SOME, true)
    const direct = unpackPlotBlock(block, SOME, true)
    for (const k of ['epoch', 'trainMse', 'interpMse', 'extrapMse', 'wallMs'] as const) same(back[k], direct[k])
  })

  it('refuses an epoch it cannot carry, masks that are not the points, and a block of the wrong size', () => {
    expect(() => packPlotBlock({ ...columns, epoch: [0, 1, 2.5, 3, 4] }, ALL, false)).toThrow('epoch 2.5')
    expect(() => packPlotBlock({ ...columns, epoch: [0, 1, 2, 3, 2 ** 32] }, ALL, false)).toThrow('not a whole number')
    expect(() => packPlotBlock(columns, SOME.subarray(1), false)).toThrow('4 line masks for 5 points')
    expect(() => unpackPlotBlock(packPlotBlock(columns, ALL, false), ALL, true)).toThrow(
      'with wall time and these masks has 180 bytes, not 140'
    )
    expect(() => unpackPlotBlock(packPlotBlock(columns, ALL, false), SOME, false)).toThrow('has 92 bytes, not 140')
  })
})
