import type { EpochMetrics } from '../domain'

/**
 * The column of `x` when [first, first + span] is cut into `columns` equal slices: the one mapping
 * of every min–max reduction here (MinMaxColumns, the chart lines' masks), clamped to the ends.
 */
export function columnOf(x: number, first: number, span: number, columns: number): number {
  if (span <= 0) return 0
  return Math.min(columns - 1, Math.max(0, Math.floor(((x - first) / span) * columns)))
}

/**
 * Min–max reduction of a run's epochs to what a chart `columns` pixels wide can show. The x range
 * (first to last epoch) is cut into `columns` equal slices; each slice keeps, for each of the
 * three losses, the epoch where it is lowest, the one where it is highest and the first one where
 * it is not finite. A spike, a plateau's floor and a divergence therefore stay visible however long
 * the run, and every kept epoch is a real one (no averaged values). Points are fed in epoch order,
 * one at a time, so a caller can read and reduce a long series in chunks.
 *
 * This core sees bare numbers and keeps epoch numbers: the server reduces a million rows without
 * making an object per row (MinMaxReducer below is the same reduction over EpochMetrics).
 */
export class MinMaxColumns {
  /** kept epochs of the closed columns, ascending */
  readonly kept: number[] = []
  private column = -1
  /** per loss k: [3k] lowest, [3k+1] highest, [3k+2] first non-finite epoch; NaN while none */
  private readonly picks = new Float64Array(9).fill(NaN)
  /** per loss k: [2k] lowest, [2k+1] highest value so far in the column */
  private readonly values = new Float64Array(6).fill(NaN)
  private firstEpoch = NaN
  private lastEpoch = NaN

  /** `first`/`last`: the x range of the whole series (known up front, e.g. from the store's index). */
  constructor(
    private readonly first: number,
    private readonly last: number,
    private readonly columns: number
  ) {}

  add(epoch: number, train: number, interp: number, extrap: number): void {
    const c = columnOf(epoch, this.first, this.last - this.first, this.columns)
    if (c !== this.column) {
      this.close()
      this.column = c
    }
    this.pick(0, epoch, train)
    this.pick(1, epoch, interp)
    this.pick(2, epoch, extrap)
    if (Number.isNaN(this.firstEpoch)) this.firstEpoch = epoch
    this.lastEpoch = epoch
  }

  private pick(k: number, epoch: number, v: number): void {
    const { values, picks } = this
    if (Number.isFinite(v)) {
      // a NaN "so far" (nothing yet) fails both comparisons, so the first finite value is taken
      if (!(values[2 * k] <= v)) {
        values[2 * k] = v
        picks[3 * k] = epoch
      }
      if (!(values[2 * k + 1] >= v)) {
        values[2 * k + 1] = v
        picks[3 * k + 1] = epoch
      }
    } else if (Number.isNaN(picks[3 * k + 2])) picks[3 * k + 2] = epoch
  }

  /** Moves the open column's picks to `kept`, in order and each once (a comparison closes some 80,000 columns: no allocation). */
  close(): void {
    if (this.column < 0) return
    const { kept, picks } = this
    const start = kept.length
    for (let j = 0; j < picks.length; j++) {
      const e = picks[j]
      if (Number.isNaN(e)) continue
      let i = kept.length
      while (i > start && kept[i - 1] > e) i--
      if (i > start && kept[i - 1] === e) continue
      kept.splice(i, 0, e)
    }
    picks.fill(NaN)
    this.values.fill(NaN)
    this.column = -1
  }

  /** All kept epochs in order; the series' first and last epochs are always among them. */
  finish(): number[] {
    this.close()
    if (Number.isNaN(this.firstEpoch)) return this.kept
    if (this.kept[0] !== this.firstEpoch) this.kept.unshift(this.firstEpoch)
    if (this.kept[this.kept.length - 1] !== this.lastEpoch) this.kept.push(this.lastEpoch)
    return this.kept
  }
}

/** MinMaxColumns over whole epochs: the kept ones come back as the objects that were pushed. */
export class MinMaxReducer {
  private readonly core: MinMaxColumns
  private readonly out: EpochMetrics[] = []
  /** the open column's epochs, the only ones a pick can still name */
  private column = new Map<number, EpochMetrics>()
  private firstSeen: EpochMetrics | null = null
  private lastSeen: EpochMetrics | null = null

  constructor(first: number, last: number, columns: number) {
    this.core = new MinMaxColumns(first, last, columns)
  }

  push(e: EpochMetrics): void {
    const closed = this.core.kept.length
    this.core.add(e.epoch, e.trainMse, e.interpMse, e.extrapMse)
    if (this.core.kept.length !== closed) this.take(closed)
    this.column.set(e.epoch, e)
    this.firstSeen ??= e
    this.lastSeen = e
  }

  private take(from: number): void {
    for (let i = from; i < this.core.kept.length; i++) this.out.push(this.column.get(this.core.kept[i]) as EpochMetrics)
    this.column = new Map()
  }

  /** The kept epochs in order; the series' first and last epochs are always among them. */
  finish(): EpochMetrics[] {
    const closed = this.core.kept.length
    this.core.close()
    this.take(closed)
    const head = this.firstSeen
    if (head && this.out[0] !== head) this.out.unshift(head)
    const tail = this.lastSeen
    if (tail && this.out[this.out.length - 1] !== tail) this.out.push(tail)
    return this.out
  }
}

/** `series` reduced for a chart `columns` wide; series already that short come back unchanged. */
export function reduceEpochs(series: readonly EpochMetrics[], columns: number): EpochMetrics[] {
  if (series.length <= 2 * columns) return series.slice()
  const r = new MinMaxReducer(series[0].epoch, series[series.length - 1].epoch, columns)
  for (const e of series) r.push(e)
  return r.finish()
}

/**
 * One loss of series reduced by the server (or reduceEpochs) to `columns` over the same x range:
 * the kept epochs are every loss's column extremes, and one loss's chart needs only its own, at
 * most two a column (plus its first non-finite one, the first and the last epoch).
 */
export function reduceMetric(
  series: readonly EpochMetrics[],
  field: 'trainMse' | 'interpMse' | 'extrapMse',
  columns: number
): EpochMetrics[] {
  if (series.length <= 2 * columns) return series.slice()
  const core = new MinMaxColumns(series[0].epoch, series[series.length - 1].epoch, columns)
  for (const e of series) core.add(e.epoch, e[field], e[field], e[field])
  const keep = new Set(core.finish())
  return series.filter((e) => keep.has(e.epoch))
}
