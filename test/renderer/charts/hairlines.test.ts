import { describe, expect, it } from 'vitest'
import type { ChartConfiguration, Point } from 'chart.js'
import { DENSE_POINTS, thinDenseLines } from '../../../src-renderer/charts/hairlines'

function config(lines: number, points: number, width: number): ChartConfiguration<'line', Point[]> {
  const data = Array.from({ length: points }, (_, i) => ({ x: i, y: i }))
  return {
    type: 'line',
    data: { datasets: Array.from({ length: lines }, (_, i) => ({ label: `run ${i}`, data, borderWidth: i === 0 ? 0.5 : width })) }
  }
}

describe('thinDenseLines', () => {
  it('draws the lines of a chart of more than DENSE_POINTS points one pixel wide, thinner ones as they are', () => {
    const dense = config(20, Math.ceil(DENSE_POINTS / 20), 1.5)
    expect(thinDenseLines(dense)).toBe(true)
    expect(dense.data.datasets.map((d) => d.borderWidth)).toEqual([0.5, ...Array(19).fill(1)])
  })

  it('leaves a chart of fewer points at its theme widths', () => {
    const light = config(3, 2000, 2)
    expect(thinDenseLines(light)).toBe(false)
    expect(light.data.datasets.map((d) => d.borderWidth)).toEqual([0.5, 2, 2])
  })
})
