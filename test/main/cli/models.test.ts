import { describe, expect, it } from 'vitest'
import { parseModels } from '../../../src-main/cli/models'
import { findPreset } from '../../../src-main/training/presets'

const article = findPreset('article')?.spec.models ?? []
const arithmetic = findPreset('arithmetic-mul')?.spec.models ?? []

describe('--models', () => {
  it('takes unit kinds, variants and two-unit stacks', () => {
    expect(parseModels('linear, nalu:paper ,nalu(article)', [])).toEqual([
      { units: [{ kind: 'linear' }], hidden: 2 },
      { units: [{ kind: 'nalu', variant: 'paper', eps: 1e-7 }], hidden: 2 },
      { units: [{ kind: 'nalu', variant: 'article', eps: 1e-7 }], hidden: 2 }
    ])
    expect(parseModels('nau>nmu', [])[0].units.map((u) => u.kind)).toEqual(['nau', 'nmu'])
    expect(parseModels('nau→npu', [])[0].units.map((u) => u.kind)).toEqual(['nau', 'npu'])
  })

  it('keeps the preset’s own options for a model the preset has', () => {
    expect(parseModels('nalu(article)', article)).toEqual([article[2]])
    expect(parseModels('nau>nmu', arithmetic)).toEqual([arithmetic[0]])
  })

  it('refuses unknown units, variants and stacks of three', () => {
    expect(() => parseModels('lstm', [])).toThrow(/unknown model "lstm"/)
    expect(() => parseModels('nac:fast', [])).toThrow(/nac has no variant "fast"/)
    expect(() => parseModels('nau>nau>nmu', [])).toThrow(/has 3 units/)
    expect(() => parseModels(' , ', [])).toThrow(/at least one model/)
  })
})
