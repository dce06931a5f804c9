import { describe, expect, it } from 'vitest'
import { differingPaths, flatten } from '../../../src-renderer/lib/flatten'

describe('flatten', () => {
  it('names nested values with the path syntax of the main side’s errors', () => {
    expect(
      flatten({ models: [{ units: [{ kind: 'nac' }], hidden: 2 }], training: { gradClip: null }, problem: { ops: ['add', 'mul'] } })
    ).toEqual({
      'models[0].units[0].kind': 'nac',
      'models[0].hidden': 2,
      'training.gradClip': null,
      'problem.ops': 'add, mul'
    })
  })

  it('keeps empty containers visible', () => {
    expect(flatten({ tags: [], versions: {} })).toEqual({ tags: '(none)', versions: '{}' })
  })
})

describe('differingPaths', () => {
  it('lists only settings whose values differ, including ones missing from some configs', () => {
    const a = flatten({ seed: 1, model: { units: [{ kind: 'nalu', eps: 1e-7 }] }, epochs: 10 })
    const b = flatten({ seed: 2, model: { units: [{ kind: 'nac' }] }, epochs: 10 })
    expect(differingPaths([a, b]).sort()).toEqual(['model.units[0].eps', 'model.units[0].kind', 'seed'])
    expect(differingPaths([a, a])).toEqual([])
  })
})
