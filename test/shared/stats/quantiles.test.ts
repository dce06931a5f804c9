import { describe, expect, it } from 'vitest'
import { band, groupBy, mean, median, quantile, quartiles, successRate } from '@shared/stats'

describe('quantiles (R type 7)', () => {
  it('interpolate between order statistics like R quantile() and numpy', () => {
    // R: quantile(c(3,1,4,1,5,9,2,6)) → 25% 1.75, 50% 3.5, 75% 5.25
    expect(quartiles([3, 1, 4, 1, 5, 9, 2, 6])).toEqual({ q1: 1.75, median: 3.5, q3: 5.25 })
    expect(quartiles([1, 2, 3, 4, 10])).toEqual({ q1: 2, median: 3, q3: 4 })
    expect(median([7])).toBe(7)
    expect(quantile([10, 20], 0.1)).toBeCloseTo(11, 12)
    expect(quartiles([])).toBeNull()
    expect(mean([1, 2, 6])).toBe(3)
  })

  it('count NaN as the worst value and keep Infinity without making NaN', () => {
    expect(median([1, NaN, 2])).toBe(2)
    expect(quartiles([Infinity, Infinity, 1])).toEqual({ q1: expect.any(Number), median: Infinity, q3: Infinity })
  })
})

describe('band', () => {
  it('gives median and quartiles per x over the runs that reached it', () => {
    const b = band([
      { x: [0, 1000, 2000], y: [4, 2, 1] },
      { x: [0, 1000, 2000], y: [8, 4, 3] },
      { x: [0, 1000], y: [6, 9] }
    ])
    expect(b.x).toEqual([0, 1000, 2000])
    expect(b.median).toEqual([6, 4, 2])
    expect(b.q1).toEqual([5, 3, 1.5])
    expect(b.q3).toEqual([7, 6.5, 2.5])
    expect(b.count).toEqual([3, 3, 2])
  })

  it('refuses a curve whose x and y differ in length', () => {
    expect(() => band([{ x: [0, 1], y: [1] }])).toThrow(/2 x but 1 y/)
  })
})

describe('successRate', () => {
  it('counts solved runs with a Wilson interval; solved-at and sparsity describe the solved runs', () => {
    const r = successRate([
      { solved: true, solvedAt: 18000, sparsityError: 1e-4 },
      { solved: true, solvedAt: 21000, sparsityError: 3e-4 },
      { solved: true, solvedAt: 18000, sparsityError: null },
      { solved: false, solvedAt: 40000, sparsityError: 0.4 }
    ])
    expect(r).toMatchObject({ runs: 4, solved: 3, rate: 0.75, solvedAt: { q1: 18000, median: 18000, q3: 19500 } })
    expect(r.sparsityErrorMean).toBeCloseTo(2e-4, 15)
    expect(r.ci![0]).toBeCloseTo(0.3006, 4)
    expect(r.ci![1]).toBeCloseTo(0.9544, 4)
  })

  it('has no rate, interval or quartiles without runs', () => {
    expect(successRate([])).toEqual({ runs: 0, solved: 0, rate: null, ci: null, solvedAt: null, sparsityErrorMean: null })
  })
})

describe('groupBy', () => {
  it('keeps the order in which groups first appear', () => {
    const g = groupBy(['nau', 'nmu', 'nau', 'nac'], (s) => s)
    expect([...g.keys()]).toEqual(['nau', 'nmu', 'nac'])
    expect(g.get('nau')).toEqual(['nau', 'nau'])
  })
})
