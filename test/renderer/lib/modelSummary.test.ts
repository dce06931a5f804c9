import { describe, expect, it } from 'vitest'
import type { EpochMetrics, RunSeries } from '@shared/domain'
import { modelSummaryRows, runSolved } from '../../../src-renderer/lib/modelSummary'

const point = (epoch: number, v: number): EpochMetrics => ({
  epoch,
  trainMse: v,
  interpMse: v * 10,
  extrapMse: v * 100,
  wallMs: epoch,
  perOutput: { interp: [], extrap: [] }
})
const run = (id: number, model: string, values: number[]): RunSeries => ({
  id,
  label: `${model} ${id}`,
  model,
  seed: id,
  preset: null,
  experimentName: 'E',
  series: values.map((v, i) => point(i + 1, v))
})

describe('modelSummaryRows', () => {
  const series = [
    run(1, 'nac', [9, 4]),
    run(2, 'nalu', [5, NaN]),
    run(3, 'nac', [9, 1]),
    run(4, 'nac', [9, 2, 3]),
    run(5, 'nalu', [7, 0.5]),
    run(6, 'nalu', [])
  ]

  it('gives one row per model, in order of first appearance, over the runs’ last values', () => {
    const rows = modelSummaryRows(series, null)
    expect(rows.map((r) => [r.model, r.ids])).toEqual([
      ['nac', [1, 3, 4]],
      ['nalu', [2, 5, 6]]
    ])
    // nac's last training losses are 4, 1, 3 (not the minimum over epochs, not the first)
    expect(rows[0].last[0]).toEqual({ median: 3, min: 1, max: 4 })
    expect(rows[0].last[2]).toEqual({ median: 300, min: 100, max: 400 })
    // a diverged run's NaN is the worst value; a run without points does not count
    expect(rows[1].last[0]).toEqual({ median: Infinity, min: 0.5, max: Infinity })
    expect(rows[0].solved).toBeNull()
  })

  it('counts the solved runs among those that ended', () => {
    const solved = new Map<number, boolean | null>([
      [1, true],
      [3, false],
      [4, true],
      [2, false],
      [5, null],
      [6, null]
    ])
    const rows = modelSummaryRows(series, (id) => solved.get(id))
    expect(rows.map((r) => r.solved)).toEqual([
      { solved: 2, ended: 3 },
      { solved: 0, ended: 1 }
    ])
  })
})

describe('runSolved', () => {
  const final = { trainMse: 0, interpMse: 0, extrapMse: 0, thresholds: [1, 1] }
  it('takes the verdict when there is one, else every output’s success; unknown while running', () => {
    const verdict = { rule: 'best-interpolation' as const, solvedAt: 10, bestIteration: 10, threshold: 1, sparsityError: null }
    expect(runSolved({ status: 'completed', final: { ...final, success: [true, false], verdict: { ...verdict, solved: true } } })).toBe(
      true
    )
    expect(runSolved({ status: 'completed', final: { ...final, success: [true, true], verdict: { ...verdict, solved: false } } })).toBe(
      false
    )
    expect(runSolved({ status: 'completed', final: { ...final, success: [true, true] } })).toBe(true)
    expect(runSolved({ status: 'completed', final: { ...final, success: [true, false] } })).toBe(false)
    expect(runSolved({ status: 'diverged', final: null })).toBe(false)
    expect(runSolved({ status: 'running', final: null })).toBeNull()
  })
})
