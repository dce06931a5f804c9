import { describe, expect, it, vi } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { parseOrThrow } from '@shared/validate'
import { configHash } from '../../../../src-main/training/configHash'
import { AUTO_FLOAT32_MACS, resolvePrecision } from '../../../../src-main/training/kernels/float32'
import { findPreset } from '../../../../src-main/training/presets'
import { fusedMultiplyAdd } from '../../../../src-main/training/kernels/relaxedSimd'
import { generateConfig } from '../../../../src-main/training/problems'
import { train } from '../../../../src-main/training/trainer/train'

// the engine version of the hash below: the hash of an old spec must not move because of the precision field
vi.mock('../../../../src-main/training/path', async (original) => ({
  ...(await original<typeof import('../../../../src-main/training/path')>()),
  ENGINE_VERSION: '4'
}))

const article = () => ExperimentSpec.parse(findPreset('article')!.spec)

function small(precision?: string) {
  const spec = ExperimentSpec.parse({
    name: 'precision probe',
    problem: {
      kind: 'mystery',
      inDim: 24,
      outDim: 6,
      ops: ['add', 'sub', 'mul'],
      train: { size: 96, range: { lo: -10, hi: 10 } },
      interp: { size: 64, range: { lo: -10, hi: 10 } },
      extrap: { size: 64, range: { lo: -50, hi: 50 } }
    },
    models: [{ units: [{ kind: 'nalu', variant: 'article' }] }],
    training: { epochs: 4, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 }, ...(precision ? { precision } : {}) },
    seeds: [3]
  })
  return { spec, modelSpec: spec.models[0], seed: 3, config: generateConfig(spec.problem, 3) }
}

describe('the training spec’s precision', () => {
  it('is optional with no default: a spec without it parses, and hashes, exactly as before the field existed', () => {
    const spec = article()
    expect('precision' in spec.training).toBe(false)
    const config = generateConfig(spec.problem, 0)
    const hash = (training: ExperimentSpec['training']) =>
      configHash({ problem: spec.problem, config, model: spec.models[0], training, seed: 0 })
    // computed by the engine before the field (commit 8e3b33b, ENGINE_VERSION 4)
    expect(hash(spec.training)).toBe('9aae5fb31349f8e3')
    expect(hash({ ...spec.training, precision: undefined })).toBe('9aae5fb31349f8e3')
    expect(hash({ ...spec.training, precision: 'float32' })).not.toBe('9aae5fb31349f8e3')
    expect(hash({ ...spec.training, precision: 'auto' })).not.toBe(hash({ ...spec.training, precision: 'float32' }))
  })

  it('refuses anything but float64, float32 and auto, naming the field', () => {
    const input = { ...findPreset('article')!.spec, training: { ...findPreset('article')!.spec.training, precision: 'half' } }
    expect(() => parseOrThrow(ExperimentSpec, input, 'experiment')).toThrow(
      expect.objectContaining({
        field: 'training.precision',
        message: 'Invalid experiment: precision: must be one of: float64, float32, auto'
      })
    )
    for (const p of ['float64', 'float32', 'auto'])
      expect(ExperimentSpec.parse({ ...input, training: { ...input.training, precision: p } }).training.precision).toBe(p)
  })

  it("'auto' takes float32 from 2^20 multiply-adds per batch in the first product, and says why", () => {
    const t = { batchSize: 128, precision: 'auto' as const }
    const one = { units: [{ kind: 'nac' as const, op: 'add' as const, init: 'glorot' as const, eps: 1e-7 }], hidden: 2 }
    expect(resolvePrecision(t, one, 1000, 50)).toMatchObject({
      precision: 'float32',
      why: expect.stringMatching(/128 × 1000 × 50 = 6,400,000/)
    })
    // just below and at the threshold
    expect(resolvePrecision({ batchSize: 1, precision: 'auto' }, one, AUTO_FLOAT32_MACS - 1, 1).precision).toBe('float64')
    expect(resolvePrecision({ batchSize: 1, precision: 'auto' }, one, AUTO_FLOAT32_MACS, 1).precision).toBe('float32')
    // a two-layer model's first product is inputs × hidden
    expect(resolvePrecision(t, { ...one, units: [one.units[0], one.units[0]], hidden: 4 }, 1000, 50).precision).toBe('float64')
    // the article preset stays in Float64, and a spec without the field is float64 whatever its size
    const a = article()
    expect(resolvePrecision({ ...a.training, precision: 'auto' }, a.models[2], 100, 10).precision).toBe('float64')
    expect(resolvePrecision({ batchSize: 128 }, one, 1000, 50)).toEqual({ precision: 'float64', why: 'float64: no precision in the spec' })
  })

  it('float32 is what the run uses and records; float64 and auto on a small problem keep the Float64 numbers', async () => {
    // relaxedSimd.test.ts holds the probe to the CPU's flags
    const F32 = `fused-wasm-simd-f32${fusedMultiplyAdd() ? '-fma' : ''}`
    const started: string[] = []
    const f64 = await train(small(), { onStart: (e) => void started.push(e.backend) })
    const f32 = await train(small('float32'), { onStart: (e) => void started.push(e.backend) })
    const auto = await train(small('auto'))
    const explicit = await train(small('float64'))
    expect(started).toEqual(['fused-wasm-simd', F32])
    expect(f32.env.backend).toBe(F32)
    expect(auto.env.backend).toBe('fused-wasm-simd')
    expect(explicit.final).toEqual(f64.final)
    expect(auto.final).toEqual(f64.final)
    // products in float32: not the same bits, but the same training within float32's accuracy
    expect(f32.status).toBe('completed')
    expect(f32.final!.trainMse).not.toBe(f64.final!.trainMse)
    expect(Math.abs(f32.final!.trainMse - f64.final!.trainMse) / f64.final!.trainMse).toBeLessThan(1e-3)
    expect(Math.abs(f32.final!.extrapMse - f64.final!.extrapMse) / f64.final!.extrapMse).toBeLessThan(1e-3)
  })
})
