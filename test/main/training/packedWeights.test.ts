import { describe, expect, it } from 'vitest'
import type { LearnedWeights } from '@shared/domain'
import { packWeights, unpackWeights } from '../../../src-main/training/packedWeights'

const w: LearnedWeights = {
  units: [
    {
      kind: 'nalu',
      gates: [0.25, 0.75],
      matrices: [
        { name: 'W', rows: 2, cols: 3, data: [0.1, -0.2, 0.3, 1, -1, 1 / 3] },
        { name: 'G', rows: 2, cols: 1, data: [5, -7.5] }
      ]
    },
    { kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 1, cols: 2, data: [2, 4] }] }
  ]
}

describe('packed weights (a snapshot on its way from a training process)', () => {
  it('carries every value as the nearest Float32, in order, with the shapes and gates unchanged', () => {
    const p = packWeights(w)
    expect(p.values).toBeInstanceOf(Float32Array)
    expect(p.values.length).toBe(10)
    const back = unpackWeights(p)
    expect(back.units.map((u) => [u.kind, u.gates])).toEqual([
      ['nalu', [0.25, 0.75]],
      ['nac', null]
    ])
    expect(back.units[0].matrices[0]).toEqual({ name: 'W', rows: 2, cols: 3, data: [0.1, -0.2, 0.3, 1, -1, 1 / 3].map(Math.fround) })
    expect(back.units[0].matrices[1].data).toEqual([5, -7.5])
    expect(back.units[1].matrices[0].data).toEqual([2, 4])
  })

  it('refuses values that do not fit the shapes, either way', () => {
    const p = packWeights(w)
    expect(() => unpackWeights({ ...p, values: p.values.subarray(0, 9) })).toThrow(/runs past the 9 values/)
    expect(() => unpackWeights({ ...p, values: new Float32Array(11) })).toThrow(/11 values where the shapes describe 10/)
    expect(() => unpackWeights({ ...p, values: Array.from(p.values) as unknown as Float32Array })).toThrow(/not a Float32Array/)
    expect(() => packWeights({ units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 2, cols: 2, data: [1] }] }] })).toThrow(
      /holds 1 values, not 2 × 2/
    )
  })
})
