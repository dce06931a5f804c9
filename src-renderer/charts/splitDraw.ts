import type { Chart, Plugin } from 'chart.js'
import { inOwnFrame } from './frameQueue'

/** A layout that took longer than this leaves its drawing to the next frame. */
export const LAYOUT_ALONE_MS = 30

/**
 * A chart's update whose drawing waits for the next frame when Chart.js's layout took long: with
 * a hundred runs on a Live chart (a study's end, a chart coming into view) the layout and the
 * drawing were one task of 80–110 ms, 40–60 and 10–30 ms apart. A quick layout draws at once, so
 * the Live view's three charts still share a frame and its commit. The plugin goes on the chart:
 * it holds Chart.js's own drawing at the end of `update()` while `update` below runs.
 */
export interface SplitDraw {
  plugin: Plugin<'line'>
  /** `chart.update('none')`, drawn now or in the next frame */
  update(chart: Pick<Chart, 'update' | 'render'>): void
  /** drops a drawing still waiting (the chart goes) */
  cancel(): void
}

export function splitDraw(): SplitDraw {
  let holding = false
  let cancelDraw: (() => void) | null = null
  const cancel = (): void => {
    cancelDraw?.()
    cancelDraw = null
  }
  return {
    plugin: { id: 'splitDraw', beforeRender: () => !holding },
    update(chart) {
      const start = performance.now()
      holding = true
      try {
        chart.update('none')
      } finally {
        holding = false
      }
      if (performance.now() - start < LAYOUT_ALONE_MS) {
        cancel()
        chart.render()
        return
      }
      cancelDraw ??= inOwnFrame(() => {
        cancelDraw = null
        chart.render()
      })
    },
    cancel
  }
}
