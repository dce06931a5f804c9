import { describe, expect, it } from 'vitest'
import { finalMetrics } from '../../../../src-main/training/trainer/final'

const point = (epoch: number, interp: number, extrap: number[]) => ({
  epoch,
  trainMse: 1,
  interpMse: interp,
  extrapMse: 3,
  perOutput: { interp: extrap.map(() => interp), extrap },
  wallMs: 5
})

describe('finalMetrics', () => {
  it('reports the last point’s losses and each output’s success at the best interpolation point', () => {
    const f = finalMetrics([point(1, 1e-6, [1e-9, 2e-3, 5e-5]), point(2, 1e-3, [1, 1, 1])], [1e-8, 1e-3, 5e-4])
    expect(f).toMatchObject({ trainMse: 1, interpMse: 1e-3, extrapMse: 3, thresholds: [1e-8, 1e-3, 5e-4], success: [true, false, true] })
    expect(f?.verdict).toMatchObject({ rule: 'best-interpolation', solved: false, bestIteration: 1, solvedAt: null })
  })

  it('is null before the first evaluation point', () => {
    expect(finalMetrics([], [1])).toBeNull()
  })
})
