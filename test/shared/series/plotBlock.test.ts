import { describe, expect, it } from 'vitest'
import { plotBlockBytes, type SeriesColumns } from '@shared/series/columns'
import { packPlotBlock, unpackPlotBlock } from '@shared/series/plotBlock'

const columns: SeriesColumns = {
  epoch: [0, 1, 2, 70_000, 4_000_000_000],
  trainMse: [1.5, NaN, Infinity, -Infinity, 1e-300],
  interpMse: [2.25, 1e300, 0, -0, 5e-324],
  extrapMse: [0.1, 0.2, 0.30000000000000004, NaN, 7],
  wallMs: [0, 12.5, 1e9, 1e9 + 0.25, 3]
}
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expect(Array.from(a, (v) => (Object.is(v, -0) ? '-0' : v))).toEqual(Array.from(b, (v) => (Object.is(v, -0) ? '-0' : v)))

describe('plot blocks', () => {
  it('carry the losses bit for bit and the epochs, in 28 bytes a point, the wall time only when asked', () => {
    const bare = packPlotBlock(columns, false)
    expect(bare.byteLength).toBe(5 * 28)
    const back = unpackPlotBlock(bare, 5, false)
    for (const k of ['epoch', 'trainMse', 'interpMse', 'extrapMse'] as const) same(back[k], columns[k])
    expect(Array.from(back.wallMs).every(Number.isNaN)).toBe(true)
    const full = packPlotBlock(columns, true)
    expect(full.byteLength).toBe(plotBlockBytes(5, true))
    same(unpackPlotBlock(full, 5, true).wallMs, columns.wallMs)
  })

  it('reads a block that does not start on an aligned byte (a copy, the same values)', () => {
    const block = packPlotBlock(columns, true)
    const shifted = new Uint8Array(block.byteLength + 3)
    shifted.set(block, 3)
    const back = unpackPlotBlock(shifted.subarray(3), 5, true)
    for (const k of ['epoch', 'trainMse', 'interpMse', 'extrapMse', 'wallMs'] as const) same(back[k], columns[k])
  })

  it('refuses an epoch it cannot carry and a block of the wrong size', () => {
    expect(() => packPlotBlock({ ...columns, epoch: [0, 1, 2.5, 3, 4] }, false)).toThrow('epoch 2.5')
    expect(() => packPlotBlock({ ...columns, epoch: [0, 1, 2, 3, 2 ** 32] }, false)).toThrow('not a whole number')
    expect(() => unpackPlotBlock(packPlotBlock(columns, false), 5, true)).toThrow('with wall time has 180 bytes, not 140')
  })
})
