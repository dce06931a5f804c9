import type { Chart, ChartConfiguration, ChartDataset, Point } from 'chart.js'
import { METRIC_TITLE, type FigureOptions, type RunSeries } from '../domain'
import { THEMES, withAlpha } from './palette'
import type { LegendNaming } from './seriesData'
import type { PlotSeries } from './perOutput'
import { figureLines, type FigureLine } from './lines'
import { axisScale, FONT_FAMILY, font } from './axes'
import { backgroundPlugin, bandPlugin, floorPlugin, formatFloor } from './chartPlugins'
import { formatLogTick } from './logTicks'
export { carryPluginState } from './chartPlugins'

export interface LossChartOptions {
  /** on screen only; exports are drawn in one frame */
  animation?: boolean
  /** Chart.js down-sampling for long series on screen; exports keep every point */
  decimation?: boolean
  /** "model" for figure sets, where each line is an architecture */
  legend?: LegendNaming
  /** the screen draws its own legend beside the canvas (scrollable, collapsible): none inside */
  htmlLegend?: boolean
}

/** Above this many points per line the on-screen chart is decimated (min/max keeps the spikes). */
export const DECIMATION_THRESHOLD = 2000
const RAW_ALPHA = 0.25
/** Figures less high than this (3.3 in) get no default title and a short y-axis title. */
export const COMPACT_HEIGHT_PX = 320
const SHORT_TITLE: Record<FigureOptions['metric'], string> = {
  train: 'Training MSE',
  interp: 'Interpolation MSE',
  extrap: 'Extrapolation MSE'
}
/** Beyond this many entries the legend moves beside the plot, where it takes width, not height. */
const LEGEND_ON_TOP_MAX = 6

export function defaultTitle(series: readonly RunSeries[], options: Pick<FigureOptions, 'metric'>): string {
  const names = [...new Set(series.map((s) => s.experimentName))]
  return names.length === 1 ? `${names[0]}: ${METRIC_TITLE[options.metric]}` : METRIC_TITLE[options.metric]
}

/** Legend text of a line: "(reaches 0)" when some of its values sit on the floor of a log axis. */
export function legendText(line: FigureLine): string {
  return line.floored ? `${line.label} (reaches 0)` : line.label
}

/**
 * Fades every line but one (and its faint raw partner), or restores all with null: the legend's
 * hover highlight, on the canvas legend and the screen's own. Colours come back from `colour`.
 */
export function highlightLine(chart: Chart, index: number | null): void {
  chart.data.datasets.forEach((d, i) => {
    const own = d as ChartDataset<'line'> & { colour?: string; mainIndex?: number }
    const main = own.mainIndex ?? i
    const base = own.colour
    if (!base) return
    const faded = index !== null && main !== index
    const raw = own.mainIndex !== undefined
    if (faded) own.borderColor = withAlpha(base, (raw ? RAW_ALPHA : 1) * 0.15)
    else own.borderColor = raw ? withAlpha(base, RAW_ALPHA) : base
  })
  chart.update('none')
}

/** Shows or hides a line and its faint raw partner together. */
export function toggleLine(chart: Chart, index: number): void {
  const visible = !chart.isDatasetVisible(index)
  chart.data.datasets.forEach((d, i) => {
    const main = (d as { mainIndex?: number }).mainIndex ?? i
    if (main === index) chart.setDatasetVisibility(i, visible)
  })
  chart.update()
}

/**
 * The one Chart.js configuration of a loss chart. The Vue charts and the PNG/SVG/PDF exports both
 * call it, so a figure matches what is on screen: same series, scales, smoothing, colours.
 */
