import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api'
import { ProblemSpec, type GeneratedConfig } from '@shared/domain'
import { checkProblem, computeTargets, generateConfig, generateData } from '../../../src-main/training/problems'

const mystery = (over: Record<string, unknown> = {}) =>
  ProblemSpec.parse({
    kind: 'mystery',
    inDim: 6,
    outDim: 8,
    ops: ['add', 'sub', 'mul', 'div'],
    train: { size: 200, range: { lo: -10, hi: 10 } },
    interp: { size: 100, range: { lo: -10, hi: 10 } },
    extrap: { size: 100, range: { lo: -50, hi: 50 } },
    ...over
  })

describe('the mystery arithmetic problem', () => {
  it('draws each output from two distinct inputs and an allowed op, the same for the same seed', () => {
    const p = mystery({ ops: ['add', 'mul'] })
    const c = generateConfig(p, 5)
    expect(c).toEqual(generateConfig(p, 5))
    expect(c).not.toEqual(generateConfig(p, 6))
    if (c.kind !== 'pairs') throw new Error('pairs expected')
    expect(c.outputs).toHaveLength(8)
    for (const o of c.outputs) {
      expect(o.i).not.toBe(o.j)
      expect(['add', 'mul']).toContain(o.op)
    }
  })

  it('computes each target from its pair and op, inputs inside each set’s range', () => {
    const p = mystery()
    const c = generateConfig(p, 1)
    const d = generateData(p, c, 1)
    if (c.kind !== 'pairs') throw new Error('pairs expected')
    for (const [set, lo, hi] of [
      [d.train, -10, 10],
      [d.extrap, -50, 50]
    ] as const) {
      expect(Math.min(...set.x)).toBeGreaterThanOrEqual(lo)
      expect(Math.max(...set.x)).toBeLessThanOrEqual(hi)
      for (let r = 0; r < set.n; r += 17) {
        c.outputs.forEach(({ i, j, op }, k) => {
          const a = set.x[r * 6 + i],
            b = set.x[r * 6 + j]
          const want = op === 'add' ? a + b : op === 'sub' ? a - b : op === 'mul' ? a * b : a / b
          expect(set.y[r * 8 + k]).toBe(want)
        })
      }
    }
    expect(generateData(p, c, 1).train.y).toEqual(d.train.y)
  })

  it('redraws denominators inside the division guard, so no target is ±Infinity', () => {
    const p = mystery({ inDim: 2, outDim: 4, ops: ['div'], divGuard: 0.5, train: { size: 5000, range: { lo: -1, hi: 1 } } })
    const c = generateConfig(p, 2) as Extract<GeneratedConfig, { kind: 'pairs' }>
    const d = generateData(p, c, 2)
    for (let r = 0; r < d.train.n; r++) for (const o of c.outputs) expect(Math.abs(d.train.x[r * 2 + o.j])).toBeGreaterThanOrEqual(0.5)
    expect(d.train.y.every(Number.isFinite)).toBe(true)
  })

  it('refuses a range that lies inside the division guard, naming the field', () => {
    const p = mystery({ ops: ['div'], divGuard: 2, interp: { size: 10, range: { lo: -1, hi: 1.5 } } })
    expect(() => checkProblem(p)).toThrowError(ApiError)
    try {
      checkProblem(p)
    } catch (err) {
      expect((err as ApiError).field).toBe('problem.interp.range')
      expect((err as ApiError).message).toMatch(/division guard ±2/)
    }
    expect(() => checkProblem(mystery({ ops: ['mul'], divGuard: 2, interp: { size: 10, range: { lo: -1, hi: 1.5 } } }))).not.toThrow()
  })
})

describe('the arithmetic task of Madsen & Johansen', () => {
  const p = ProblemSpec.parse({
    kind: 'arithmetic',
    op: 'mul',
    train: { size: 50, range: { lo: 1, hi: 2 } },
    interp: { size: 50, range: { lo: 1, hi: 2 } },
    extrap: { size: 50, range: { lo: 2, hi: 6 } }
  })

  it('sums two subsets of 25 of 100 inputs overlapping by half, at an offset drawn per seed', () => {
    const offsets = new Set<number>()
    for (let seed = 0; seed < 20; seed++) {
      const c = generateConfig(p, seed)
      if (c.kind !== 'subsets') throw new Error('subsets expected')
      expect(c.a[1] - c.a[0]).toBe(25)
      expect(c.b[1] - c.b[0]).toBe(25)
      expect(c.a[1] - c.b[0]).toBe(12)
      expect(c.b[1]).toBeLessThanOrEqual(100)
      offsets.add(c.a[0])
    }
    expect(offsets.size).toBeGreaterThan(5)
  })

  it('targets a × b of the two sums', () => {
    const c = generateConfig(p, 3) as Extract<GeneratedConfig, { kind: 'subsets' }>
    const d = generateData(p, c, 3)
    const sum = (r: number, [s, e]: readonly [number, number]) => d.extrap.x.slice(r * 100 + s, r * 100 + e).reduce((x, y) => x + y, 0)
    for (let r = 0; r < 50; r += 7) expect(d.extrap.y[r]).toBeCloseTo(sum(r, c.a) * sum(r, c.b), 9)
  })
})

describe('targets', () => {
  it('are x_i op x_j per output, negative inputs included', () => {
    const config: GeneratedConfig = {
      kind: 'pairs',
      inDim: 2,
      outputs: [
        { i: 0, j: 1, op: 'add' },
        { i: 0, j: 1, op: 'mul' },
        { i: 0, j: 1, op: 'div' }
      ]
    }
    const y = new Float64Array(6)
    computeTargets(config, Float64Array.from([2, 4, -3, 5]), 2, y)
    expect(Array.from(y)).toEqual([6, 8, 0.5, 2, -15, -0.6])
  })
})
