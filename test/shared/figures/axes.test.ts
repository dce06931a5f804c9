import { describe, expect, it } from 'vitest'
import { axisScale, compactNumber } from '@shared/figures/axes'
import { THEMES } from '@shared/figures/palette'

describe('axis labels', () => {
  it('writes plain decimals in the readable range and exponents outside it', () => {
    expect([1, 20, 0.2, 0.001, 12345].map(compactNumber)).toEqual(['1', '20', '0.2', '0.001', '12345'])
    expect([1e-7, 2e-5, 3e5, 0.00049].map(compactNumber)).toEqual(['1e-7', '2e-5', '3e5', '4.9e-4'])
    expect(compactNumber(0.1 + 0.2)).toBe('0.3')
  })

  it('gives a log axis the shared tick labels, so a loss within one decade is still labelled', () => {
    const scale = axisScale('logarithmic', 'MSE', THEMES.print, 12)
    const ticks = [1.33e5, 1.34e5, 1.35e5, 1.36e5, 1.37e5, 1.38e5, 1.39e5].map((value) => ({ value }))
    const callback = (scale.ticks as { callback?: (v: number, i: number, t: { value: number }[]) => string }).callback!
    const labels = ticks.map((t, i) => callback(t.value, i, ticks))
    expect(labels.filter(Boolean).length).toBeGreaterThanOrEqual(3)
    expect(labels[0]).toBe('1.33e5')
    expect((scale.ticks as { autoSkip?: boolean }).autoSkip).toBe(false)
    expect('callback' in axisScale('linear', 'MSE', THEMES.print, 12).ticks).toBe(false)
  })
})

describe('a log axis over hundreds of decades', () => {
  it('keeps its low end above 0, so the lines and ticks are drawn (Chart.js alone rounds it to 0)', async () => {
    const { Chart, registerables } = await import('chart.js')
    const { createCanvas } = await import('@napi-rs/canvas')
    Chart.register(...registerables)
    // a run whose extrapolation loss fell to 1.5e-276 (a 50,000-epoch synthetic run did): the chart drew empty
    const data = [
      { x: 1, y: 1.126e-5 },
      { x: 50_000, y: 1.548e-276 }
    ]
    const chart = new Chart(createCanvas(800, 400), {
      type: 'line',
      data: { datasets: [{ data }] },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        scales: {
          x: axisScale('linear', 'Epoch', THEMES.print, 10, 'x') as object,
          y: axisScale('logarithmic', 'MSE', THEMES.print, 10, 'y') as object
        }
      }
    })
    try {
      expect(chart.scales.y.min).toBe(1e-276)
      expect(chart.scales.y.ticks.map((t) => t.value)).toEqual([1e-250, 1e-200, 1e-150, 1e-100, 1e-50])
    } finally {
      chart.destroy()
    }
  })
})
