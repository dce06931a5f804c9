import { describe, expect, it } from 'vitest'
import { findPreset } from '../../../../src-main/training/presets'
import { generateConfig, generateData } from '../../../../src-main/training/problems'
import { dataFor } from '../../../../src-main/training/trainer/dataCache'

describe('the data sets shared by the runs of one seed in a process', () => {
  const problem = findPreset('article')!.spec.problem
  const config = generateConfig(problem, 0)

  it('are drawn once for the same problem, config and seed, and equal what generateData draws', () => {
    const a = dataFor(problem, config, 0, { train: true })
    expect(dataFor(problem, config, 0, { train: true })).toBe(a)
    const fresh = generateData(problem, config, 0)
    for (const s of ['train', 'interp', 'extrap'] as const) {
      expect(a[s].x).toEqual(fresh[s].x)
      expect(a[s].y).toEqual(fresh[s].y)
    }
  })

  it('are drawn anew for another seed or without the training set', () => {
    const a = dataFor(problem, config, 0, { train: true })
    const b = dataFor(problem, config, 1, { train: true })
    expect(b).not.toBe(a)
    expect(b.train.x).toEqual(generateData(problem, config, 1).train.x)
    expect(dataFor(problem, config, 1, { train: false }).train.n).toBe(0)
  })
})
