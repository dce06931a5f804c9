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
  lossLines,
  metricIndices,
  unpackColumns,
  type SeriesColumns
} from '@shared/series/columns'
import { reduceEpochs } from '@shared/series/minMax'

/** xorshift32, so failures reproduce */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** A noisy decaying loss with plateaus (ties), spikes, NaN and ±Infinity, at irregular epochs. */
function series(n: number, seed: number, step = 1): SeriesColumns<number[]> {
  const r = rng(seed)
  const c: SeriesColumns<number[]> = { epoch: [], trainMse: [], interpMse: [], extrapMse: [], wallMs: [] }
  let e = step === 1 ? 1 : 0
  for (let i = 0; i < n; i++) {
    const plateau = r() < 0.2 && i > 0
    const v = (k: number) => {
      if (plateau) return c[k === 0 ? 'trainMse' : k === 1 ? 'interpMse' : 'extrapMse'][i - 1]
      const u = r()
      if (u < 0.002) return NaN
      if (u < 0.003) return Infinity
      if (u < 0.006) return 1e6 * r()
      return Math.exp(-i / n) * (1 + r()) * 10 ** k
    }
    c.epoch.push(e)
    c.trainMse.push(v(0))
    c.interpMse.push(v(1))
    c.extrapMse.push(v(2))
    c.wallMs.push(i * 1.5 + r())
    e += step * (r() < 0.1 ? 2 : 1)
  }
  return c
}

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

  it('gives each loss its own column extremes, objects shared between the lines, and a union that keeps every extreme and the last epoch', () => {
    const c = reduceColumns(series(30_000, 5), 2048)
    const { union, lines } = lossLines(c, 500)
    for (const f of ['trainMse', 'interpMse', 'extrapMse'] as const) {
      expect(lines[f].map((e) => e.epoch)).toEqual(metricIndices(c, f, 500).map((i) => c.epoch[i]))
      // lowest, highest and first non-finite a column at most
      expect(lines[f].length).toBeLessThanOrEqual(3 * 500 + 2)
      for (const e of lines[f]) expect(union).toContain(e)
      const finite = c[f].filter(Number.isFinite)
      const unionFinite = union.map((e) => e[f]).filter(Number.isFinite)
      expect([Math.min(...unionFinite), Math.max(...unionFinite)]).toEqual([Math.min(...finite), Math.max(...finite)])
    }
    expect(union.map((e) => e.epoch)).toEqual([...union.map((e) => e.epoch)].sort((a, b) => a - b))
    expect(union.at(-1)!.epoch).toBe(c.epoch.at(-1))
    expect(union.length).toBeLessThan(c.epoch.length)
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
  })
})