export function lossChartConfig(
  series: readonly PlotSeries[],
  options: FigureOptions,
  opts: LossChartOptions = {}
): ChartConfiguration<'line', Point[]> {
  const theme = THEMES[options.theme]
  const { lines, floor, xAxis } = figureLines(series, options, opts.legend)
  const datasets: (ChartDataset<'line', Point[]> & { colour: string; mainIndex?: number })[] = []
  const bands: { datasetIndex: number; colour: string; points: { x: number; lo: number; hi: number }[] }[] = []
  for (const line of lines) {
    const { colour, dash } = line.style
    const index = datasets.length
    datasets.push({
      label: legendText(line),
      data: line.main,
      colour,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: theme.lineWidth,
      borderDash: dash,
      // a line of column extremes turns back on itself within a pixel: a miter join there sticks
      // out by up to ten times half the width (the nubs along Compare's lines before round 17)
      borderJoinStyle: 'round',
      pointRadius: 0,
      pointHitRadius: 4,
      tension: 0,
      order: 0
    })
    if (line.band) bands.push({ datasetIndex: index, colour, points: line.band })
    if (line.raw) {
      datasets.push({
        label: `${line.label} (raw)`,
        data: line.raw,
        colour,
        mainIndex: index,
        borderColor: withAlpha(colour, RAW_ALPHA),
        backgroundColor: withAlpha(colour, RAW_ALPHA),
        borderWidth: 1,
        borderDash: dash,
        borderJoinStyle: 'round',
        pointRadius: 0,
        pointHitRadius: 0,
        tension: 0,
        order: 1
      })
    }
  }
  const isMain = (i: number | undefined) => i === undefined || datasets[i]?.mainIndex === undefined
  const entries = lines.length
  // A journal-column figure (2.5 in high) has room for the curves or for a title, not both: its
  // caption names it. The long axis title would not fit beside a plot that short either.
  const compact = options.heightPx < COMPACT_HEIGHT_PX
  const title = options.title ?? (compact ? '' : defaultTitle(series, options))
  const xTitle = xAxis === 'wall' ? 'Wall time (s)' : stepTitle(series)
  const legendBeside = entries > LEGEND_ON_TOP_MAX
  const fs = options.fontSize
  return {
    type: 'line',
    data: { datasets },
    plugins: [backgroundPlugin(theme.background), bandPlugin(bands), floorPlugin(floor, theme.text, font(fs * 0.85))],
    options: {
      parsing: false,
      normalized: true,
      responsive: false,
      maintainAspectRatio: false,
      animation: opts.animation ? { duration: 250 } : false,
      color: theme.text,
      font: { family: FONT_FAMILY, size: fs },
      layout: { padding: Math.round(fs * 0.75) },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: axisScale('linear', xTitle, theme, fs, 'x', xRange(lines)),
        y: axisScale(options.logY ? 'logarithmic' : 'linear', (compact ? SHORT_TITLE : METRIC_TITLE)[options.metric], theme, fs)
      },
      plugins: {
        // Chart.js squeezes a title wider than the figure into condensed glyphs: wrapped instead
        title: {
          display: title.length > 0,
          text: wrapTitle(title, options.widthPx, fs * 1.15),
          color: theme.text,
          font: font(fs * 1.15, 'bold')
        },
        legend: {
          display: entries > 0 && !opts.htmlLegend,
          position: legendBeside ? 'right' : 'top',
          align: legendBeside ? 'start' : 'center',
          labels: {
            color: theme.text,
            font: font(legendBeside ? fs * 0.85 : fs),
            boxWidth: Math.round(fs * 1.8),
            boxHeight: Math.max(2, theme.lineWidth),
            padding: Math.round(fs * (legendBeside ? 0.4 : 0.6)),
            filter: (item) => isMain(item.datasetIndex)
          },
          onClick: (_e, item, legend) => {
            if (item.datasetIndex !== undefined) toggleLine(legend.chart, item.datasetIndex)
          },
          onHover: (_e, item, legend) => highlightLine(legend.chart, item.datasetIndex ?? null),
          onLeave: (_e, _item, legend) => highlightLine(legend.chart, null)
        },
        tooltip: {
          titleFont: font(fs),
          bodyFont: font(fs),
          filter: (item) => isMain(item.datasetIndex),
          // Chart.js's own label keeps three decimals: a loss of 3e-5 read "0"
          callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${lossLabel(item.parsed.y)}` }
        },
        decimation: {
          enabled: opts.decimation ?? false,
          algorithm: 'min-max',
          threshold: DECIMATION_THRESHOLD
        }
      }
    }
  }
}

export { formatFloor }

/** A loss as the tooltip shows it: four significant digits, exponent form for the small ones a log axis shows. */
export function lossLabel(y: number | null): string {
  if (y === null || Number.isNaN(y)) return 'NaN'
  if (!Number.isFinite(y)) return y > 0 ? '∞' : '−∞'
  return formatLogTick(y)
}

/**
 * A title in lines that fit the figure's width (bold glyphs of the figure font average about 0.52 em), broken after
 * the experiment name's colon first, then between words.
 */
export function wrapTitle(title: string, widthPx: number, fontPx: number): string | string[] {
  const fits = (t: string) => t.length * fontPx * 0.52 <= widthPx * 0.92
  if (fits(title)) return title
  const lines: string[] = []
  for (const part of title.split(/(?<=:) /)) {
    let line = ''
    for (const word of part.split(' ')) {
      const next = line ? `${line} ${word}` : word
      if (line && !fits(next)) {
        lines.push(line)
        line = word
      } else line = next
    }
    if (line) lines.push(line)
  }
  return lines
}

/**
 * The x extent of the lines: the axis ends where the data ends (1,500 epochs stop at 1,500, not
 * 1,600). Each line's points are in x order (the config tells Chart.js so: `normalized`), so its
 * ends are enough: Compare's three charts of 20 reduced runs hold 120,000 points.
 */
function xRange(lines: readonly FigureLine[]): { min: number; max: number } | undefined {
  let min = Infinity
  let max = -Infinity
  for (const l of lines) {
    if (!l.main.length) continue
    min = Math.min(min, l.main[0].x)
    max = Math.max(max, l.main[l.main.length - 1].x)
  }
  return min < max ? { min, max } : undefined
}

/**
 * What x counts: runs of the iterations schedule start with an evaluation at iteration 0, epoch runs
 * at epoch 1. Runs of both kinds on one chart get a title that names both.
 */
function stepTitle(series: readonly RunSeries[]): string {
  const drawn = series.filter((s) => s.series.length > 0)
  const iterations = drawn.filter((s) => s.series[0].epoch === 0).length
  if (iterations === 0) return 'Epoch'
  return iterations === drawn.length ? 'Iteration' : 'Epoch or iteration'
}
