import { afterEach, describe, expect, it } from 'vitest'
import { Chart, type ChartConfiguration, type Point } from 'chart.js'
import { liveLinesPlugin, pointsOf, type LiveDataset } from '../../../src-renderer/charts/liveLines'
import { registerCharts } from '../../../src-renderer/charts/register'
import { installCanvas, type CanvasCall } from '../support/canvas'

const COLOURS = ['#000001', '#000002', '#000003']
/** a falling line; run 1 spikes once far above the rest at point 333 */
function line(run: number, points: number): { data: Point[]; min: number; max: number } {
  const data = Array.from({ length: points }, (_, i) => ({ x: i, y: (100 - i / 10) * (1 + run / 10) * (run === 1 && i === 333 ? 50 : 1) }))
  const ys = data.map((p) => p.y)
  return { data, min: Math.min(...ys), max: Math.max(...ys) }
}

let chart: Chart<'line', Point[]> | null = null
afterEach(() => {
  chart?.destroy()
  chart = null
})

/** Three runs of 600 points; Chart.js holds only each line's ends (the hover subset), run 2 is frozen. */
function draw(): { calls: CanvasCall[]; datasets: LiveDataset[] } {
  const canvas = installCanvas()
  registerCharts()
  const datasets: LiveDataset[] = COLOURS.map((c, r) => {
    const livePoints = line(r, 600)
    return {
      label: `run ${r}`,
      data: [livePoints.data[0], livePoints.data[599]],
      livePoints,
      borderColor: c,
      borderWidth: 1,
      borderJoinStyle: 'round',
      showLine: false,
      pointRadius: 0
    }
  })
  const frozen = new Set<object>([datasets[2]])
  const cfg: ChartConfiguration<'line', Point[]> = {
    type: 'line',
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      scales: { x: { type: 'linear' }, y: { type: 'linear' } },
      plugins: { legend: { display: false } }
    },
    plugins: [liveLinesPlugin((d) => frozen.has(d))]
  }
  const el = document.createElement('canvas')
  el.width = 600
  el.height = 300
  document.body.append(el)
  chart = new Chart(el, cfg)
  return { ...canvas, datasets }
}

const strokedIn = (calls: CanvasCall[]) =>
  calls.filter((c) => c.op === 'stroke' && COLOURS.includes(String(c.strokeStyle))).map((c) => c.strokeStyle)

describe('liveLines', () => {
  it('draws each running line from every point it keeps, not the frozen one', () => {
    const { calls } = draw()
    expect(new Set(strokedIn(calls))).toEqual(new Set(COLOURS.slice(0, 2)))
    const segments = calls.filter((c) => c.op === 'lineTo' && COLOURS.includes(String(c.strokeStyle))).length
    expect(segments).toBe(strokedIn(calls).length * 599)
    // with the dataset's join: a miter where a line turns back on itself sticks out of it
    expect(new Set(calls.filter((c) => c.op === 'stroke' && COLOURS.includes(String(c.strokeStyle))).map((c) => c.lineJoin))).toEqual(
      new Set(['round'])
    )
  })

  it('spans the y axis over every point of the visible lines, and only those', () => {
    draw()
    expect(chart!.scales.y.max).toBeGreaterThanOrEqual(line(1, 600).max)
    chart!.setDatasetVisibility(1, false)
    chart!.update('none')
    expect(chart!.scales.y.max).toBeLessThan(line(1, 600).max)
  })

  it('gives every point of a line to whoever draws it, Chart.js its own where there are none', () => {
    const { datasets } = draw()
    expect(pointsOf(datasets[0])).toHaveLength(600)
    expect(pointsOf({ data: [{ x: 1, y: 2 }] })).toEqual([{ x: 1, y: 2 }])
  })
})
