import type { FontSpec, Plugin } from 'chart.js'
import { formatLogTick } from './logTicks'
import { withAlpha } from './palette'

/**
 * A plugin whose data can be replaced on a live chart (Chart.js fixes a chart's plugins at
 * creation): carryPluginState copies a new config's state into the running chart's plugins.
 */
export type StatefulPlugin<S extends object> = Plugin<'line'> & { state: S }

export function carryPluginState(running: readonly Plugin<'line'>[], next: readonly Plugin<'line'>[]): void {
  for (const p of next) {
    const state = (p as { state?: object }).state
    const target = running.find((r) => r.id === p.id) as { state?: object } | undefined
    if (state && target?.state) Object.assign(target.state, state)
  }
}

/** Paints the theme background, so a PNG is not transparent and the screen matches the file. */
export function backgroundPlugin(colour: string): Plugin<'line'> {
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

interface BandSpec {
  datasetIndex: number
  colour: string
  points: { x: number; lo: number; hi: number }[]
}

/**
 * The interquartile band behind a grouped line, drawn as one filled polygon from the chart's own
 * scales (no Filler plugin to register in two places); hidden with its line.
 */
export function bandPlugin(bands: readonly BandSpec[]): StatefulPlugin<{ bands: readonly BandSpec[] }> {
  const state = { bands }
  return {
    id: 'figureBands',
    state,
    beforeDatasetsDraw(chart) {
      const { ctx, scales, chartArea } = chart
      const x = scales.x
      const y = scales.y
      if (!x || !y) return
      ctx.save()
      ctx.beginPath()
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top)
      ctx.clip()
      for (const b of state.bands) {
        if (!chart.isDatasetVisible(b.datasetIndex) || b.points.length < 2) continue
        ctx.beginPath()
        b.points.forEach((p, i) => {
          const px = x.getPixelForValue(p.x)
          const py = y.getPixelForValue(p.hi)
          if (i) ctx.lineTo(px, py)
          else ctx.moveTo(px, py)
        })
        for (let i = b.points.length - 1; i >= 0; i--) ctx.lineTo(x.getPixelForValue(b.points[i].x), y.getPixelForValue(b.points[i].lo))
        ctx.closePath()
        ctx.fillStyle = withAlpha(b.colour, 0.18)
        ctx.fill()
      }
      ctx.restore()
    }
  }
}

export function formatFloor(floor: number): string {
  return formatLogTick(floor)
}

/**
 * The floor of a log axis: a dashed line where values ≤ 0 are drawn, with a note saying so, so a
 * run that reached exactly zero loss is seen to the end, and not mistaken for a tiny loss.
 */
export function floorPlugin(floor: number | null, colour: string, labelFont: Partial<FontSpec>): StatefulPlugin<{ floor: number | null }> {
  const state = { floor }
  return {
    id: 'figureFloor',
    state,
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart
      const floor = state.floor
      if (floor === null) return
      const y = scales.y?.getPixelForValue(floor)
      if (y === undefined || !Number.isFinite(y)) return
      ctx.save()
      ctx.strokeStyle = colour
      ctx.globalAlpha = 0.6
      ctx.lineWidth = 1
      ctx.setLineDash([4, 3])
      ctx.beginPath()
      ctx.moveTo(chartArea.left, y)
      ctx.lineTo(chartArea.right, y)
      ctx.stroke()
      ctx.globalAlpha = 1
      ctx.setLineDash([])
      ctx.fillStyle = colour
      ctx.font = `${labelFont.weight ?? 'normal'} ${labelFont.size ?? 10}px ${labelFont.family ?? 'sans-serif'}`
      ctx.textBaseline = 'bottom'
      ctx.textAlign = 'right'
      ctx.fillText(`values ≤ 0 drawn at ${formatFloor(floor)}`, chartArea.right - 4, y - 2)
      ctx.restore()
    }
  }
}
