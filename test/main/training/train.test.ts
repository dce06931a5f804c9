import { describe, expect, it } from 'vitest'
import { ExperimentSpec, type ExperimentSpecInput } from '@shared/domain'
import { generateConfig } from '../../../src-main/training/problems'
import type { EpochMetrics } from '@shared/domain'
import { train, type TrainResult } from '../../../src-main/training/trainer/train'

function job(over: Partial<ExperimentSpecInput> = {}, model: Record<string, unknown> = { kind: 'nalu', variant: 'article' }, seed = 4) {
  const spec = ExperimentSpec.parse({
    name: 'probe',
    problem: {
      kind: 'mystery',
      inDim: 12,
      outDim: 4,
      ops: ['add', 'sub', 'mul'],
      train: { size: 96, range: { lo: -10, hi: 10 } },
      interp: { size: 64, range: { lo: -10, hi: 10 } },
      extrap: { size: 64, range: { lo: -50, hi: 50 } }
    },
    models: [{ units: [model] }],
    training: { epochs: 6, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 } },
    seeds: [seed],
    ...over
  })
  return { spec, modelSpec: spec.models[0], seed, config: generateConfig(spec.problem, seed) }
}

const numbers = (r: TrainResult, series: { trainMse: number; interpMse: number; extrapMse: number; perOutput: unknown }[]) => ({
  series: series.map(({ trainMse, interpMse, extrapMse, perOutput }) => ({ trainMse, interpMse, extrapMse, perOutput })),
  final: r.final,
  weights: r.weights
})

async function run(j: ReturnType<typeof job>) {
  const series: EpochMetrics[] = []
  let env: unknown = null
  const result = await train(j, { onEpoch: (m) => void series.push(m), onStart: (e) => void (env = e) })
  return { result, series, env }
}

describe('training a run', () => {
  it('reports every epoch: train, interpolation, extrapolation and per-output MSE, and wall time', async () => {
    const { result, series, env } = await run(job())
    expect(result.status).toBe('completed')
    expect(env).toEqual(result.env)
    expect(series.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
    for (const e of series) {
      expect(e.perOutput.interp).toHaveLength(4)
      expect(e.perOutput.extrap).toHaveLength(4)
      expect(e.interpMse).toBeCloseTo(e.perOutput.interp.reduce((a, b) => a + b) / 4, 9)
      expect(e.wallMs).toBeGreaterThan(0)
    }
    expect(series[5].wallMs).toBeGreaterThan(series[0].wallMs)
    expect(result.final?.trainMse).toBe(series[5].trainMse)
    expect(result.final?.success).toHaveLength(4)
  })

  it('is deterministic: same seed, config and path give identical metrics and weights', async () => {
    const a = await run(job())
    const b = await run(job())
    expect(numbers(b.result, b.series)).toEqual(numbers(a.result, a.series))
    const c = await run(job({}, { kind: 'nalu', variant: 'article' }, 5))
    expect(c.series[0].trainMse).not.toBe(a.series[0].trainMse)
  })

  it('hands back the learned weights as the UI draws them: effective matrix first, gates per output', async () => {
    const { result } = await run(job())
    const unit = result.weights?.units[0]
    expect(unit?.kind).toBe('nalu')
    expect(unit?.matrices[0]).toMatchObject({ rows: 4, cols: 12 })
    expect(unit?.matrices[0].data).toHaveLength(48)
    expect(unit?.gates).toHaveLength(4)
    for (const g of unit?.gates ?? []) {
      expect(g).toBeGreaterThan(0)
      expect(g).toBeLessThan(1)
    }
    const nac = (await run(job({}, { kind: 'nac' }))).result.weights?.units[0]
    expect(nac?.matrices.map((m) => m.name)).toEqual(['W = tanh(Ŵ)⊙σ(M̂)', 'Ŵ', 'M̂'])
    expect(nac?.gates).toBeNull()
  })

  it('ends a run whose loss blows up as diverged, at the epoch it happened', async () => {
    const { result, series } = await run(
      job({ training: { epochs: 20, batchSize: 8, optimizer: { kind: 'sgd', lr: 50 } } }, { kind: 'linear' })
    )
    expect(result.status).toBe('diverged')
    expect(result.divergedAtEpoch).toBe((series.at(-1)?.epoch ?? 0) + 1)
    expect(result.error).toMatch(new RegExp(`^Training diverged at epoch ${result.divergedAtEpoch}: `))
    expect(result.weights).toBeNull()
  })

  it('runs the tfjs autodiff path on the backend asked for, close to the fused path and repeatable', async () => {
    const over = (path: 'tfjs' | 'fused', backend: 'cpu' | 'auto') => ({
      training: { epochs: 3, batchSize: 32, optimizer: { kind: 'adam' as const, lr: 0.01 }, path, backend }
    })
    const fused = await run(job(over('fused', 'auto')))
    const tfjs = await run(job(over('tfjs', 'cpu')))
    expect(tfjs.result.env).toMatchObject({ path: 'tfjs', backend: 'cpu' })
    expect(tfjs.result.env.versions.tfjs).toMatch(/^4\./)
    expect(fused.result.env.path).toBe('fused')
    tfjs.series.forEach((e, i) => {
      // float32 autodiff against Float64 kernels: the same training to a few parts in 10⁴
      expect(Math.abs(e.trainMse - fused.series[i].trainMse) / fused.series[i].trainMse).toBeLessThan(1e-3)
      expect(Math.abs(e.extrapMse - fused.series[i].extrapMse) / fused.series[i].extrapMse).toBeLessThan(1e-3)
    })
    const again = await run(job(over('tfjs', 'cpu')))
    expect(numbers(again.result, again.series)).toEqual(numbers(tfjs.result, tfjs.series))
  })

  it('refuses a tfjs backend forced onto the fused path', async () => {
    await expect(
      train(job({ training: { epochs: 1, batchSize: 8, optimizer: { kind: 'adam' }, path: 'fused', backend: 'wasm' } }))
    ).rejects.toThrow(/backend 'wasm' is a tfjs backend/)
  })
})
