import type { EpochMetrics } from '../domain'
import { chartColumns, epochsOf, fromBase64, pickColumns, type ChartSeries, type SeriesColumns } from './columns'
import { columnOf } from './minMax'
import { LINE_BITS, LOSS_FIELDS, unpackPlotBlock, type LossField } from './plotBlock'

export { LINE_BITS, type LossField } from './plotBlock'

/**
 * What three loss charts `columns` pixels wide draw of reduced columns, as one list: each loss's
 * own column extremes (in each of `columns` slices of the epochs, cut as MinMaxColumns cuts them,
 * the first lowest, the first highest and the first non-finite value, and both ends: what
 * MinMaxColumns keeps of that loss alone), the indices any of them keeps in order, and for each a
 * mask of the charts that draw it (LINE_BITS). The server sends these (runs.chart with `plot`), so
 * the page gets only what it draws and finds each line by its bit instead of reducing again. One
 * pass for the three losses: the first request after a start runs it cold, and three reductions
 * of every loss each took 76 ms there.
 */
export function lineMasks(c: SeriesColumns, columns: number): { indices: number[]; masks: Uint8Array } {
  const n = c.epoch.length
  const all = new Uint8Array(n)
  if (n <= 2 * columns) all.fill(LINE_BITS.trainMse | LINE_BITS.interpMse | LINE_BITS.extrapMse)
  else {
    const first = c.epoch[0]
    const span = c.epoch[n - 1] - first
    const values = LOSS_FIELDS.map((f) => c[f])
    // per loss k: [3k] lowest, [3k+1] highest, [3k+2] first non-finite index of the open column; -1 while none
    const picks = new Int32Array(9).fill(-1)
    const low = new Float64Array(3)
    const high = new Float64Array(3)
    const close = () => {
      for (let j = 0; j < 9; j++) if (picks[j] >= 0) all[picks[j]] |= 1 << Math.floor(j / 3)
      picks.fill(-1)
    }
    let column = -1
    for (let i = 0; i < n; i++) {
      const col = columnOf(c.epoch[i], first, span, columns)
      if (col !== column) {
        close()
        column = col
      }
      for (let k = 0; k < 3; k++) {
        const v = values[k][i]
        if (Number.isFinite(v)) {
          if (picks[3 * k] < 0 || v < low[k]) {
            low[k] = v
            picks[3 * k] = i
          }
          if (picks[3 * k + 1] < 0 || v > high[k]) {
            high[k] = v
            picks[3 * k + 1] = i
          }
        } else if (picks[3 * k + 2] < 0) picks[3 * k + 2] = i
      }
    }
    close()
    // both ends are on every line
    all[0] = all[n - 1] = LINE_BITS.trainMse | LINE_BITS.interpMse | LINE_BITS.extrapMse
  }
  const indices: number[] = []
  for (let i = 0; i < n; i++) if (all[i]) indices.push(i)
  return { indices, masks: Uint8Array.from(indices, (i) => all[i]) }
}

/** Reduced columns cut to what three loss charts `plot` pixels wide draw: the points kept and their masks (runs.chart with `plot`). */
export function cutToPlot(c: SeriesColumns, plot: number): { kept: SeriesColumns<number[]>; masks: Uint8Array } {
  const { indices, masks } = lineMasks(c, plot)
  return { kept: pickColumns(c, indices), masks }
}

/**
 * The three lines and their union from kept columns and their masks: one epoch object per point,
 * shared by the lines that draw it; the union in order (a run's summary: every loss's finite
 * extremes and last value are in it). Of a plot block a point's losses that no chart of theirs draws
 * are NaN (unpackPlotBlock): nothing reads them, since each chart reads its own loss and the summary
 * (runStats, the grouped summary) each loss's finite extremes, on its own line, and the last point,
 * on every line.
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
  const { kept, masks } = cutToPlot(c, columns)
  return linesFromMasks(kept, masks)
}

/** The lines of a runs.chart answer: its plot block and masks (asked with `plot`), else its columns reduced here to `plot`. */
export function chartLines(c: ChartSeries, plot: number): { union: EpochMetrics[]; lines: Record<LossField, EpochMetrics[]> } {
  if (c.lines === undefined) return lossLines(chartColumns(c), plot)
  const masks = fromBase64(c.lines)
  return linesFromMasks(unpackPlotBlock(fromBase64(c.data), masks, c.wall ?? false), masks)
}
