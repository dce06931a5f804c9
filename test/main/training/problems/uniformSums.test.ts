import { describe, expect, it } from 'vitest'
import { centredMoments, expectation, linear, plus, times } from '../../../../src-main/training/problems/uniformSums'

describe('expectations over sums of uniforms', () => {
  it('give the centred moments of the Irwin–Hall sums', () => {
    // U[0, 1]: variance 1/12, fourth central moment 1/80; the sum of two: 1/6 and 1/15
    const one = centredMoments(1, 0, 1)
    expect(one[0]).toBe(1)
    expect(one[1]).toBe(0)
    expect(one[2]).toBeCloseTo(1 / 12, 15)
    expect(one[3]).toBe(0)
    expect(one[4]).toBeCloseTo(1 / 80, 15)
    const two = centredMoments(2, 0, 1)
    expect(two[2]).toBeCloseTo(1 / 6, 15)
    expect(two[4]).toBeCloseTo(1 / 15, 15)
    // a width of 4 scales the k-th moment by 4^k
    expect(centredMoments(3, 2, 6)[4]).toBeCloseTo(centredMoments(3, 0, 1)[4] * 256, 10)
  })

  it('expand products and take their means term by term', () => {
    const m = [centredMoments(1, 0, 1), centredMoments(2, 0, 1), centredMoments(1, -1, 1), centredMoments(5, 0, 2)]
    // E[(3 + Z0 − 2·Z1)²] = 9 + Var Z0 + 4·Var Z1
    const p = linear(3, [1, -2, 0, 0])
    expect(expectation(times(p, p), m)).toBeCloseTo(9 + 1 / 12 + 4 / 6, 14)
    // E[(Z2·Z3)²] = Var Z2 · Var Z3 (independent), and the sum of two polynomials
    const q = times(linear(0, [0, 0, 1, 0]), linear(0, [0, 0, 0, 1]))
    expect(expectation(times(q, q), m)).toBeCloseTo((4 / 12) * ((5 * 4) / 12), 14)
    expect(expectation(plus(times(p, p), times(q, q), 2), m)).toBeCloseTo(9 + 1 / 12 + 4 / 6 + 2 * (4 / 12) * (20 / 12), 13)
    // E[Z0⁴] is kept, a fifth power is not
    const z0 = linear(0, [1, 0, 0, 0])
    expect(expectation(times(times(z0, z0), times(z0, z0)), m)).toBeCloseTo(1 / 80, 15)
    expect(() => times(times(times(z0, z0), times(z0, z0)), z0)).toThrow(/degree above 4/)
  })
})
