import { describe, expect, it } from 'vitest'
import { ArithmeticProblem, MysteryProblem, type GeneratedConfig } from '@shared/domain'
import { generateConfig } from '../../../../src-main/training/problems'
import {
  epsilonPerfectMse,
  monteCarloMse,
  officialLayout,
  successThresholds,
  type OperandLayout
} from '../../../../src-main/training/problems/thresholds'

const task = (op: 'add' | 'sub' | 'mul' | 'div') =>
  ArithmeticProblem.parse({
    kind: 'arithmetic',
    op,
    train: { size: 10, range: { lo: 1, hi: 2 } },
    interp: { size: 10, range: { lo: 1, hi: 2 } },
    extrap: { size: 10, range: { lo: 2, hi: 6 } }
  })

describe('ε-perfect success thresholds (Madsen & Johansen)', () => {
  // the paper's values (Section 4.1 / export/function_task_static_mse_expectation.r, Monte Carlo with
  // 10⁶ samples); ours are exact for +, − and ×, and for ÷ 2·10⁵ samples (relative sampling error
  // below 0.3 %): 1 % leaves room for the paper's rounding and sampling
  it.each([
    ['add', 1.48e-5, 0.01],
    ['sub', 1.38e-8, 0.01],
    ['mul', 0.16, 0.01],
    ['div', 4.95e-12, 0.015]
  ] as const)('reproduce the paper’s threshold for %s', (op, paper, tol) => {
    const p = task(op)
    const [t] = successThresholds(p, generateConfig(p, 7), 1e-5)
    expect(Math.abs(t / paper - 1)).toBeLessThan(tol)
  })

  it('need the official script’s subsets (26 inputs overlapping by 13, R’s inclusive a.start:a.end); the task’s 25/12 gives 1.60e-5 for +', () => {
    const c = generateConfig(task('add'), 3) as Extract<GeneratedConfig, { kind: 'subsets' }>
    expect(c.a[1] - c.a[0]).toBe(25)
    expect(officialLayout(c)).toEqual({ op: 'add', inDim: 100, onlyA: 13, onlyB: 13, both: 13 })
    // + : the error is ε·(2·Σ outside − 2·Σ both), mean ε·4·(2·61 − 2·13) = 384ε with R's layout, 400ε with ours
    const ours = epsilonPerfectMse({ op: 'add', inDim: 100, onlyA: 13, onlyB: 13, both: 12 }, { lo: 2, hi: 6 }, 1e-5, 0, 50_000)
    expect(ours / 400e-5 ** 2).toBeCloseTo(1, 2)
  })

  it('match the closed form for − (4ε²·26·Var U[2, 6])', () => {
    const [t] = successThresholds(task('sub'), generateConfig(task('sub'), 0), 1e-5)
    expect(t / (4 * 1e-10 * 26 * (16 / 12))).toBeCloseTo(1, 2)
  })

  it('do not depend on where a seed put the subsets, and are computed once per configuration', () => {
    const p = task('mul')
    expect(successThresholds(p, generateConfig(p, 1), 1e-5)).toEqual(successThresholds(p, generateConfig(p, 2), 1e-5))
    // ÷ is the Monte Carlo one: a cached answer costs a map lookup, a fresh one millions of draws.
    // Compared in the same process rather than against a wall-clock bound a loaded machine can miss
    const d = task('div')
    const config = generateConfig(d, 3)
    const t0 = performance.now()
    epsilonPerfectMse(officialLayout(config as Extract<GeneratedConfig, { kind: 'subsets' }>), d.extrap.range, 1e-5, d.divGuard)
    const fresh = performance.now() - t0
    // the cache holds this layout after one call (another seed: the same subsets' sizes), whether or not an earlier test filled it
    successThresholds(d, generateConfig(d, 4), 1e-5)
    const t1 = performance.now()
    successThresholds(d, config, 1e-5)
    const again = performance.now() - t1
    expect(again * 50).toBeLessThan(fresh)
  })

  // the exact mean squares against a Monte Carlo of 10⁶ rows (sampling error 0.1–0.4 % here): shapes
  // where the fourth moment of one input matters (× of few inputs: 17 % of the 3-input threshold),
  // groups of every kind, and ranges away from zero
  it.each([
    [
      { op: 'mul', inDim: 3, onlyA: 1, onlyB: 1, both: 0 },
      { lo: -6, hi: 6 }
    ],
    [
      { op: 'mul', inDim: 5, onlyA: 1, onlyB: 2, both: 1 },
      { lo: 1, hi: 3 }
    ],
    [
      { op: 'mul', inDim: 6, onlyA: 2, onlyB: 1, both: 2 },
      { lo: -1, hi: 4 }
    ],
    [
      { op: 'add', inDim: 7, onlyA: 2, onlyB: 1, both: 1 },
      { lo: 2, hi: 6 }
    ],
    [
      { op: 'sub', inDim: 7, onlyA: 3, onlyB: 1, both: 2 },
      { lo: -3, hi: 1 }
    ]
  ] as [OperandLayout, { lo: number; hi: number }][])('are the exact expectation for %o on %o', (layout, range) => {
    const exact = epsilonPerfectMse(layout, range, 1e-5, 0)
    expect(Math.abs(monteCarloMse(layout, range, 1e-5, 0, 1_000_000) / exact - 1)).toBeLessThan(0.01)
  })

  it('build the analogous W^ε per output of the mystery problem: a = x_i, b = x_j, ε on every other input', () => {
    const p = MysteryProblem.parse({
      kind: 'mystery',
      inDim: 10,
      outDim: 3,
      ops: ['add', 'mul'],
      train: { size: 10, range: { lo: -1, hi: 1 } },
      interp: { size: 10, range: { lo: -1, hi: 1 } },
      extrap: { size: 10, range: { lo: -5, hi: 5 } }
    })
    const config: GeneratedConfig = {
      kind: 'pairs',
      inDim: 10,
      outputs: [
        { i: 0, j: 1, op: 'add' },
        { i: 4, j: 2, op: 'mul' },
        { i: 3, j: 9, op: 'add' }
      ]
    }
    const [add, mul, add2] = successThresholds(p, config, 1e-5)
    expect(add2).toBe(add)
    // + : a^ε + b^ε − (a + b) = 2ε·Σ of the 8 other inputs: mean 0, variance 4ε²·8·Var U[−5, 5]
    expect(add / (4 * 1e-10 * 8 * (100 / 12))).toBeCloseTo(1, 1)
    expect(mul).toBeGreaterThan(add)
  })
})
