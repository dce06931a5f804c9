import { describe, expect, it } from 'vitest'
import { strongestInputs, truePattern } from '../../../src-renderer/lib/trueConfig'

describe('truePattern', () => {
  it('encodes each output x_i op x_j as the weights an ideal unit would learn', () => {
    const t = truePattern({
      kind: 'pairs',
      inDim: 4,
      outputs: [
        { i: 0, j: 3, op: 'add' },
        { i: 2, j: 1, op: 'sub' },
        { i: 1, j: 2, op: 'mul' },
        { i: 3, j: 0, op: 'div' }
      ]
    })
    expect(t.matrix).toMatchObject({ rows: 4, cols: 4 })
    expect(t.matrix.data).toEqual([1, 0, 0, 1, 0, -1, 1, 0, 0, 1, 1, 0, -1, 0, 0, 1])
    expect(t.formulas).toEqual(['x0 + x3', 'x2 − x1', 'x1 × x2', 'x3 ÷ x0'])
    expect(t.rowLabels[1]).toBe('y1 = x2 − x1')
  })

  it('adds up a repeated input instead of overwriting it (x_i + x_i = 2 x_i, x_i − x_i = 0)', () => {
    const t = truePattern({
      kind: 'pairs',
      inDim: 2,
      outputs: [
        { i: 1, j: 1, op: 'add' },
        { i: 0, j: 0, op: 'sub' }
      ]
    })
    expect(t.matrix.data).toEqual([0, 2, 0, 0])
  })

  it('draws the two summed subsets of the arithmetic task as two rows over the half-open ranges', () => {
    const t = truePattern({ kind: 'subsets', inDim: 6, op: 'mul', a: [0, 3], b: [2, 5] })
    expect(t.matrix.data).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0])
    expect(t.rowLabels).toEqual(['a = Σ x0…x2', 'b = Σ x2…x4'])
    expect(t.formulas).toEqual(['a × b'])
  })
})

describe('strongestInputs', () => {
  it('ranks a row’s inputs by |weight|, keeping the sign', () => {
    const m = { name: 'W', rows: 2, cols: 4, data: [0.1, -0.9, 0.8, 0, 0, 0, 0, 1] }
    expect(strongestInputs(m, 0)).toEqual([
      { index: 1, weight: -0.9 },
      { index: 2, weight: 0.8 }
    ])
    expect(strongestInputs(m, 1, 1)).toEqual([{ index: 3, weight: 1 }])
  })
})
