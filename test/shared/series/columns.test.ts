import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import {
  chartColumns,
  chartLevel,
  ChartSeries,
  epochsOf,
  minMaxIndices,
  packColumns,
  pickColumns,
  reduceColumns,
  toBase64,
  unpackColumns,
  writeFloat64s,
  type SeriesColumns
} from '@shared/series/columns'
import { reduceEpochs } from '@shared/series/minMax'
import { series } from './noisySeries'

const asEpochs = (c: SeriesColumns): EpochMetrics[] => epochsOf(c)

describe('column reduction for charts', () => {
  it('asks for the power of two at or above the width, within 16…8192', () => {
    expect([1, 16, 17, 300, 1024, 1025, 1400, 8000, 9000].map(chartLevel)).toEqual([16, 16, 32, 512, 1024, 2048, 2048, 8192, 8192])
  })

  it('keeps the epochs reduceEpochs keeps, and short series whole', () => {
    const c = series(5000, 7)
    const byObjects = reduceEpochs(asEpochs(c), 300).map((e) => e.epoch)
    expect(reduceColumns(c, 300).epoch).toEqual(byObjects)
    expect(reduceColumns(series(500, 3), 300).epoch).toHaveLength(500)
    // every kept value is the real one at its epoch, in every column
    const r = reduceColumns(c, 300)
    r.epoch.forEach((e, k) => {
      const i = c.epoch.indexOf(e)
      expect([r.trainMse[k], r.interpMse[k], r.extrapMse[k], r.wallMs[k]]).toEqual([
        c.trainMse[i],
        c.interpMse[i],
        c.extrapMse[i],
        c.wallMs[i]
      ])
    })
  })

  it('keeps spikes, the lowest point, the first NaN and both ends', () => {
    const c = series(20_000, 11)
    c.extrapMse[12_345] = 1e30
    c.trainMse[17_000] = 1e-30
    c.interpMse[9_000] = NaN
    for (let i = 8_000; i < 9_000; i++) if (!Number.isFinite(c.interpMse[i])) c.interpMse[i] = 1
    const r = reduceColumns(c, 64)
    expect(r.epoch.length).toBeLessThan(64 * 10)
    expect(r.epoch).toContain(c.epoch[12_345])
    expect(r.epoch).toContain(c.epoch[17_000])
    expect(r.epoch).toContain(c.epoch[9_000])
    expect(r.epoch[0]).toBe(c.epoch[0])
    expect(r.epoch.at(-1)).toBe(c.epoch.at(-1))
  })

  it('derives a coarser power of two from a finer one exactly as from every epoch', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const step of [1, 1000]) {
        const c = series(30_000, seed, step)
        const fine = pickColumns(c, minMaxIndices(c, 2048))
        for (const level of [16, 64, 512, 1024, 2048]) {
          expect(pickColumns(fine, minMaxIndices(fine, level))).toEqual(pickColumns(c, minMaxIndices(c, level)))
        }
      }
    }
  })

  it('is not exact from a width that is not a multiple (why levels are powers of two)', () => {
    const c = series(30_000, 9)
    const fine = pickColumns(c, minMaxIndices(c, 1400))
    expect(pickColumns(fine, minMaxIndices(fine, 512)).epoch).not.toEqual(pickColumns(c, minMaxIndices(c, 512)).epoch)
  })

  it('packs columns bit for bit (NaN, ±Infinity, -0, awkward floats) and validates the wire shape', () => {
    const c = {
      epoch: [0, 1000, 2000],
      trainMse: [NaN, Infinity, -Infinity],
      interpMse: [-0, 0.1 + 0.2, 1e-300],
      extrapMse: [1e300, 5e-324, 2],
      wallMs: [0, 1.5, Math.PI]
    }
    const data = toBase64(packColumns(c))
    const base = { id: 1, label: 'nac', model: 'nac', seed: 1, preset: null, experimentName: 'x', epochCount: 3, columns: 16 }
    const wire = ChartSeries.parse({ ...base, points: 3, data })
    const back = chartColumns(wire)
    for (const k of ['epoch', 'trainMse', 'interpMse', 'extrapMse', 'wallMs'] as const) expect([...back[k]]).toEqual(c[k])
    expect(Object.is(back.interpMse[0], -0)).toBe(true)
    expect(ChartSeries.safeParse({ ...base, points: 2, data }).success).toBe(false)
    expect(ChartSeries.safeParse({ ...base, points: 3, data: `${data.slice(1)}!` }).success).toBe(false)
    expect(() => unpackColumns(new Uint8Array(41))).toThrow('not five Float64 columns')
    // views where the bytes are aligned, a copy where not: the same numbers either way
    const packed = packColumns(c)
    const shifted = new Uint8Array(packed.length + 1)
    shifted.set(packed, 1)
    const unaligned = unpackColumns(shifted.subarray(1))
    const aligned = unpackColumns(packed)
    expect(aligned.epoch.buffer).toBe(packed.buffer)
    for (const k of ['epoch', 'trainMse', 'interpMse', 'extrapMse', 'wallMs'] as const) expect([...unaligned[k]]).toEqual([...aligned[k]])
  })
})

describe('writeFloat64s', () => {
  it('writes the same little-endian bytes at an unaligned offset (value by value) as at an aligned one (one copy)', () => {
    const values = [1.5, NaN, -Infinity, 5e-324, -0, 1e300]
    const aligned = new Uint8Array(8 + 48)
    writeFloat64s(aligned, 8, values)
    const odd = new Uint8Array(3 + 48)
    writeFloat64s(odd, 3, values)
    expect([...odd.subarray(3)]).toEqual([...aligned.subarray(8)])
    const view = new DataView(aligned.buffer, 8)
    values.forEach((v, i) => expect(Object.is(view.getFloat64(i * 8, true), v)).toBe(true))
  })
})
