import type { ChartConfiguration, ChartDataset, Plugin, Point } from 'chart.js'
import { METRIC_TITLE, type FigureOptions, type RunSeries } from '../domain'
import { THEMES, runStyle, withAlpha } from './palette'
import { plottedRuns, type LegendNaming, type PlottedPoint } from './seriesData'
import { axisScale, FONT_FAMILY, font } from './axes'

export interface LossChartOptions {
  /** on screen only; exports are drawn in one frame */
  animation?: boolean
  /** Chart.js down-sampling for long series on screen; exports keep every point */
  decimation?: boolean
  /** "model" for figure sets, where each line is an architecture */
  legend?: LegendNaming
}

/** Above this many points per line the on-screen chart is decimated (min/max keeps the spikes). */
export const DECIMATION_THRESHOLD = 2000
const RAW_ALPHA = 0.25

function toPoints(points: readonly PlottedPoint[], key: 'raw' | 'smoothed', options: FigureOptions): Point[] {
  const out: Point[] = []
  for (const p of points) {
    const y = p[key]
    // A log axis cannot show 0, negatives or NaN; such points are left out (the data export keeps them).
    if (!Number.isFinite(y) || (options.logY && y <= 0)) continue
    out.push({ x: options.xAxis === 'wall' ? p.wallS : p.epoch, y })
  }
  return out
}

export function defaultTitle(series: readonly RunSeries[], options: Pick<FigureOptions, 'metric'>): string {
  const names = [...new Set(series.map((s) => s.experimentName))]
  return names.length === 1 ? `${names[0]}: ${METRIC_TITLE[options.metric]}` : METRIC_TITLE[options.metric]
}

/** Paints the theme background, so a PNG is not transparent and the screen matches the file. */
function backgroundPlugin(colour: string): Plugin<'line'> {
  return {
    id: 'figureBackground',
    beforeDraw(chart) {
      const { ctx, width, height } = chart
      ctx.save()
      ctx.fillStyle = colour
      ctx.fillRect(0, 0, width, height)
      ctx.restore()
    }
  }
}

/**
 * The one Chart.js configuration of a loss chart. The Vue charts and the PNG/SVG/PDF exports both
 * call it, so a figure matches what is on screen: same series, scales, smoothing, colours.
 */
export function lossChartConfig(
  series: readonly RunSeries[],
  options: FigureOptions,
  opts: LossChartOptions = {}
): ChartConfiguration<'line', Point[]> {
  const theme = THEMES[options.theme]
  const smoothing = options.smoothing > 0
  const datasets: ChartDataset<'line', Point[]>[] = []
  /** legend-visible dataset index → its faint raw partner */
  const partner = new Map<number, number>()
  for (const run of plottedRuns(series, options, opts.legend)) {
    const { colour, dash } = runStyle(run.index, options.theme)
    const main: ChartDataset<'line', Point[]> = {
      label: run.label,
      data: toPoints(run.points, smoothing ? 'smoothed' : 'raw', options),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: theme.lineWidth,
      borderDash: dash,
      pointRadius: 0,
      pointHitRadius: 4,
      tension: 0,
      order: 0
    }
    datasets.push(main)
    if (smoothing) {
      partner.set(datasets.length - 1, datasets.length)
      datasets.push({
        label: `${run.label} (raw)`,
        data: toPoints(run.points, 'raw', options),
        borderColor: withAlpha(colour, RAW_ALPHA),
        backgroundColor: withAlpha(colour, RAW_ALPHA),
        borderWidth: 1,
        borderDash: dash,
        pointRadius: 0,
        pointHitRadius: 0,
        tension: 0,
        order: 1
      })
    }
  }
  const rawIndices = new Set(partner.values())
  const title = options.title ?? defaultTitle(series, options)
  const xTitle = options.xAxis === 'wall' ? 'Wall time (s)' : 'Epoch'
  return {
    type: 'line',
    data: { datasets },
    plugins: [backgroundPlugin(theme.background)],
    options: {
      parsing: false,
      normalized: true,
      responsive: false,
      maintainAspectRatio: false,
      animation: opts.animation ? { duration: 250 } : false,
      color: theme.text,
      font: { family: FONT_FAMILY, size: options.fontSize },
      layout: { padding: Math.round(options.fontSize * 0.75) },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: axisScale('linear', xTitle, theme, options.fontSize),
        y: axisScale(options.logY ? 'logarithmic' : 'linear', METRIC_TITLE[options.metric], theme, options.fontSize)
      },
      plugins: {
        title: { display: title.length > 0, text: title, color: theme.text, font: font(options.fontSize * 1.25, 'bold') },
        legend: {
          display: series.length > 0,
          position: 'top',
          labels: {
            color: theme.text,
            font: font(options.fontSize),
            boxHeight: Math.max(2, theme.lineWidth),
            filter: (item) => item.datasetIndex === undefined || !rawIndices.has(item.datasetIndex)
          },
          // Hiding a run hides its faint raw line too.
          onClick: (_e, item, legend) => {
            const i = item.datasetIndex
            if (i === undefined) return
            const chart = legend.chart
            const visible = !chart.isDatasetVisible(i)
            for (const j of [i, partner.get(i)]) if (j !== undefined) chart.setDatasetVisibility(j, visible)
            chart.update()
          }
        },
        tooltip: {
          titleFont: font(options.fontSize),
          bodyFont: font(options.fontSize),
          filter: (item) => !rawIndices.has(item.datasetIndex)
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
