import { afterEach, describe, expect, it } from 'vitest'
import { Chart, type ChartConfiguration, type Point } from 'chart.js'
import { drawDenseLines, holdHoverPoints, hoverPoints, HOVER_PX } from '../../../src-renderer/charts/denseLines'
import { DENSE_POINTS } from '../../../src-renderer/charts/hairlines'
import { registerCharts } from '../../../src-renderer/charts/register'
import { installCanvas, type CanvasCall } from '../support/canvas'

const WIDTH = 600
/** a line falling over four decades, every run a little lower; run 1 dips once far below the rest */
function line(run: number, points: number): Point[] {
  return Array.from({ length: points }, (_, i) => ({
    x: i,
    y: 10 ** (-4 * (i / points)) * (1 + run / 10) * (run === 1 && i === 777 ? 1e-6 : 1)
  }))
}
function config(lines: number, points: number): ChartConfiguration<'line', Point[]> {
  return {
    type: 'line',
    data: {
      datasets: Array.from({ length: lines }, (_, r) => ({
        label: `run ${r}`,
        data: line(r, points),
        borderColor: COLOURS[r],
        borderWidth: 1,
        // odd runs with round joins (the loss charts' own), even ones with Chart.js's default
        ...(r % 2 ? { borderJoinStyle: 'round' as const } : {}),
        pointRadius: 0
      }))
    },
    options: {
      parsing: false,
      normalized: true,
      responsive: false,
      animation: false,
      scales: { x: { type: 'linear' }, y: { type: 'logarithmic' } },
      plugins: { decimation: { enabled: false }, legend: { display: false } }
    }
  }
}
const COLOURS = Array.from({ length: 10 }, (_, r) => `#00000${r}`)
/** segments drawn in the lines' colours (the grid and axes have theirs) */
const strokes = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'lineTo' && COLOURS.includes(String(c.strokeStyle))).length

let chart: Chart<'line', Point[]> | null = null
afterEach(() => {
  chart?.destroy()
  chart = null
})

function draw(cfg: ChartConfiguration<'line', Point[]>): { calls: CanvasCall[] } {
  const canvas = installCanvas()
  registerCharts()
  const el = document.createElement('canvas')
  el.width = WIDTH
  el.height = 300
  document.body.append(el)
  chart = new Chart(el, cfg)
  return canvas
}

describe('hoverPoints', () => {
  it('keeps both ends and at most `keep` points, a spike or a dip among them', () => {
    const points = line(1, 2000)
    const kept = hoverPoints(points, 100, true)
    expect(kept.length).toBeLessThanOrEqual(100)
    expect(kept[0]).toBe(points[0])
    expect(kept.at(-1)).toBe(points[1999])
    expect(kept).toContain(points[777])
    expect(kept.map((p) => Number(p.x))).toEqual(kept.map((p) => Number(p.x)).sort((a, b) => a - b))
  })

  it('keeps a short line whole', () => {
    const points = line(0, 50)
    expect(hoverPoints(points, 100, false)).toEqual(points)
  })
})

