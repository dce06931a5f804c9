import { describe, expect, it } from 'vitest'
import { parseModels } from '../../../src-main/cli/models'
import { experimentFromFlags } from '../../../src-main/cli/run'
import { findPreset } from '../../../src-main/training/presets'

const article = findPreset('article')?.spec.models ?? []
const arithmetic = findPreset('arithmetic-mul')?.spec.models ?? []

describe('--models', () => {
  it('takes unit kinds, variants and two-unit stacks', () => {
    expect(parseModels('linear, nalu:paper ,nalu(article)', [])).toEqual([
      { units: [{ kind: 'linear' }], hidden: 2 },
      { units: [{ kind: 'nalu', variant: 'paper', init: 'glorot', eps: 1e-7 }], hidden: 2 },
      { units: [{ kind: 'nalu', variant: 'article', init: 'glorot', eps: 1e-7 }], hidden: 2 }
    ])
    expect(parseModels('nau>nmu', [])[0].units.map((u) => u.kind)).toEqual(['nau', 'nmu'])
    expect(parseModels('nau→npu', [])[0].units.map((u) => u.kind)).toEqual(['nau', 'npu'])
  })

  it('keeps the preset’s own options for a model the preset has', () => {
    expect(parseModels('nalu(article)', article)).toEqual([article[2]])
    expect(parseModels('nau>nmu', arithmetic)).toEqual([arithmetic[0]])
  })

  it('names the paper’s two-layer models on an arithmetic preset that does not train them by default', () => {
    // addition's preset has no NMU; the paper's NMU is NAU → NMU with λ̂ = 10 ramped over 1e6–2e6 iterations
    const flags = experimentFromFlags(['--preset', 'arithmetic-add', '--models', 'nau,nmu,nau>nmu'])
    if (flags === 'help') throw new Error('unexpected help')
    const [nau, nmu, stacked] = flags.spec.models
    expect(nau).toEqual(findPreset('arithmetic-add')?.spec.models[0])
    expect(nmu).toEqual(arithmetic[0])
    expect(nmu.units.map((u) => [u.kind, 'sparsity' in u ? u.sparsity : null])).toEqual([
      ['nau', { lambda: 10, start: 1_000_000, end: 2_000_000 }],
      ['nmu', { lambda: 10, start: 1_000_000, end: 2_000_000 }]
    ])
    expect(stacked).toEqual(arithmetic[0])
    // outside the arithmetic task a bare unit keeps its defaults
    expect(parseModels('nmu', article, arithmetic)[0]).toEqual(arithmetic[0])
    const sign = experimentFromFlags(['--preset', 'article', '--models', 'nmu'])
    if (sign === 'help') throw new Error('unexpected help')
    expect(sign.spec.models[0].units).toHaveLength(1)
  })

  it('refuses unknown units, variants and stacks of three', () => {
    expect(() => parseModels('lstm', [])).toThrow(/unknown model "lstm"/)
    expect(() => parseModels('nac:fast', [])).toThrow(/nac has no variant "fast"/)
    expect(() => parseModels('nau>nau>nmu', [])).toThrow(/has 3 units/)
    expect(() => parseModels(' , ', [])).toThrow(/at least one model/)
  })
})
