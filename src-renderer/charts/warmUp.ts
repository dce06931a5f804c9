import { Chart } from 'chart.js'
import type { EpochMetrics, FigureOptions } from '@shared/domain'
import { DECIMATION_THRESHOLD, lossChartConfig, type PlotSeries } from '@shared/figures'
import { inOwnFrame } from './frameQueue'
import { registerCharts } from './register'
import { drawDenseLines } from './denseLines'
import { DENSE_POINTS } from './hairlines'

/*
 * The first Chart.js chart of a page costs 70–150 ms more than the same chart built later, and a
 * bare Chart.js chart as much as ours: V8 compiles Chart.js's config resolver, layout, scales and
 * line code on first use, and the canvas resolves the figure font the first time it measures it.
 * Paid inside Compare's first chart (20 lines of ~2,000 points) it took that task past 100 ms
 * (bench/ui-compare.ts: 124–132 ms without this, 62 ms with it). A chart of two lines,
 * built and dropped in a frame of its own before the first real one, pays it where little else
 * runs; the real charts then build warm. The Live page queues it when it opens, before any run
 * has a line: its first chart, built cold when the first epochs arrived, was the longest task
 * of a watched experiment (107–147 ms for the sign-caveat preset); there it draws Chart.js's own
 * legend as the Live charts do (Compare's leave theirs to ChartLegend, and the legend's layout
 * made Compare's warm-up task 126 ms instead of about 60).
 */

const WARM_SIZE = { widthPx: 320, heightPx: 200 }
let queued = false

/** just past the decimation threshold, so the min/max pass is compiled too (a cold one took 10–17 ms) */
const WARM_EPOCHS = DECIMATION_THRESHOLD + 100

function sampleRun(id: number, epochs = WARM_EPOCHS): PlotSeries {
  // a loss that reaches 0 on a log axis, so the floor and its note are drawn too
  const series: EpochMetrics[] = Array.from({ length: epochs }, (_, i) => {
    const loss = i === epochs - 1 ? 0 : 10 / (i + id)
    return { epoch: i + 1, trainMse: loss, interpMse: loss, extrapMse: loss, perOutput: { interp: [], extrap: [] }, wallMs: i * 10 }
  })
  return { id, label: `warm-up ${id}`, model: 'warm-up', seed: id, preset: null, experimentName: 'warm-up', series }
}

/**
 * Queues the throwaway chart once per page, drawn with `options` (theme, fonts, log axis) as the
 * charts that follow it; an offscreen canvas, so nothing shows and no layout is disturbed.
 */
export function warmUpCharts(options: FigureOptions, { canvasLegend = false }: { canvasLegend?: boolean } = {}): void {
  if (queued) return
  queued = true
  // the config (figureLines over 4,200 points, cold) in one frame, the chart in the next: one task
  // of 95 ms in Compare was two
  inOwnFrame(() => {
    registerCharts()
    const canvas = document.createElement('canvas')
    canvas.width = WARM_SIZE.widthPx
    canvas.height = WARM_SIZE.heightPx
    // no 2D context (jsdom without a canvas stub): nothing to warm, and Chart.js would only complain
    if (!canvas.getContext('2d')) return
    const config = lossChartConfig(
      [sampleRun(1), sampleRun(2)],
      { ...options, ...WARM_SIZE },
      { animation: false, decimation: true, htmlLegend: !canvasLegend }
    )
    inOwnFrame(() => {
      new Chart(canvas, config).destroy()
      // then, in a frame of its own, a chart dense enough to draw its own lines (charts/denseLines.ts,
      // Compare's reduced runs): cold, Compare's first chart took 77 ms of script against 40–52 ms
      inOwnFrame(() => {
        const dense = lossChartConfig(
          [sampleRun(1, DENSE_POINTS / 2), sampleRun(2, DENSE_POINTS / 2)],
          { ...options, ...WARM_SIZE },
          { animation: false, decimation: false, htmlLegend: !canvasLegend }
        )
        drawDenseLines(dense, WARM_SIZE.widthPx)
        new Chart(canvas, dense).destroy()
      })
    })
  })
}

/**
 * The warm-up while the window is idle, for a page that leads to charts without drawing any (the
 * History, from which runs are compared): Compare then starts warm. Queued at Compare's mount
 * instead, the warm-up's 60 ms task held the first runs' answers while they waited to be read.
 */
export function warmUpWhenIdle(options: FigureOptions): () => void {
  if (queued) return () => undefined
  if (typeof requestIdleCallback === 'function' && typeof cancelIdleCallback === 'function') {
    const handle = requestIdleCallback(() => warmUpCharts(options), { timeout: 2000 })
    return () => cancelIdleCallback(handle)
  }
  const timer = setTimeout(() => warmUpCharts(options), 500)
  return () => clearTimeout(timer)
}

/** Whether the warm-up has been queued (tests). */
export function chartsWarmed(): boolean {
  return queued
}
