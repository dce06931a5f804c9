import type { Chart, ChartConfiguration, ChartDataset, Point } from 'chart.js'
import type { StatefulPlugin } from '@shared/figures/chartPlugins'
import { DENSE_POINTS } from './hairlines'

/** The tooltip reads the nearest of one point per this many CSS pixels of a line (its reach is 4 px). */
export const HOVER_PX = 2

/** A line's lowest and highest finite y: the y axis spans them whatever the tooltip keeps. */
export interface LineExtremes {
  readonly min: number
  readonly max: number
}

interface DenseLine extends LineExtremes {
  points: readonly Point[]
  /** where min and max are, -1 when no point is finite */
  low: number
  high: number
}

/** Widens a y scale (in afterDataLimits) to every given line's extremes. */
export function spanLines(scale: { min: number; max: number }, lines: Iterable<LineExtremes>): void {
  for (const l of lines) {
    if (l.min < scale.min) scale.min = l.min
    if (l.max > scale.max) scale.max = l.max
  }
}

/** Sets the dataset's colour, width, join and dash as Chart.js would stroke its line (its default join is a miter). */
export function setLineStyle(ctx: CanvasRenderingContext2D, d: ChartDataset<'line', Point[]>): void {
  ctx.strokeStyle = typeof d.borderColor === 'string' ? d.borderColor : '#000'
  ctx.lineWidth = typeof d.borderWidth === 'number' ? d.borderWidth : 1
  ctx.lineJoin = typeof d.borderJoinStyle === 'string' ? d.borderJoinStyle : 'miter'
  ctx.setLineDash(Array.isArray(d.borderDash) ? d.borderDash.filter((v): v is number => typeof v === 'number') : [])
}

/** Strokes one polyline through every point, in the dataset's colour, width, dash and join. */
export function strokeLine(chart: Chart, d: ChartDataset<'line', Point[]>, points: readonly Point[]): void {
  const { ctx, scales } = chart
  const sx = scales.x
  const sy = scales.y
  if (!sx || !sy || points.length === 0) return
  setLineStyle(ctx, d)
  ctx.beginPath()
  ctx.moveTo(sx.getPixelForValue(points[0].x ?? NaN), sy.getPixelForValue(points[0].y ?? NaN))
  for (let k = 1; k < points.length; k++) ctx.lineTo(sx.getPixelForValue(points[k].x ?? NaN), sy.getPixelForValue(points[k].y ?? NaN))
  ctx.stroke()
}

interface DenseState {
  lines: readonly (DenseLine | null)[]
  /** the tooltip's points per line (hoverPoints) */
  keep: number
  logY: boolean
  /** Chart.js holds the tooltip's points (the pointer has been on the chart), not only each line's extremes */
  hovering: boolean
}

/**
 * Draws the lines of a dense screen chart itself and leaves Chart.js only what it needs. Chart.js
 * makes an element per point, positions it twice and resolves its options: for Compare's 20
 * reduced runs (40,000 points a chart) that was most of each chart's 100 ms task, and the plot drew
 * no more than this plugin draws from the same points (docs/ui.md, round 10). Until the pointer
 * comes onto the chart (`hover`, holdHoverPoints) Chart.js holds each line's lowest and highest
 * point, so its own axis limits are the shown lines' (a flat line padded as Chart.js pads one); then a
 * tooltip's worth of each (hoverPoints): the 10,000 elements of those took 30–60 ms of the three
 * charts' construction (round 16).
 * Applies to charts of DENSE_POINTS or more that are not decimated (the points are at most four a
 * pixel, skipNeedlessDecimation); every other chart, and every export, is Chart.js's own. The
 * plugin goes on every screen chart, empty when not dense, so a chart that becomes dense or light
 * while it updates (carryPluginState) never draws a line twice or not at all.
 */
export function drawDenseLines(cfg: ChartConfiguration<'line', Point[]>, boxWidthPx: number, hover = false): boolean {
  const state: DenseState = { lines: [], keep: 0, logY: false, hovering: false }
  cfg.plugins = [...(cfg.plugins ?? []), denseLinesPlugin(state)]
  const datasets = cfg.data.datasets
  let points = 0
  for (const d of datasets) points += d.data.length
  if (points < DENSE_POINTS || cfg.options?.plugins?.decimation?.enabled || !(boxWidthPx > 0)) return false
  state.logY = cfg.options?.scales?.y?.type === 'logarithmic'
  state.keep = Math.max(2, Math.floor(boxWidthPx / HOVER_PX))
  state.hovering = hover
  state.lines = datasets.map((d) => {
    const line = denseLine(d.data)
    d.data = hover ? hoverPoints(line.points, state.keep, state.logY) : extremePoints(line)
    d.showLine = false
    return line
  })
  return true
}

