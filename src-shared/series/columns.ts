import { z } from 'zod'
import { RunSeries, type EpochMetrics } from '../domain'
import { MinMaxColumns } from './minMax'
import { plotBlockBytes } from './plotBlock'
import { fromBase64, BASE64, base64Length, unpackColumns, type SeriesColumns } from './bytes'

export {
  LITTLE_ENDIAN,
  writeFloat64s,
  readFloat64s,
  toBase64,
  fromBase64,
  BASE64,
  base64Length,
  COLUMN_NAMES,
  packColumns,
  unpackColumns,
  type SeriesColumns
} from './bytes'

/** The widest reduction a chart may ask for (an 8K screen's device pixels). */
export const MAX_CHART_COLUMNS = 8192

/**
 * The reduction a request for `columns` pixel columns gets: the power of two at or above it, so
 * each reduced column is at most one pixel wide, and every coarser answer is exactly derived from
 * a finer stored one (a power-of-two column lies inside one column of every coarser power of two).
 */
export function chartLevel(columns: number): number {
  let level = 16
  while (level < columns && level < MAX_CHART_COLUMNS) level *= 2
  return level
}

/**
 * Indices of the epochs MinMaxColumns keeps at `columns` over the series' own first-to-last range:
 * each column's lowest and highest value of each loss, its first non-finite one, and the series'
 * first and last epoch. Applied to a finer power-of-two reduction of the same series it keeps
 * exactly what it keeps of the full series (tested in columns.test.ts).
 */
export function minMaxIndices(c: SeriesColumns, columns: number): number[] {
  const n = c.epoch.length
  if (n === 0) return []
  const core = new MinMaxColumns(c.epoch[0], c.epoch[n - 1], columns)
  for (let i = 0; i < n; i++) core.add(c.epoch[i], c.trainMse[i], c.interpMse[i], c.extrapMse[i])
  return indicesOf(c.epoch, core.finish())
}

/** Where each of `kept` (ascending epochs, all present) is in `epochs` (ascending): one walk. */
export function indicesOf(epochs: ArrayLike<number>, kept: readonly number[]): number[] {
  const out = new Array<number>(kept.length)
  for (let k = 0, i = 0; k < kept.length; k++) {
    while (epochs[i] < kept[k]) i++
    out[k] = i
  }
  return out
}

/** The columns at these indices, as plain arrays (what the socket's JSON carries). */
export function pickColumns(c: SeriesColumns, indices: readonly number[]): SeriesColumns<number[]> {
  const pick = (col: ArrayLike<number>) => indices.map((i) => col[i])
  return {
    epoch: pick(c.epoch),
    trainMse: pick(c.trainMse),
    interpMse: pick(c.interpMse),
    extrapMse: pick(c.extrapMse),
    wallMs: pick(c.wallMs)
  }
}

/** Series at most twice as long as `columns` come back whole; longer ones as their min–max columns. */
export function reduceColumns(c: SeriesColumns, columns: number): SeriesColumns<number[]> {
  const n = c.epoch.length
  if (n <= 2 * columns)
    return pickColumns(
      c,
      Array.from({ length: n }, (_, i) => i)
    )
  return pickColumns(c, minMaxIndices(c, columns))
}

/** What runs.chart answers: the run's identity and its series reduced for a chart, packed. */
export const ChartSeries = RunSeries.pick({ id: true, label: true, model: true, seed: true, preset: true, experimentName: true })
  .extend({
    /** epochs the run has stored (the columns hold fewer when reduced) */
    epochCount: z.number().int().nonnegative(),
    /** the power of two the series was reduced to (chartLevel of the asked width) */
    columns: z.number().int().positive(),
    /** epochs kept */
    points: z.number().int().nonnegative(),
    /** packColumns of the kept epochs, base64; asked with `plot`, their plot block (series/plotBlock.ts: each loss only where its chart draws it) */
    data: z.string().regex(BASE64, 'base64'),
    /** asked with `plot`: only what the three loss charts of that width draw, and a mask a point (lineMasks), base64 */
    plot: z.number().int().positive().optional(),
    lines: z.string().regex(BASE64, 'base64').optional(),
    /** the plot block holds the wall time (asked with `wall`) */
    wall: z.boolean().optional()
  })
  .refine(
    (s) => (s.lines === undefined) === (s.plot === undefined) && (s.lines === undefined || s.lines.length === base64Length(s.points)),
    {
      message: 'lines holds a mask for each of `points` entries, given with plot'
    }
  )
  .refine(
    (s) =>
      s.data.length ===
      base64Length(s.lines === undefined || !BASE64.test(s.lines) ? s.points * 40 : plotBlockBytes(fromBase64(s.lines), s.wall ?? false)),
    { message: 'data holds five Float64 columns of `points` entries, or with plot their plot block (each loss where its chart draws it)' }
  )
  .refine((s) => s.wall === undefined || s.plot !== undefined, { message: 'wall comes with plot' })
export type ChartSeries = z.infer<typeof ChartSeries>

/** The columns of a runs.chart answer. */
export function chartColumns(c: ChartSeries): SeriesColumns<Float64Array> {
  return unpackColumns(fromBase64(c.data))
}

const NO_OUTPUTS: EpochMetrics['perOutput'] = Object.freeze({ interp: [], extrap: [] })

/**
 * Epoch objects for the charts' shared code, made from columns. Reduced series never carry
 * per-output losses (a split fetches every epoch), so every epoch shares one frozen empty pair.
 */
export function epochsOf(c: SeriesColumns, indices?: readonly number[]): EpochMetrics[] {
  const at = (i: number): EpochMetrics => ({
    epoch: c.epoch[i],
    trainMse: c.trainMse[i],
    interpMse: c.interpMse[i],
    extrapMse: c.extrapMse[i],
    wallMs: c.wallMs[i],
    perOutput: NO_OUTPUTS
  })
  return indices ? indices.map(at) : Array.from({ length: c.epoch.length }, (_, i) => at(i))
}
