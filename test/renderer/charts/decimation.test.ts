import { describe, expect, it } from 'vitest'
import type { ChartConfiguration, Point } from 'chart.js'
import { skipNeedlessDecimation } from '../../../src-renderer/charts/decimation'

function config(lengths: number[]): ChartConfiguration<'line', Point[]> {
  return {
    type: 'line',
    data: { datasets: lengths.map((n, i) => ({ label: `run ${i}`, data: Array.from({ length: n }, (_, x) => ({ x, y: x })) })) },
    options: { plugins: { decimation: { enabled: true, algorithm: 'min-max', threshold: 2000 } } }
  }
}

describe('skipNeedlessDecimation', () => {
  it('turns decimation off when every line has at most four points a pixel of the box', () => {
    const reduced = config([2000, 1800, 2100])
    expect(skipNeedlessDecimation(reduced, 1000)).toBe(true)
    expect(reduced.options?.plugins?.decimation?.enabled).toBe(false)
  })

  it('keeps it for a line of every epoch, and when the width is not known yet', () => {
    const full = config([2000, 50_000])
    expect(skipNeedlessDecimation(full, 1000)).toBe(false)
    expect(full.options?.plugins?.decimation?.enabled).toBe(true)
    const unlaid = config([10])
    expect(skipNeedlessDecimation(unlaid, 0)).toBe(false)
    expect(unlaid.options?.plugins?.decimation?.enabled).toBe(true)
  })
})
