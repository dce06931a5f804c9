import { describe, expect, it } from 'vitest'
import { debiasedEma } from '@shared/figures/smoothing'

describe('debiasedEma', () => {
  it('is the identity at weight 0', () => {
    expect(debiasedEma([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5])
  })

  it('starts at the first value (debiased) instead of near 0', () => {
    const out = debiasedEma([10, 10, 10], 0.9)
    for (const v of out) expect(v).toBeCloseTo(10, 12)
  })

  it('matches the TensorBoard formula step by step', () => {
    const xs = [4, 2, 8]
    const w = 0.6
    const e1 = (1 - w) * 4
    const e2 = w * e1 + (1 - w) * 2
    const e3 = w * e2 + (1 - w) * 8
    const out = debiasedEma(xs, w)
    expect(out[0]).toBeCloseTo(e1 / (1 - w), 12)
    expect(out[1]).toBeCloseTo(e2 / (1 - w ** 2), 12)
    expect(out[2]).toBeCloseTo(e3 / (1 - w ** 3), 12)
  })

  it('passes non-finite values through without poisoning later points', () => {
    const out = debiasedEma([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.5)
    expect(out[1]).toBeNaN()
    expect(out[3]).toBe(Number.POSITIVE_INFINITY)
    expect(out[0]).toBeCloseTo(1, 12)
    expect(out[2]).toBeCloseTo(1, 12)
    expect(out[4]).toBeCloseTo(1, 12)
  })

  it('refuses weights outside [0, 1)', () => {
    expect(() => debiasedEma([1], 1)).toThrow(/\[0, 1\)/)
    expect(() => debiasedEma([1], -0.1)).toThrow(RangeError)
  })
})