/**
 * The pointer came onto a dense chart: Chart.js gets each line's tooltip points. True when it did
 * not have them yet, and the caller must update the chart before Chart.js reads the pointer
 * (pointerenter comes before the mousemove or touchstart it reads).
 */
export function holdHoverPoints(chart: Chart<'line', Point[]>): boolean {
  const state = (chart.config.plugins?.find((p) => p.id === 'denseLines') as StatefulPlugin<DenseState> | undefined)?.state
  if (!state || state.hovering || !state.lines.length) return false
  state.hovering = true
  chart.data.datasets.forEach((d, i) => {
    const line = state.lines[i]
    if (line) d.data = hoverPoints(line.points, state.keep, state.logY)
  })
  return true
}

function denseLine(points: readonly Point[]): DenseLine {
  let min = Infinity
  let max = -Infinity
  let low = -1
  let high = -1
  points.forEach((p, i) => {
    const y = p.y ?? NaN
    if (y < min) {
      min = y
      low = i
    }
    if (y > max) {
      max = y
      high = i
    }
  })
  return { points, min, max, low, high }
}

/** A line's lowest and highest point, in x order (the config says its data is sorted: `normalized`). */
function extremePoints(line: DenseLine): Point[] {
  if (line.low < 0) return []
  if (line.low === line.high) return [line.points[line.low]]
  const [a, b] = line.low < line.high ? [line.low, line.high] : [line.high, line.low]
  return [line.points[a], line.points[b]]
}

/**
 * At most `keep` of a line's points for the tooltip: both ends, and of each stretch between them
 * the point that moves farthest from the one kept before it (on a log axis, in decades), so a
 * spike or a dip is there to hover.
 */
export function hoverPoints(points: readonly Point[], keep: number, logY: boolean): Point[] {
  const n = points.length
  if (n <= keep) return [...points]
  // how far `v` is from `from`: on a log axis their ratio (monotone in the decades between them, without a log per point)
  const apart = logY ? (v: number, from: number) => (v > from ? v / from : from / v) : (v: number, from: number) => Math.abs(v - from)
  const out: Point[] = [points[0]]
  const stretches = keep - 2
  let last = points[0].y ?? NaN
  for (let s = 0; s < stretches; s++) {
    const from = 1 + Math.floor((s * (n - 2)) / stretches)
    const to = 1 + Math.floor(((s + 1) * (n - 2)) / stretches)
    let best = from
    let farthest = -1
    for (let i = from; i < to; i++) {
      const d = apart(points[i].y ?? NaN, last)
      if (d > farthest) {
        farthest = d
        best = i
      }
    }
    if (to > from) {
      out.push(points[best])
      last = points[best].y ?? NaN
    }
  }
  out.push(points[n - 1])
  return out
}

function denseLinesPlugin(state: DenseState): StatefulPlugin<DenseState> {
  const visible = (chart: Chart) => state.lines.filter((l, i): l is DenseLine => l !== null && chart.isDatasetVisible(i))
  return {
    id: 'denseLines',
    state,
    // the tooltip's points may miss a line's extremes: the axis still spans every visible line
    afterDataLimits(chart, { scale }) {
      if (scale.axis !== 'y' || !state.lines.length) return
      spanLines(scale, visible(chart))
    },
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: a, scales } = chart
      if (!state.lines.length || !scales.x || !scales.y) return
      const datasets = chart.data.datasets as ChartDataset<'line', Point[]>[]
      ctx.save()
      ctx.beginPath()
      ctx.rect(a.left - 1, a.top - 1, a.right - a.left + 2, a.bottom - a.top + 2)
      ctx.clip()
      ctx.lineCap = 'butt'
      // the first line on top, as Chart.js stacks datasets
      for (let i = state.lines.length - 1; i >= 0; i--) {
        const line = state.lines[i]
        const d = datasets[i]
        if (line && d && chart.isDatasetVisible(i)) strokeLine(chart, d, line.points)
      }
      ctx.restore()
    }
  }
}
