import type { EpochMetrics } from '../domain'

const LOSSES = ['trainMse', 'interpMse', 'extrapMse'] as const

/**
 * Min–max reduction of a run's epochs to what a chart `columns` pixels wide can show. The x range
 * (first to last epoch) is cut into `columns` equal slices; each slice keeps, for each of the
 * three losses, the epoch where it is lowest, the one where it is highest and the first one where
 * it is not finite. A spike, a plateau's floor and a divergence therefore stay visible however long
 * the run, and every kept epoch is a real one (no averaged values). Points are fed in epoch order,
 * one at a time, so a caller can read and reduce a long series in chunks.
 */
export class MinMaxReducer {
  private readonly out: EpochMetrics[] = []
  private column = -1
  private picks: (EpochMetrics | null)[] = []
  private firstSeen: EpochMetrics | null = null
  private lastSeen: EpochMetrics | null = null

  /** `first`/`last`: the x range of the whole series (known up front, e.g. from the store's index). */
  constructor(
    private readonly first: number,
    private readonly last: number,
    private readonly columns: number
  ) {}

  private columnOf(x: number): number {
    const span = this.last - this.first
    if (span <= 0) return 0
    return Math.min(this.columns - 1, Math.max(0, Math.floor(((x - this.first) / span) * this.columns)))
  }

  push(e: EpochMetrics): void {
    const c = this.columnOf(e.epoch)
    if (c !== this.column) {
      this.flush()
      this.column = c
      this.picks = [null, null, null, null, null, null, null, null, null]
    }
    for (let k = 0; k < LOSSES.length; k++) {
      const v = e[LOSSES[k]]
      const lo = this.picks[3 * k]
      const hi = this.picks[1 + 3 * k]
      if (Number.isFinite(v)) {
        if (!lo || !(lo[LOSSES[k]] <= v)) this.picks[3 * k] = e
        if (!hi || !(hi[LOSSES[k]] >= v)) this.picks[1 + 3 * k] = e
      } else if (!this.picks[2 + 3 * k]) this.picks[2 + 3 * k] = e
    }
    this.firstSeen ??= e
    this.lastSeen = e
  }

  private flush(): void {
    if (this.column < 0) return
    const kept = [...new Set(this.picks.filter((p): p is EpochMetrics => p !== null))]
    kept.sort((a, b) => a.epoch - b.epoch)
    for (const p of kept) this.out.push(p)
  }

  /** The kept epochs in order; the series' first and last epochs are always among them. */
  finish(): EpochMetrics[] {
    this.flush()
    this.column = -1
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
