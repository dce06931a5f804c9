import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { BEST_RANGE, bestPoint, firstSolved, judge } from '../../../../src-main/training/trainer/verdict'

/** an evaluation point: interpolation MSE, per-output extrapolation MSEs, sparsity error */
const pt = (epoch: number, interp: number, extrap: number[], sparsityError?: number): EpochMetrics => ({
  epoch,
  trainMse: interp,
  interpMse: interp,
  extrapMse: extrap.reduce((a, b) => a + b, 0) / extrap.length,
  perOutput: { interp: extrap.map(() => interp), extrap },
  wallMs: 0,
  ...(sparsityError !== undefined && { sparsityError })
})

describe('the paper’s verdict (best interpolation point)', () => {
  it('judges a run at its lowest interpolation error, not at its last point or its best extrapolation', () => {
    const points = [pt(0, 5, [9]), pt(1000, 1e-3, [2e-5], 0.4), pt(2000, 1e-6, [1e-6], 0.01), pt(3000, 1e-4, [1e-9], 0.2)]
    const { verdict, success } = judge(points, [1e-5])
    expect(verdict).toEqual({
      rule: 'best-interpolation',
      solved: true,
      solvedAt: 2000,
      bestIteration: 2000,
      threshold: 1e-5,
      sparsityError: 0.01
    })
    expect(success).toEqual([true])
  })

  it('is not solved when the extrapolation error at the best interpolation point is above the threshold, even if it was below earlier', () => {
    const points = [pt(0, 5, [9]), pt(1000, 1e-3, [1e-7]), pt(2000, 1e-6, [1e-3])]
    const { verdict } = judge(points, [1e-5])
    expect(verdict).toMatchObject({ solved: false, solvedAt: 1000, bestIteration: 2000 })
  })

  it('needs every output below its own threshold, and the per-output flags come from the best point', () => {
    const points = [pt(0, 1, [1e-9, 1e-9]), pt(10, 1e-2, [1e-9, 5e-3])]
    const { verdict, success } = judge(points, [1e-8, 1e-3])
    expect(success).toEqual([true, false])
    expect(verdict).toMatchObject({ solved: false, bestIteration: 10, solvedAt: 0, threshold: (1e-8 + 1e-3) / 2 })
  })

  it('takes the first of equal minima, skips NaN, and looks at the last BEST_RANGE points only (official best.range)', () => {
    expect(bestPoint([pt(0, 2, [1]), pt(1, 1, [1]), pt(2, 1, [1]), pt(3, NaN, [1])])).toBe(1)
    const long = Array.from({ length: BEST_RANGE + 1 }, (_, i) => pt(i * 1000, i === 0 ? 0 : 1 + i, [1]))
    expect(bestPoint(long)).toBe(1)
  })

  it('has no solvedAt when no point gets below, and a null sparsity error for units without one', () => {
    expect(firstSolved([pt(0, 1, [1]), pt(1, 1, [NaN])], [0.5])).toBeNull()
    expect(judge([pt(0, 1, [1])], [0.5]).verdict).toMatchObject({ solved: false, solvedAt: null, bestIteration: 0, sparsityError: null })
  })

  it('counts an exact 0 against a threshold of 0, never a NaN', () => {
    expect(judge([pt(0, 0, [0, 1e-30])], [0, 0]).success).toEqual([true, false])
    expect(judge([pt(0, 1, [NaN])], [1]).success).toEqual([false])
  })
})
