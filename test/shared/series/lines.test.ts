import { describe, expect, it } from 'vitest'
import { ChartSeries, minMaxIndices, packColumns, pickColumns, reduceColumns, toBase64, type SeriesColumns } from '@shared/series/columns'
import { chartLines, LINE_BITS, lineMasks, linesFromMasks, lossLines } from '@shared/series/lines'
import { packPlotBlock } from '@shared/series/plotBlock'
import type { EpochMetrics } from '@shared/domain'
import { series } from './noisySeries'

const FIELDS = ['trainMse', 'interpMse', 'extrapMse'] as const

/**
 * The reference: one loss's own extremes in each of `columns` columns by MinMaxColumns over that
 * loss alone (at most two a column, its first non-finite one and both ends); series at most twice
 * as long as `columns` whole.
 */
function metricIndices(c: SeriesColumns, field: (typeof FIELDS)[number], columns: number): number[] {
  const n = c.epoch.length
  if (n <= 2 * columns) return Array.from({ length: n }, (_, i) => i)
  const v = c[field]
  return minMaxIndices({ epoch: c.epoch, trainMse: v, interpMse: v, extrapMse: v, wallMs: c.wallMs }, columns)
}

describe('the lines of three loss charts', () => {
  it('gives each loss its own column extremes, objects shared between the lines, and a union that keeps every extreme and the last epoch', () => {
    const c = reduceColumns(series(30_000, 5), 2048)
    const { union, lines } = lossLines(c, 500)
    for (const f of FIELDS) {
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

  it('marks each kept point with the charts that draw it, and only those points', () => {
    const c = reduceColumns(series(30_000, 8), 2048)
    const { indices, masks } = lineMasks(c, 700)
    expect(masks).toHaveLength(indices.length)
    expect(indices).toEqual([...indices].sort((a, b) => a - b))
    for (const f of FIELDS) {
      const drawn = new Set(metricIndices(c, f, 700))
      indices.forEach((i, k) => expect(Boolean(masks[k] & LINE_BITS[f])).toBe(drawn.has(i)))
    }
    // no point that no chart draws
    expect(masks.every((m) => m > 0)).toBe(true)
  })

  it('reads the same lines and summary from an answer that carries each loss where its chart draws it as from one reduced in the page', () => {
    const c = reduceColumns(series(40_000, 12), 2048)
    const base = { id: 3, label: 'nalu', model: 'nalu', seed: 3, preset: null, experimentName: 'x', epochCount: 40_000, columns: 2048 }
    const whole = ChartSeries.parse({ ...base, points: c.epoch.length, data: toBase64(packColumns(c)) })
    const { indices, masks } = lineMasks(c, 900)
    const cutAnswer = (wall: boolean) =>
      ChartSeries.parse({
        ...base,
        points: indices.length,
        data: toBase64(packPlotBlock(pickColumns(c, indices), masks, wall)),
        plot: 900,
        lines: toBase64(masks),
        ...(wall ? { wall } : {})
      })
    const fromMasks = chartLines(cutAnswer(true), 900)
    const reducedHere = chartLines(whole, 900)
    const own = (lines: Record<(typeof FIELDS)[number], EpochMetrics[]>, f: (typeof FIELDS)[number]) =>
      lines[f].map((e) => [e.epoch, e.wallMs, Object.is(e[f], -0) ? '-0' : e[f]])
    for (const f of FIELDS) {
      // each chart's line: the same epochs, wall times and values of its own loss
      expect(own(fromMasks.lines, f)).toEqual(own(reducedHere.lines, f))
      expect(fromMasks.lines[f].length).toBeGreaterThan(100)
      // a point's loss that its chart does not draw was not sent
      fromMasks.union.forEach((e, k) => expect(Number.isNaN(e[f])).toBe(!(masks[k] & LINE_BITS[f]) || Number.isNaN(c[f][indices[k]])))
    }
    expect(fromMasks.union.map((e) => e.epoch)).toEqual(reducedHere.union.map((e) => e.epoch))
    // every loss's finite extremes and last value are in the union (the summary's numbers: test/renderer/lib/seriesStats.test.ts)
    for (const f of FIELDS) {
      const values = (u: EpochMetrics[]) => u.map((e) => e[f]).filter(Number.isFinite)
      expect([Math.min(...values(fromMasks.union)), Math.max(...values(fromMasks.union))]).toEqual([
        Math.min(...c[f].filter(Number.isFinite)),
        Math.max(...c[f].filter(Number.isFinite))
      ])
      expect(fromMasks.union.at(-1)![f]).toBe(c[f].at(-1))
    }
    // without the wall time: the same lines, the wall time NaN
    const noWall = chartLines(cutAnswer(false), 900)
    for (const f of FIELDS) expect(noWall.lines[f].map((e) => e[f])).toEqual(fromMasks.lines[f].map((e) => e[f]))
    expect(noWall.union.every((e) => Number.isNaN(e.wallMs))).toBe(true)
    // each epoch is one object, shared by the lines that draw it
    const first = fromMasks.lines.trainMse[0]
    expect(fromMasks.union).toContain(first)
    expect(fromMasks.lines.interpMse).toContain(first)
  })

  it('refuses masks that do not match the points, and masks without their width', () => {
    const c = reduceColumns(series(3_000, 2), 512)
    expect(() => linesFromMasks(c, new Uint8Array(c.epoch.length - 1))).toThrow('line masks for')
    const base = { id: 1, label: 'a', model: 'nac', seed: 1, preset: null, experimentName: 'x', epochCount: 3, columns: 16 }
    const three = { epoch: [1, 2, 3], trainMse: [1, 2, 3], interpMse: [1, 2, 3], extrapMse: [1, 2, 3], wallMs: [1, 2, 3] }
    const data = toBase64(packPlotBlock(three, [1, 2, 4], false))
    const mask3 = toBase64(new Uint8Array([1, 2, 4]))
    expect(ChartSeries.safeParse({ ...base, points: 3, data, plot: 16, lines: mask3 }).success).toBe(true)
    expect(ChartSeries.safeParse({ ...base, points: 3, data, lines: mask3 }).success).toBe(false)
    expect(ChartSeries.safeParse({ ...base, points: 3, data, plot: 16, lines: toBase64(new Uint8Array([1, 2, 4, 7])) }).success).toBe(false)
    // a plot block's size says whether it holds the wall time
    const withWall = toBase64(packPlotBlock(three, [1, 2, 4], true))
    expect(ChartSeries.safeParse({ ...base, points: 3, data: withWall, plot: 16, lines: mask3, wall: true }).success).toBe(true)
    expect(ChartSeries.safeParse({ ...base, points: 3, data: withWall, plot: 16, lines: mask3 }).success).toBe(false)
    expect(ChartSeries.safeParse({ ...base, points: 3, data: toBase64(packColumns(three)), plot: 16, lines: mask3 }).success).toBe(false)
  })
})
