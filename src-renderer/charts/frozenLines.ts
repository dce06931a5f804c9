import type { Chart, ChartDataset, Plugin, Point } from 'chart.js'
import { setLineStyle } from './denseLines'
// every point of a line: a Live chart's Chart.js data is only its tooltip's subset
import { pointsOf } from './liveLines'

/**
 * Lines that no longer change (the Live charts' finished runs) painted once into a bitmap of
 * their own and copied under the changing lines on each redraw, instead of being stroked again
 * point by point. The bitmap is repainted only when something it shows changes: the plot's area,
 * an axis' range, which lines are frozen or visible, their colours or their points. A finished
 * run's dataset stays in Chart.js (legend, tooltips, the axes' range); only its drawing is taken
 * over (`beforeDatasetDraw` returning false), and its points are laid out again only when the
 * frame changed (`beforeDatasetUpdate`).
 */
export interface FrozenLines {
  plugin: Plugin<'line'>
  /** The datasets to draw from the bitmap (by identity); the rest Chart.js draws as usual. */
  freeze(datasets: ReadonlySet<object>): void
  /** Whether the bitmap draws this dataset (frozen, whether or not it is shown). */
  holds(dataset: object): boolean
  /** How often the bitmap was painted from scratch (tests). */
  readonly repaints: number
}

type LineDataset = ChartDataset<'line', Point[]>

/** A line's colour as a key: the Live charts' are strings; a gradient or pattern counts as a change of look. */
const colourKey = (c: unknown): string => (typeof c === 'string' ? c : 'other')

export function frozenLines(): FrozenLines {
  let frozen: ReadonlySet<object> = new Set()
  let bitmap: HTMLCanvasElement | null = null
  /** the frame and axes the bitmap was painted for, and its lines from the bottom up with what each looked like */
  let paintedFrame = ''
  let painted: { dataset: LineDataset; look: string }[] = []
  let repaints = 0
  /** what each frozen dataset's elements were last laid out for (the frame and its point count) */
  const laidOut = new WeakMap<object, string>()

  /** The frozen, visible datasets from the bottom up: Chart.js draws the last index first, so index 0 ends on top. */
  function shown(chart: Chart): LineDataset[] {
    const out: LineDataset[] = []
    const all = chart.data.datasets as LineDataset[]
    for (let i = all.length - 1; i >= 0; i--) if (frozen.has(all[i]) && chart.isDatasetVisible(i)) out.push(all[i])
    return out
  }

  function frameOf(chart: Chart): string {
    const { chartArea: a, scales } = chart
    const x = scales.x
    const y = scales.y
    return [
      chart.canvas.width,
      chart.canvas.height,
      chart.currentDevicePixelRatio,
      a.left,
      a.top,
      a.right,
      a.bottom,
      x.type,
      x.min,
      x.max,
      y.type,
      y.min,
      y.max
    ].join(',')
  }

  const lookOf = (d: LineDataset): string =>
    `${colourKey(d.borderColor)}:${String(d.borderWidth)}:${String(d.borderDash)}:${pointsOf(d).length}`

  /**
   * Paints what is missing: a run that just finished is usually the only line new on top of the
   * ones painted (the finished list grows at its top), so only it is stroked; anything else (an
   * axis' range, the plot's size, a hidden line) repaints them all.
   */
  function update(chart: Chart, lines: LineDataset[]): void {
    const frame = frameOf(chart)
    const looks = lines.map(lookOf)
    const keeps =
      bitmap !== null &&
      frame === paintedFrame &&
      painted.length <= lines.length &&
      painted.every((p, k) => p.dataset === lines[k] && p.look === looks[k])
    if (keeps && painted.length === lines.length) return
    if (!keeps || !bitmap) {
      bitmap ??= document.createElement('canvas')
      bitmap.width = chart.canvas.width
      bitmap.height = chart.canvas.height
      painted = []
      repaints++
    }
    const from = painted.length
    stroke(chart, bitmap, lines.slice(from))
    painted = lines.map((dataset, k) => ({ dataset, look: looks[k] }))
    paintedFrame = frame
  }

  function stroke(chart: Chart, canvas: HTMLCanvasElement, lines: LineDataset[]): void {
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    const dpr = chart.currentDevicePixelRatio
    const { chartArea: a, scales } = chart
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.save()
    ctx.beginPath()
    ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top)
    ctx.clip()
    for (const d of lines) {
      setLineStyle(ctx, d)
      ctx.beginPath()
      let started = false
      for (const p of pointsOf(d)) {
        const { x, y } = p
        if (x === null || y === null) {
          started = false
          continue
        }
        const px = scales.x.getPixelForValue(x)
        const py = scales.y.getPixelForValue(y)
        if (started) ctx.lineTo(px, py)
        else ctx.moveTo(px, py)
        started = true
      }
      ctx.stroke()
    }
    ctx.restore()
  }

  const plugin: Plugin<'line'> = {
    id: 'frozenLines',
    beforeDatasetsDraw(chart) {
      const lines = shown(chart)
      if (!lines.length) return
      update(chart, lines)
      if (!bitmap) return
      const ctx = chart.ctx
      ctx.save()
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      ctx.drawImage(bitmap, 0, 0)
      ctx.restore()
    },
    beforeDatasetDraw(chart, args) {
      return !frozen.has(chart.data.datasets[args.index])
    },
    // Chart.js lays out every point of every dataset on each update; a frozen line's points are
    // where they were (its tooltips too) unless the frame or its points changed
    beforeDatasetUpdate(chart, args) {
      const d = chart.data.datasets[args.index] as LineDataset
      if (!frozen.has(d)) return
      const key = `${frameOf(chart)}|${d.data.length}`
      if (laidOut.get(d) === key) return false
      laidOut.set(d, key)
    }
  }

  return {
    plugin,
    freeze(datasets) {
      frozen = datasets
    },
    holds(dataset) {
      return frozen.has(dataset)
    },
    get repaints() {
      return repaints
    }
  }
}
