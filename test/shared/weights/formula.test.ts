import { describe, expect, it } from 'vitest'
import { ModelSpec, type GeneratedConfig, type LearnedWeights, type Matrix } from '@shared/domain'
import { learnedFormulas, recoveredCount } from '@shared/weights'

const D = 6
const pairs: GeneratedConfig = {
  kind: 'pairs',
  inDim: D,
  outputs: [
    { i: 4, j: 1, op: 'sub' },
    { i: 5, j: 2, op: 'add' },
    { i: 5, j: 2, op: 'mul' }
  ]
}
function mat(name: string, rows: number[][]): Matrix {
  return { name, rows: rows.length, cols: rows[0].length, data: rows.flat() }
}
function row(entries: Record<number, number>, noise = 0.02): number[] {
  return Array.from({ length: D }, (_, c) => entries[c] ?? (c % 2 ? noise : -noise))
}
const nac = ModelSpec.parse({ units: [{ kind: 'nac' }] })
const nacWeights = (rows: number[][]): LearnedWeights => ({ units: [{ kind: 'nac', matrices: [mat('W', rows)], gates: null }] })

describe('learnedFormulas', () => {
  it('reads a NAC’s rounded weights as the true + and − formulas, written as the per-output table', () => {
    const w = nacWeights([row({ 4: 0.97, 1: -0.98 }), row({ 2: 0.99, 5: 1.03 }), row({ 2: 0.5, 5: 0.5 })])
    const out = learnedFormulas(nac, w, pairs)
    expect(out.map((r) => [r.output, r.learned, r.truth, r.match])).toEqual([
      ['y0', 'x4 − x1', 'x4 − x1', 'equal'],
      ['y1', 'x5 + x2', 'x5 + x2', 'equal'],
      ['y2', 'x2 + x5', 'x5 × x2', 'unclear']
    ])
    expect(out[0].distance).toBeCloseTo(0.03, 12)
    expect(out[2].distance).toBeCloseTo(0.5, 12)
    expect(recoveredCount(out)).toBe(2)
  })

  it('says differs when a sign or an index is wrong, however clean the weights', () => {
    const wrongSign = learnedFormulas(nac, nacWeights([row({ 4: -1, 1: 1 }), row({ 2: 1, 5: 1 }), row({})]), pairs)
    expect(wrongSign[0]).toMatchObject({ learned: 'x1 − x4', match: 'differs' })
    const wrongIndex = learnedFormulas(nac, nacWeights([row({ 4: 1, 0: -1 }), row({ 3: 1, 5: 1 }), row({})]), pairs)
    expect(wrongIndex.map((r) => r.match)).toEqual(['differs', 'differs', 'differs'])
    expect(wrongIndex[1].learned).toBe('x3 + x5')
    expect(recoveredCount(wrongIndex)).toBe(0)
  })

  it('reads a NALU’s gate: the multiply path for a product, and no clean formula for a gate halfway', () => {
    const spec = ModelSpec.parse({ units: [{ kind: 'nalu', variant: 'article' }] })
    const wa = [row({ 4: 1, 1: -1 }), row({ 2: 1, 5: 1 }), row({})]
    const wm = [row({}), row({}), row({ 5: 1, 2: 1 })]
    const weights = (gates: number[]): LearnedWeights => ({
      units: [{ kind: 'nalu', matrices: [mat('W (mean gate)', wa), mat('W_a (add path)', wa), mat('W_m (log path)', wm)], gates }]
    })
    const out = learnedFormulas(spec, weights([0.99, 0.98, 0.01]), pairs)
    expect(out.map((r) => [r.learned, r.match, r.path?.kind])).toEqual([
      ['x4 − x1', 'equal', 'add'],
      ['x5 + x2', 'equal', 'add'],
      ['x5 × x2', 'equal', 'mul']
    ])
    // the gate picks the add path for a product: the formula differs
    expect(learnedFormulas(spec, weights([0.99, 0.98, 0.97]), pairs)[2]).toMatchObject({ learned: '0', match: 'differs' })
    expect(learnedFormulas(spec, weights([0.99, 0.5, 0.01]), pairs)[1]).toMatchObject({ match: 'unclear' })
  })

  it('reads the paper’s NAU → NMU stack on the subsets problem as (Σ a) × (Σ b)', () => {
    const config: GeneratedConfig = { kind: 'subsets', inDim: 8, op: 'mul', a: [0, 4], b: [2, 6] }
    const spec = ModelSpec.parse({ units: [{ kind: 'nau' }, { kind: 'nmu' }], hidden: 2 })
    const first = mat('W', [
      [1, 1, 1, 1, 0, 0, 0, 0],
      [0, 0, 0.98, 1, 1, 1, 0.01, 0]
    ])
    const ok: LearnedWeights = {
      units: [
        { kind: 'nau', matrices: [first], gates: null },
        { kind: 'nmu', matrices: [mat('W', [[0.99, 1]])], gates: null }
      ]
    }
    const [r] = learnedFormulas(spec, ok, config)
    expect(r).toMatchObject({ output: 'y', truth: '(Σ x0…x3) × (Σ x2…x5)', match: 'equal' })
    expect(r.learned).toBe('Σ x0…x3 × Σ x2…x5')
    // one input too many in b's subset
    const bad = mat('W', [
      [1, 1, 1, 1, 0, 0, 0, 0],
      [0, 0, 1, 1, 1, 1, 1, 0]
    ])
    const [r2] = learnedFormulas(spec, { units: [{ ...ok.units[0], matrices: [bad] }, ok.units[1]] }, config)
    expect(r2.match).toBe('differs')
  })

  it('has no reading for a unit without arithmetic weights, nor before any weights exist', () => {
    const vanilla = ModelSpec.parse({ units: [{ kind: 'vanilla' }] })
    const w: LearnedWeights = { units: [{ kind: 'vanilla', matrices: [mat('W', [row({}), row({}), row({})])], gates: null }] }
    expect(learnedFormulas(vanilla, w, pairs)[0]).toMatchObject({ learned: null, match: 'unreadable' })
    expect(learnedFormulas(nac, null, pairs)[0].note).toMatch(/no weights/)
  })
})
