import { describe, expect, it } from 'vitest'
import { finalMetrics } from '../../../../src-main/training/trainer/final'

const epoch = (extrap: number[]) => ({
  epoch: 10, trainMse: 1, interpMse: 2, extrapMse: 3, perOutput: { interp: extrap.map(() => 0), extrap }, wallMs: 5
})

describe('finalMetrics', () => {
  it('flags each output whose extrapolation MSE is within its ε-perfect threshold', () => {
    const f = finalMetrics(epoch([1e-9, 2e-3, 5e-4]), [1e-8, 1e-3, 5e-4])
    expect(f.success).toEqual([true, false, true])
    expect(f).toMatchObject({ trainMse: 1, interpMse: 2, extrapMse: 3, thresholds: [1e-8, 1e-3, 5e-4] })
  })

  it('counts an exact solution of an output whose target is always 0 (threshold 0)', () => {
    expect(finalMetrics(epoch([0, 1e-30]), [0, 0]).success).toEqual([true, false])
  })

  it('never counts a NaN error as a success', () => {
    expect(finalMetrics(epoch([NaN]), [1]).success).toEqual([false])
  })
})