describe('drawDenseLines', () => {
  it("draws every point of a dense chart itself and leaves Chart.js each line's extremes until the pointer comes", () => {
    const points = Math.ceil(DENSE_POINTS / 10)
    const cfg = config(10, points)
    const whole = cfg.data.datasets.map((d) => d.data)
    expect(drawDenseLines(cfg, WIDTH)).toBe(true)
    cfg.data.datasets.forEach((d, r) => {
      // the lowest and the highest point, in x order
      const ys = whole[r].map((p) => Number(p.y))
      expect(d.data).toEqual([whole[r].find((p) => p.y === Math.max(...ys)), whole[r].find((p) => p.y === Math.min(...ys))])
      expect((d as { showLine?: boolean }).showLine).toBe(false)
    })
    const { calls } = draw(cfg)
    // each draw: one polyline of every point per line, in the line's own colour
    const stroked = calls.filter((c) => c.op === 'stroke' && COLOURS.includes(String(c.strokeStyle)))
    expect(new Set(stroked.map((c) => c.strokeStyle))).toEqual(new Set(COLOURS))
    expect(strokes(calls)).toBe(stroked.length * (points - 1))
    // each line with its dataset's join, as Chart.js would stroke it
    for (const c of stroked) expect(c.lineJoin).toBe(COLOURS.indexOf(String(c.strokeStyle)) % 2 ? 'round' : 'miter')
    // Chart.js's own limits are the lines': run 1's dip at the bottom, run 9's start at the top
    expect(chart!.scales.y.min).toBeLessThanOrEqual(Number(whole[1][777].y))
    expect(chart!.scales.y.max).toBeGreaterThanOrEqual(Number(whole[9][0].y))
  })

  it('gives Chart.js one point per HOVER_PX pixels of each line once the pointer comes, and only once', () => {
    const points = Math.ceil(DENSE_POINTS / 10)
    const cfg = config(10, points)
    drawDenseLines(cfg, WIDTH)
    draw(cfg)
    expect(holdHoverPoints(chart!)).toBe(true)
    for (const d of chart!.data.datasets) {
      expect(d.data.length).toBeGreaterThan(WIDTH / HOVER_PX / 2)
      expect(d.data.length).toBeLessThanOrEqual(WIDTH / HOVER_PX)
    }
    const held = chart!.data.datasets[0].data
    expect(holdHoverPoints(chart!)).toBe(false)
    expect(chart!.data.datasets[0].data).toBe(held)
    // a config made while the pointer is on the chart has them from the start
    const onIt = config(10, points)
    drawDenseLines(onIt, WIDTH, true)
    expect(onIt.data.datasets[0].data).toEqual(held)
  })

  it('lets Chart.js pad a flat line as it pads its own', () => {
    const cfg = config(1, DENSE_POINTS)
    cfg.data.datasets[0].data = cfg.data.datasets[0].data.map((p) => ({ x: p.x, y: 0.5 }))
    drawDenseLines(cfg, WIDTH)
    expect(cfg.data.datasets[0].data).toHaveLength(1)
    draw(cfg)
    expect(chart!.scales.y.min).toBeLessThan(0.5)
    expect(chart!.scales.y.max).toBeGreaterThan(0.5)
  })

  it('leaves a light chart alone when the pointer comes', () => {
    const cfg = config(2, 100)
    drawDenseLines(cfg, WIDTH)
    draw(cfg)
    expect(holdHoverPoints(chart!)).toBe(false)
    expect(chart!.data.datasets[0].data).toHaveLength(100)
  })

  it('spans the y axis over every point of the visible lines, not only those left to Chart.js', () => {
    const points = Math.ceil(DENSE_POINTS / 10)
    const cfg = config(10, points)
    drawDenseLines(cfg, WIDTH)
    // as if the tooltip's points had missed run 1's dip
    for (const d of cfg.data.datasets) d.data = [d.data[0], d.data[d.data.length - 1]]
    draw(cfg)
    expect(chart!.scales.y.min).toBeLessThanOrEqual(Number(line(1, points)[777].y))
  })

  it('leaves out a hidden line, and the axis then spans only the lines shown', () => {
    const points = Math.ceil(DENSE_POINTS / 10)
    const cfg = config(10, points)
    drawDenseLines(cfg, WIDTH)
    const { calls } = draw(cfg)
    calls.length = 0
    chart!.setDatasetVisibility(1, false)
    chart!.update('none')
    const stroked = calls.filter((c) => c.op === 'stroke' && COLOURS.includes(String(c.strokeStyle))).map((c) => c.strokeStyle)
    expect(new Set(stroked)).toEqual(new Set(COLOURS.filter((_, r) => r !== 1)))
    expect(strokes(calls)).toBe(stroked.length * (points - 1))
    expect(chart!.scales.y.min).toBeGreaterThan(Number(line(1, points)[777].y))
  })

  it('leaves a light chart to Chart.js, with the plugin present and drawing nothing', () => {
    const own = draw(config(2, 100)).calls.filter((c) => c.op === 'lineTo' || c.op === 'stroke')
    chart?.destroy()
    const cfg = config(2, 100)
    expect(drawDenseLines(cfg, WIDTH)).toBe(false)
    expect(cfg.data.datasets[0].data).toHaveLength(100)
    expect(cfg.plugins?.map((p) => p.id)).toContain('denseLines')
    // Chart.js's own lines, each drawn once: the same calls as without the plugin
    expect(draw(cfg).calls.filter((c) => c.op === 'lineTo' || c.op === 'stroke')).toEqual(own)
  })
})
