import { describe, expect, it } from 'vitest'
import { modelLabel, Preset } from '@shared/domain'
import { PRESETS, findPreset } from '../../../src-main/training/presets'

describe('presets', () => {
  it('are valid experiment specs with unique names', () => {
    for (const p of PRESETS) expect(Preset.parse(p)).toEqual(p)
    expect(new Set(PRESETS.map((p) => p.name)).size).toBe(PRESETS.length)
    expect(PRESETS.map((p) => p.name)).toEqual([
      'article',
      'sign-caveat',
      'arithmetic-add',
      'arithmetic-sub',
      'arithmetic-mul',
      'arithmetic-div'
    ])
  })

  it('article is the article’s experiment (with the extrapolation range its text gives)', () => {
    const { spec } = findPreset('article') as Preset
    expect(spec.problem).toMatchObject({
      kind: 'mystery',
      inDim: 100,
      outDim: 10,
      ops: ['add', 'sub', 'mul'],
      train: { size: 1000, range: { lo: -10, hi: 10 } },
      interp: { size: 1000, range: { lo: -10, hi: 10 } },
      extrap: { size: 1000, range: { lo: -50, hi: 50 } }
    })
    expect(spec.training).toMatchObject({ epochs: 250, batchSize: 32, optimizer: { kind: 'adam', lr: 0.001 }, loss: 'mse' })
    expect(spec.models.map((m) => m.units.map((u) => u.kind))).toEqual([['vanilla'], ['nac'], ['nalu']])
    expect(spec.models[2].units[0]).toMatchObject({ kind: 'nalu', variant: 'article' })
  })

  it('sign-caveat multiplies two inputs of mixed sign, extrapolating from U[−2, 2] to U[−6, 6]', () => {
    const { spec } = findPreset('sign-caveat') as Preset
    expect(spec.problem).toMatchObject({
      kind: 'mystery',
      ops: ['mul'],
      outDim: 1,
      train: { range: { lo: -2, hi: 2 } },
      extrap: { range: { lo: -6, hi: 6 } }
    })
    expect(spec.models.map((m) => m.units[0].kind)).toEqual(['nalu', 'nmu', 'inalu', 'npu', 'realnpu'])
  })

  it('arithmetic-* are Madsen & Johansen’s protocol: fresh batches of 128 for 5·10⁶ iterations, 10,000-row sets evaluated every 1,000', () => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      const { spec } = findPreset(`arithmetic-${op}`) as Preset
      expect(spec.problem).toMatchObject({
        kind: 'arithmetic',
        op,
        inDim: 100,
        subsetRatio: 0.25,
        overlapRatio: 0.5,
        train: { range: { lo: 1, hi: 2 } },
        interp: { size: 10_000, range: { lo: 1, hi: 2 } },
        extrap: { size: 10_000, range: { lo: 2, hi: 6 } }
      })
      expect(spec.training).toMatchObject({
        schedule: 'iterations',
        iterations: 5_000_000,
        evalEvery: 1000,
        batchSize: 128,
        optimizer: { kind: 'adam', lr: 0.001 },
        gradClip: null,
        successEpsilon: 1e-5
      })
    }
  })

  it('arithmetic-* have the paper’s models with its regularisers and initialisations', () => {
    const labels = (op: string) => (findPreset(`arithmetic-${op}`) as Preset).spec.models.map(modelLabel)
    expect(labels('add')).toEqual(['nau→nau', 'nac→nac', 'linear→linear', 'nalu→nalu'])
    expect(labels('sub')).toEqual(labels('add'))
    expect(labels('mul')).toEqual(['nau→nmu', 'nac→nac•', 'nalu→nalu'])
    const [nau, nac, , nalu] = (findPreset('arithmetic-add') as Preset).spec.models
    for (const u of nau.units) expect(u).toMatchObject({ kind: 'nau', sparsity: { lambda: 0.01, start: 5000, end: 50_000 } })
    expect(nac.units).toMatchObject([{ init: 'madsen' }, { init: 'madsen', op: 'add' }])
    expect(nalu.units).toMatchObject([
      { kind: 'nalu', variant: 'paper', init: 'madsen' },
      { kind: 'nalu', init: 'madsen' }
    ])
    const [nmu] = (findPreset('arithmetic-mul') as Preset).spec.models
    for (const u of nmu.units) expect(u).toMatchObject({ sparsity: { lambda: 10, start: 1_000_000, end: 2_000_000 } })
    expect(nmu.hidden).toBe(2)
  })
})
