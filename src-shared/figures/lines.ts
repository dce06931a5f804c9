import type { EpochMetrics, FigureOptions } from '../domain'
import type { LossField } from '../series/lines'
import { perArray } from '../series/perArray'
import { band, groupBy } from '../stats'
import { modelStyles, runStyle, type RunStyle } from './palette'
import { debiasedEma } from './smoothing'
import { METRIC_FIELD, plottedRuns, runLabels, type LegendNaming } from './seriesData'
import { OP_ORDER, type PlotSeries } from './perOutput'

export interface XY {
  x: number
  y: number
}

/** One legend entry of a figure: a run, or a model's median over its seeds with the IQR band. */
export interface FigureLine {
  label: string
  model: string
  style: RunStyle
  /** the smoothed (or only) line */
  main: XY[]
  /** the faint unsmoothed line behind a smoothed run */
  raw?: XY[]
  /** first and third quartile at each x of a grouped line */
  band?: { x: number; lo: number; hi: number }[]
  /** how many runs a grouped line summarises */
  runs: number
  /** some values were ≤ 0 (or below the floor) and are drawn at the floor of the log axis */
  floored: boolean
}

export interface FigureLines {
  lines: FigureLine[]
  /** where values ≤ 0 are drawn on a log axis, null when none are */
  floor: number | null
  /** grouped lines are drawn against the epoch whatever the x option says: seeds' wall times differ */
  xAxis: FigureOptions['xAxis']
}

/**
 * Colours: one per model (modelColor) in every view; when a single model is split per output or
 * operation the operation picks the colour instead, and with several models it picks the dash.
 */
function styles(series: readonly PlotSeries[], theme: FigureOptions['theme']): (s: PlotSeries) => RunStyle {
  const models = modelStyles(
    series.map((s) => s.model),
    theme
  )
  const oneModel = new Set(series.map((s) => s.model)).size === 1
  return (s) => {
    const byModel = models.get(s.model) as RunStyle
    if (!s.part) return byModel
    const opIndex = OP_ORDER.indexOf(s.part.op)
    return oneModel ? runStyle(opIndex, theme) : { colour: byModel.colour, dash: runStyle(opIndex * 7, theme).dash }
  }
}

const finite = (p: XY) => Number.isFinite(p.y)

const xOf = (e: EpochMetrics, xAxis: FigureOptions['xAxis']): number => (xAxis === 'wall' ? e.wallMs / 1000 : e.epoch)

/** The points of a line of the epochs' values `y`: NaN and ±∞ leave gaps. */
function finitePoints(epochs: readonly EpochMetrics[], y: readonly number[], xAxis: FigureOptions['xAxis']): XY[] {
  const out: XY[] = []
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) out.push({ x: xOf(epochs[i], xAxis), y: y[i] })
  return out
}

/** a run's points per loss and x, made again once its epochs array has grown (perArray) */
const pointsOf = perArray<readonly EpochMetrics[], Map<string, XY[]>>(() => new Map())

/**
 * A run's unsmoothed points of one loss (NaN and ±∞ left out), kept per epochs array: Compare makes
 * them as each run's answer arrives, between waits, so its charts' configs find them made (three
 * charts of 20 reduced runs: 120,000 points, 40–60 ms in the task before each chart). A copy of the
 * list each time (a chart may take it as its data); the points themselves are never changed.
 */
export function lossPoints(epochs: readonly EpochMetrics[], field: LossField, xAxis: FigureOptions['xAxis']): XY[] {
  const kept = pointsOf(epochs)
  const key = `${field}|${xAxis}`
  let points = kept.get(key)
  if (!points) {
    points = []
    for (const e of epochs) {
      const y = e[field]
      if (Number.isFinite(y)) points.push({ x: xOf(e, xAxis), y })
    }
    kept.set(key, points)
  }
  return points.slice()
}

/**
 * The lines of a loss figure, shared by the screen and every export. On a log axis a value ≤ 0 (a
 * run that reaches exactly zero loss) cannot be placed: it is drawn at a floor one decade below the
 * smallest positive value, never dropped, and the figure says so. NaN and ±∞ stay gaps.
 */
