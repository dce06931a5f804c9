import type { Chart, ChartDataset, Plugin, Point } from 'chart.js'
import { spanLines, strokeLine, type LineExtremes } from './denseLines'

/** A line as the Live charts keep it (lib/liveColumns.ts): every plotted point, and its extremes. */
export interface LivePoints extends LineExtremes {
  readonly data: Point[]
}

/** A Live chart's dataset: Chart.js's `data` is a hover subset (while the pointer is on the chart), `livePoints` the whole line. */
export type LiveDataset = ChartDataset<'line', Point[]> & { livePoints?: LivePoints }

/** Every point of a dataset's line: its livePoints where it has them, else Chart.js's own. */
export const pointsOf = (d: ChartDataset<'line', Point[]>): Point[] => (d as LiveDataset).livePoints?.data ?? d.data

/**
 * The Live charts' running lines, drawn from every point they keep while Chart.js holds a hover
 * subset of each (denseLines.ts's hoverPoints): Chart.js makes, positions and resolves an element
 * for each of its points on every redraw. With it drawing 25 runs × ~800 points a chart, the
 * undriven page's renderer took 2.34–2.44 CPU-s of the sign-caveat preset; drawn here, 1.58–1.83
 * (docs/ui.md, round 11). Finished lines are frozenLines' (the bitmap), which reads the same points.
 * The y axis spans every visible line's extremes, whatever the hover subset keeps.
 */
export function liveLinesPlugin(frozen: (d: object) => boolean): Plugin<'line'> {
  const visible = (chart: Chart): [LiveDataset, LivePoints][] => {
    const out: [LiveDataset, LivePoints][] = []
    const all = chart.data.datasets as LiveDataset[]
    // Chart.js draws the last dataset first: index 0 ends on top
    for (let i = all.length - 1; i >= 0; i--) {
      const line = all[i].livePoints
      if (line && chart.isDatasetVisible(i)) out.push([all[i], line])
    }
    return out
  }
  return {
    id: 'liveLines',
    afterDataLimits(chart, { scale }) {
      if (scale.axis === 'y')
        spanLines(
          scale,
          visible(chart).map(([, line]) => line)
        )
    },
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: a } = chart
      ctx.save()
      ctx.beginPath()
      ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top)
      ctx.clip()
      for (const [d, line] of visible(chart)) if (!frozen(d)) strokeLine(chart, d, line.data)
      ctx.restore()
    }
  }
}
