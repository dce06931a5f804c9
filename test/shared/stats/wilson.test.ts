import { describe, expect, it } from 'vitest'
import { wilsonInterval } from '@shared/stats'
import { PAPER_ARITHMETIC } from '@shared/paper/madsenJohansen2020'

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II, Wilson's method
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718]
  ])('%i of %i is [%f, %f] as Newcombe tabulates it', (x, n, lo, hi) => {
    const ci = wilsonInterval(x, n)!
    expect(ci[0]).toBeCloseTo(lo, 4)
    expect(ci[1]).toBeCloseTo(hi, 4)
  })

  it('gives the bounds the paper prints beside every rate (100 seeds, rounded to whole percent)', () => {
    const rows = PAPER_ARITHMETIC.filter((r) => r.ciPercent)
    expect(rows.length).toBeGreaterThan(20)
    for (const r of rows) {
      const [lo, hi] = wilsonInterval(r.solved, r.seeds)!
      const p = r.solved / r.seeds
      expect([Math.round((hi - p) * 100), Math.round((p - lo) * 100)], `${r.op} ${r.paperModel}`).toEqual(r.ciPercent)
    }
  })

  it('solves (p̂ − p)² = z²·p(1 − p)/n at both bounds', () => {
    for (const [x, n] of [
      [3, 7],
      [50, 100],
      [1, 1000]
    ]) {
      for (const p of wilsonInterval(x, n)!) {
        expect((x / n - p) ** 2).toBeCloseTo((1.959963984540054 ** 2 * p * (1 - p)) / n, 12)
      }
    }
  })

  it('stays inside [0, 1], exactly 0 at none and 1 at all', () => {
    expect(wilsonInterval(0, 3)).toEqual([0, expect.closeTo(0.5615, 4)])
    expect(wilsonInterval(3, 3)).toEqual([expect.closeTo(0.4385, 4), 1])
  })

  it('is null without runs and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull()
    expect(() => wilsonInterval(4, 3)).toThrow(/0 ≤ successes ≤ n, got 4 of 3/)
    expect(() => wilsonInterval(1.5, 3)).toThrow(RangeError)
  })
})