export function figureLines(series: readonly PlotSeries[], options: FigureOptions, naming: LegendNaming = 'run'): FigureLines {
  const style = styles(series, options.theme)
  const smoothing = options.smoothing > 0
  const grouped = options.groupBy === 'model'
  const xAxis = grouped ? 'epoch' : options.xAxis
  let lines: FigureLine[]
  if (!grouped) {
    // straight from the epochs to the points (what plottedRuns gives, without an object per epoch
    // in between): Compare's three charts of 20 reduced runs make 120,000 points
    const field = METRIC_FIELD[options.metric]
    const labels = runLabels(series, naming)
    lines = series.map((run, index) => {
      const epochs = run.series
      const raw = lossPoints(epochs, field, xAxis)
      // a smoothed line is the EMA of every epoch's value (NaN and all), the raw one faint behind it
      const main = smoothing
        ? finitePoints(
            epochs,
            debiasedEma(
              epochs.map((e) => e[field]),
              options.smoothing
            ),
            xAxis
          )
        : raw
      return { label: labels[index], model: run.model, style: style(run), main, ...(smoothing ? { raw } : {}), runs: 1, floored: false }
    })
  } else {
    const runs = plottedRuns(series, options, naming)
    const groups = groupBy(runs, (r) => `${r.run.model}\u0000${r.run.part?.name ?? ''}`)
    lines = [...groups.values()].map((members) => {
      const first = members[0].run
      const b = band(members.map((m) => ({ x: m.points.map((p) => p.epoch), y: m.points.map((p) => (smoothing ? p.smoothed : p.raw)) })))
      const name = first.part ? `${first.model} · ${first.part.name}` : first.model
      const n = members.length
      return {
        label: n > 1 ? `${name} (median, IQR of ${n} runs)` : name,
        model: first.model,
        style: style(first),
        main: b.x.map((xv, i) => ({ x: xv, y: b.median[i] })).filter(finite),
        ...(n > 1
          ? {
              band: b.x.map((xv, i) => ({ x: xv, lo: b.q1[i], hi: b.q3[i] })).filter((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi))
            }
          : {}),
        runs: n,
        floored: false
      }
    })
  }
  return { lines, floor: options.logY ? applyFloor(lines) : null, xAxis }
}

/** One decade below the smallest positive value, as a power of ten; null when nothing is ≤ 0. */
export function logFloor(values: Iterable<number>): number | null {
  const finder = floorFinder()
  for (const v of values) finder.see(v)
  return finder.floor()
}

/** logFloor one value at a time, so a caller need not gather its values into one array first. */
function floorFinder(): { see: (v: number) => void; floor: () => number | null } {
  let minPositive = Infinity
  let anyNonPositive = false
  return {
    see(v) {
      if (!Number.isFinite(v)) return
      if (v > 0) {
        if (v < minPositive) minPositive = v
      } else anyNonPositive = true
    },
    floor: () => (!anyNonPositive ? null : Number.isFinite(minPositive) ? 10 ** (Math.floor(Math.log10(minPositive)) - 1) : 1e-12)
  }
}

function applyFloor(lines: FigureLine[]): number | null {
  // one pass over the points, without gathering them (Compare's three charts of 20 reduced runs: 120,000)
  const finder = floorFinder()
  for (const l of lines) {
    for (const p of l.main) finder.see(p.y)
    for (const p of l.raw ?? []) finder.see(p.y)
    for (const p of l.band ?? []) finder.see(p.lo)
  }
  const floor = finder.floor()
  if (floor === null) return null
  // a line with no point at or below zero keeps its list: most of a Compare's lines, 40,000 points a chart
  const lift = (l: FigureLine, points: XY[]) =>
    points.every((p) => p.y > 0) ? points : ((l.floored = true), points.map((p) => (p.y > 0 ? p : { x: p.x, y: floor })))
  for (const l of lines) {
    l.main = lift(l, l.main)
    if (l.raw) l.raw = lift(l, l.raw)
    if (l.band) l.band = l.band.map((p) => ({ x: p.x, lo: Math.max(p.lo, floor), hi: Math.max(p.hi, floor) }))
  }
  return floor
}
