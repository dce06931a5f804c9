import type { EpochMetrics } from '../domain'
import { chartColumns, epochsOf, fromBase64, metricIndices, pickColumns, type ChartSeries, type SeriesColumns } from './columns'

export type LossField = 'trainMse' | 'interpMse' | 'extrapMse'

/** A kept point's mask: which of the three loss charts draws it. */
export const LINE_BITS: Readonly<Record<LossField, number>> = { trainMse: 1, interpMse: 2, extrapMse: 4 }
const LOSS_FIELDS = Object.keys(LINE_BITS) as LossField[]

/**
 * What three loss charts `columns` pixels wide draw of reduced columns, as one list: each loss's
 * own column extremes (metricIndices), the indices any of them keeps in order, and for each a mask
 * of the charts that draw it (LINE_BITS). The server sends these (runs.chart with `plot`), so the
 * page gets only what it draws and finds each line by its bit instead of reducing again.
 */
export function lineMasks(c: SeriesColumns, columns: number): { indices: number[]; masks: Uint8Array } {
  const all = new Uint8Array(c.epoch.length)
  for (const f of LOSS_FIELDS) for (const i of metricIndices(c, f, columns)) all[i] |= LINE_BITS[f]
  const indices: number[] = []
  for (let i = 0; i < all.length; i++) if (all[i]) indices.push(i)
  return { indices, masks: Uint8Array.from(indices, (i) => all[i]) }
}

/**
 * The three lines and their union from kept columns and their masks: one epoch object per point,
 * shared by the lines that draw it; the union in order (a run's summary: every loss's finite
 * extremes and last value are in it).
 */
export function linesFromMasks(
  c: SeriesColumns,
  masks: ArrayLike<number>
): { union: EpochMetrics[]; lines: Record<LossField, EpochMetrics[]> } {
  const union = epochsOf(c)
  if (masks.length !== union.length) throw new Error(`${masks.length} line masks for ${union.length} points`)
  const lines: Record<LossField, EpochMetrics[]> = { trainMse: [], interpMse: [], extrapMse: [] }
  union.forEach((e, i) => {
    for (const f of LOSS_FIELDS) if (masks[i] & LINE_BITS[f]) lines[f].push(e)
  })
  return { union, lines }
}

/** What three loss charts `columns` pixels wide draw of reduced columns (lineMasks), as epoch objects. */
export function lossLines(c: SeriesColumns, columns: number): { union: EpochMetrics[]; lines: Record<LossField, EpochMetrics[]> } {
  const { indices, masks } = lineMasks(c, columns)
  return linesFromMasks(pickColumns(c, indices), masks)
}

/** The lines of a runs.chart answer: the masks it carries (asked with `plot`), else reduced here to `plot`. */
export function chartLines(c: ChartSeries, plot: number): { union: EpochMetrics[]; lines: Record<LossField, EpochMetrics[]> } {
  const columns = chartColumns(c)
  return c.lines === undefined ? lossLines(columns, plot) : linesFromMasks(columns, fromBase64(c.lines))
}
