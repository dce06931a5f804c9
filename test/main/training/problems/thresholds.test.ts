import { describe, expect, it } from 'vitest'
import { ArithmeticProblem, MysteryProblem, type GeneratedConfig } from '@shared/domain'
import { generateConfig } from '../../../../src-main/training/problems'
import { epsilonPerfectMse, officialLayout, successThresholds } from '../../../../src-main/training/problems/thresholds'

const task = (op: 'add' | 'sub' | 'mul' | 'div') =>
  ArithmeticProblem.parse({
    kind: 'arithmetic',
    op,
    train: { size: 10, range: { lo: 1, hi: 2 } },
    interp: { size: 10, range: { lo: 1, hi: 2 } },
    extrap: { size: 10, range: { lo: 2, hi: 6 } }
  })

describe('ε-perfect success thresholds (Madsen & Johansen)', () => {
  // the paper's values (Section 4.1 / export/function_task_static_mse_expectation.r, 10⁶ samples);
  // ours use 2·10⁵: the relative sampling error is below 0.3 % for each, 1 % leaves room for the paper's rounding
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
    const a = successThresholds(p, generateConfig(p, 1), 1e-5)
    const b = successThresholds(p, generateConfig(p, 2), 1e-5)
    expect(a).toEqual(b)
    // a cached answer costs a map lookup, a fresh one millions of draws: compare the two in the same
    // process rather than against a wall-clock bound that a loaded machine can miss
    const config = generateConfig(p, 3)
    const t0 = performance.now()
    epsilonPerfectMse(officialLayout(config as Extract<GeneratedConfig, { kind: 'subsets' }>), p.extrap.range, 1e-5, p.divGuard)
    const fresh = performance.now() - t0
    const t1 = performance.now()
    successThresholds(p, config, 1e-5)
    const again = performance.now() - t1
    expect(again * 50).toBeLessThan(fresh)
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
