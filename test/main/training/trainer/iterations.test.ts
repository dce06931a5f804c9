import { describe, expect, it } from 'vitest'
import { ExperimentSpec, type EpochMetrics, type ExperimentSpecInput } from '@shared/domain'
import { generateConfig, generateData } from '../../../../src-main/training/problems'
import { jsKernels } from '../../../../src-main/training/kernels'
import { Model } from '../../../../src-main/training/models/model'
import { Rng, STREAM } from '../../../../src-main/training/rng'
import { FreshBatches } from '../../../../src-main/training/trainer/sampler'
import { train } from '../../../../src-main/training/trainer/train'

type Training = ExperimentSpecInput['training']
const nau = (lambda: number, start: number, end: number) => ({ kind: 'nau', sparsity: { lambda, start, end } })

function job(training: Partial<Training> = {}, units: Record<string, unknown>[] = [nau(0.01, 50, 150), nau(0.01, 50, 150)], seed = 3) {
  const spec = ExperimentSpec.parse({
    name: 'iterations',
    problem: {
      kind: 'arithmetic',
      op: 'add',
      inDim: 10,
      train: { size: 1, range: { lo: 1, hi: 2 } },
      interp: { size: 500, range: { lo: 1, hi: 2 } },
      extrap: { size: 500, range: { lo: 2, hi: 6 } }
    },
    models: [{ units, hidden: 2 }],
    training: {
      schedule: 'iterations',
      iterations: 250,
      evalEvery: 100,
      batchSize: 16,
      optimizer: { kind: 'adam', lr: 0.01 },
      ...training
    },
    seeds: [seed]
  })
  return { spec, modelSpec: spec.models[0], seed, config: generateConfig(spec.problem, seed) }
}

async function run(j: ReturnType<typeof job>) {
  const series: EpochMetrics[] = []
  const result = await train(j, { onEpoch: (m) => void series.push(m) })
  return { result, series }
}

describe('the iterations schedule (Madsen & Johansen)', () => {
  it('evaluates at iteration 0, every evalEvery iterations and at the last, x = the iteration', async () => {
    const { result, series } = await run(job())
    expect(result.status).toBe('completed')
    expect(series.map((p) => p.epoch)).toEqual([0, 100, 200, 250])
  })

  it('logs, at each point, the loss of that iteration’s fresh batch before its step, and the untrained model at 0', async () => {
    const j = job()
    const { series } = await run(j)
    const model = new Model(j.modelSpec, 10, 1, new Rng(j.seed, STREAM.init), jsKernels)
    const batch = new FreshBatches(j.spec.problem, j.config, 16, new Rng(j.seed, STREAM.train)).draw()
    const y = model.forward(batch.input, false)
    const mse = (a: Float64Array, t: Float64Array, n: number) => a.subarray(0, n).reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / n
    expect(series[0].trainMse / mse(y, batch.y, 16)).toBeCloseTo(1, 10)
    const data = generateData(j.spec.problem, j.config, j.seed)
    const fresh = new Model(j.modelSpec, 10, 1, new Rng(j.seed, STREAM.init), jsKernels)
    const input = { x: data.interp.x, n: 500, d: 10, stable: true, derived: () => data.interp.x }
    expect(series[0].interpMse / mse(fresh.forward(input as never, false), data.interp.y, 500)).toBeCloseTo(1, 10)
  })

  it('is deterministic per seed and draws a different stream for another seed', async () => {
    const a = await run(job())
    const b = await run(job())
    expect(b.series.map((p) => [p.trainMse, p.extrapMse])).toEqual(a.series.map((p) => [p.trainMse, p.extrapMse]))
    const c = await run(job({}, undefined, 4))
    expect(c.series[1].trainMse).not.toBe(a.series[1].trainMse)
  })

  it('ramps the regulariser in iterations: one that starts after the run is no regulariser at all', async () => {
    const none = await run(job({}, [nau(0, 0, 0), nau(0, 0, 0)]))
    const late = await run(job({}, [nau(100, 251, 300), nau(100, 251, 300)]))
    const early = await run(job({}, [nau(100, 100, 101), nau(100, 100, 101)]))
    expect(late.series.map((p) => p.trainMse)).toEqual(none.series.map((p) => p.trainMse))
    expect(early.series[1].trainMse).toBe(none.series[1].trainMse)
    expect(early.series[2].trainMse).not.toBe(none.series[2].trainMse)
  })

  it('gives the verdict and the sparsity error at every point (none for a unit without discrete weights)', async () => {
    const { result, series } = await run(job())
    for (const p of series) expect(p.sparsityError).toBeGreaterThanOrEqual(0)
    const v = result.final?.verdict
    expect(v?.rule).toBe('best-interpolation')
    const best = series.reduce((a, p) => (p.interpMse < a.interpMse ? p : a))
    expect(v?.bestIteration).toBe(best.epoch)
    expect(v?.sparsityError).toBe(best.sparsityError)
    expect(result.final?.thresholds).toHaveLength(1)
    const npu = await run(job({}, [{ kind: 'npu' }]))
    expect(npu.series[0].sparsityError).toBeUndefined()
    expect(npu.result.final?.verdict?.sparsityError).toBeNull()
  })

  it('ends a diverging run at the iteration it happened and judges it on the points before', async () => {
    const { result, series } = await run(job({ iterations: 400, evalEvery: 10, optimizer: { kind: 'sgd', lr: 5 } }, [{ kind: 'linear' }]))
    expect(result.status).toBe('diverged')
    expect(result.error).toMatch(new RegExp(`^Training diverged at iteration ${result.divergedAtEpoch}: `))
    expect(result.divergedAtEpoch).toBeGreaterThan(series.at(-1)?.epoch ?? -1)
    expect(result.final?.verdict).toMatchObject({ rule: 'best-interpolation', solved: false })
    expect(result.final?.verdict?.bestIteration).not.toBeNull()
  })
})
