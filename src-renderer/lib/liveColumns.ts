import type { Point } from 'chart.js'
import type { EpochMetrics, Metric } from '@shared/domain'
import { METRIC_KEY } from './seriesStats'
import type { LiveTrace } from './liveTraces'

/**
 * One run's line on a Live chart, kept at the chart's resolution as epochs arrive: the x axis is
 * fixed (0 to the longest run's length), so each pixel column's epoch range is known in advance,
 * and a column keeps only its lowest and highest point. New epochs update the open column or start
 * a new one; nothing already drawn is recomputed. `data` is the Chart.js dataset array itself.
 */
/** A plotted point; always numbers here (Chart.js's Point also allows null). */
interface XY {
  x: number
  y: number
}

export class LiveColumns {
  readonly data: Point[] = []
  /** the line's lowest and highest plotted value (Infinity / −Infinity while it has none) */
  min = Infinity
  max = -Infinity
  private closed = 0
  private column = -1
  private lo: XY | null = null
  private hi: XY | null = null
  private consumed = 0
  private generation = -1

  constructor(
    private readonly metric: Metric,
    private readonly logY: boolean,
    private readonly xMax: number,
    private readonly columns: number
  ) {}

  /** Take in whatever the trace gained since the last call; true if the line changed. */
  sync(trace: LiveTrace): boolean {
    if (trace.generation !== this.generation) this.reset(trace.generation)
    const epochs = trace.epochs
    if (this.consumed >= epochs.length) return false
    for (let i = this.consumed; i < epochs.length; i++) this.add(epochs[i])
    this.consumed = epochs.length
    this.writeOpen()
    return true
  }

  /** Older epochs were thinned (or seeded underneath): read the trace again from the start. */
  private reset(generation: number): void {
    this.data.splice(0, this.data.length)
    this.closed = 0
    this.column = -1
    this.lo = this.hi = null
    this.consumed = 0
    this.min = Infinity
    this.max = -Infinity
    this.generation = generation
  }

  private add(e: EpochMetrics): void {
    const y = e[METRIC_KEY[this.metric]]
    // a log axis cannot show 0 or negatives; NaN/∞ (divergence) leave a gap, as on every chart
    if (!Number.isFinite(y) || (this.logY && y <= 0)) return
    const x = e.epoch
    if (y < this.min) this.min = y
    if (y > this.max) this.max = y
    const c = this.xMax > 0 ? Math.min(this.columns - 1, Math.floor((x / this.xMax) * this.columns)) : 0
    if (c !== this.column || !this.lo || !this.hi) {
      this.writeOpen()
      this.closed = this.data.length
      this.column = c
      this.lo = this.hi = { x, y }
      return
    }
    if (y < this.lo.y) this.lo = { x, y }
    if (y >= this.hi.y) this.hi = { x, y }
  }

  /** The open column's one or two points, in x order, after the closed ones. */
  private writeOpen(): void {
    const { lo, hi } = this
    if (!lo || !hi) return
    const tail = lo === hi ? [lo] : lo.x < hi.x ? [lo, hi] : [hi, lo]
    const old = this.data.length - this.closed
    if (old === tail.length && tail.every((p, i) => this.data[this.closed + i] === p)) return
    this.data.splice(this.closed, old, ...tail)
  }
}
