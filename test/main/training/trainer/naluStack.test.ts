import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { generateConfig, generateData } from '../../../../src-main/training/problems'
import { createKernels, jsKernels } from '../../../../src-main/training/kernels'
import { Model } from '../../../../src-main/training/models/model'
import { Input } from '../../../../src-main/training/models/types'
import { Rng, STREAM } from '../../../../src-main/training/rng'
import { slices, type Slice } from '../../../../src-main/training/trainer/batches'
import { fusedEngine } from '../../../../src-main/training/trainer/fused'
import { naluStackEngine } from '../../../../src-main/training/trainer/naluStack'
import { FreshBatches } from '../../../../src-main/training/trainer/sampler'
import { train } from '../../../../src-main/training/trainer/train'

const nalu = (variant: 'paper' | 'article' = 'paper') => ({ kind: 'nalu', variant, init: 'madsen', eps: 1e-7 }) as const

function setup(inDim = 12, variant: 'paper' | 'article' = 'paper') {
  const spec = ExperimentSpec.parse({
    name: 'nalu stack',
    problem: {
      kind: 'arithmetic',
      op: 'mul',
      inDim,
      train: { size: 1, range: { lo: -2, hi: 2 } },
      interp: { size: 300, range: { lo: 1, hi: 2 } },
      extrap: { size: 300, range: { lo: 2, hi: 6 } }
    },
    models: [{ units: [nalu(variant), nalu(variant)], hidden: 2 }],
    training: { schedule: 'iterations', iterations: 10, batchSize: 21, optimizer: { kind: 'adam', lr: 0.01 } },
    seeds: [1]
  })
  const config = generateConfig(spec.problem, 1)
  // two models with the same weights: one trained by the NALU stack kernel, one by the generic fused path
  const a = new Model(spec.models[0], inDim, 1, new Rng(1, STREAM.init), createKernels())
  const b = new Model(spec.models[0], inDim, 1, new Rng(1, STREAM.init), createKernels())
  return { spec, config, a, b }
}

const grads = (m: Model) => m.params.flatMap((p) => Array.from(p.grad))
const values = (m: Model) => m.params.flatMap((p) => Array.from(p.value))

describe('the NALU stack kernel (NALU → NALU, the first layer in WebAssembly SIMD)', () => {
  it("gives the generic path's loss and gradients, negative inputs included, reading the batch where it was drawn", () => {
    const { spec, config, a, b } = setup()
    const stack = naluStackEngine(a, 21)
    expect(stack).not.toBeNull()
    const generic = fusedEngine(b, 21)
    const batches = new FreshBatches(spec.problem, config, 21, new Rng(1, STREAM.train), true, stack!.home.memory)
    for (let i = 0; i < 3; i++) {
      const batch = batches.draw()
      expect(Array.from(batch.input.x).some((v) => v < 0)).toBe(true)
      const copy: Slice = {
        start: 0,
        n: batch.n,
        input: new Input(batch.input.x.slice(), batch.n, batch.input.d, false),
        y: batch.y.slice()
      }
      const la = stack!.lossAndGrad(batch)
      const lb = generic.lossAndGrad(copy)
      expect(la / lb).toBeCloseTo(1, 12)
      const ga = grads(a),
        gb = grads(b)
      ga.forEach((g, k) => expect(Math.abs(g - gb[k])).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(gb[k]))))
      // every parameter (both layers' Ŵ, M̂ and G) gets a gradient
      for (const p of a.params) expect(Array.from(p.grad).some((g) => g !== 0)).toBe(true)
      a.params.forEach((p, k) => p.value.forEach((_, j) => (p.value[j] = b.params[k].value[j] -= 0.01 * Math.sign(p.grad[j]))))
      a.refresh()
      b.refresh()
    }
    expect(values(a)).toEqual(values(b))
  })

  it('evaluates the fixed sets as the generic path does', () => {
    const { spec, config, a, b } = setup()
    const set = slices(generateData(spec.problem, config, 1).extrap, 127)
    const sa = new Float64Array(1),
      sb = new Float64Array(1)
    naluStackEngine(a, 21)!.squaredErrors(set, sa)
    fusedEngine(b, 21).squaredErrors(set, sb)
    expect(sa[0]).toBe(sb[0])
    expect(sa[0]).toBeGreaterThan(0)
  })

  it('falls back to the generic path for a batch drawn elsewhere; not used for the article NALU, odd widths or JS kernels', () => {
    const { spec, config, a, b } = setup()
    const stack = naluStackEngine(a, 21)!
    const elsewhere = new FreshBatches(spec.problem, config, 21, new Rng(2, STREAM.train)).draw()
    expect(stack.lossAndGrad(elsewhere)).toBe(fusedEngine(b, 21).lossAndGrad(elsewhere))
    expect(grads(a)).toEqual(grads(b))
    expect(naluStackEngine(setup(11).a, 21)).toBeNull()
    expect(naluStackEngine(setup(12, 'article').a, 21)).toBeNull()
    const js = new Model(setup().spec.models[0], 12, 1, new Rng(1, STREAM.init), jsKernels)
    expect(naluStackEngine(js, 21)).toBeNull()
  })

  it('trains deterministically: the same seed gives the same evaluation points and weights, bit for bit', async () => {
    const { spec, config } = setup()
    const job = {
      spec: { ...spec, training: { ...spec.training, iterations: 300, evalEvery: 100 } },
      modelSpec: spec.models[0],
      seed: 1,
      config
    }
    const run = async () => {
      const points: number[][] = []
      const r = await train(job, { onEpoch: (m) => void points.push([m.trainMse, m.interpMse, m.extrapMse]) })
      return { points, weights: r.weights }
    }
    const first = await run()
    const second = await run()
    expect(first.points).toHaveLength(4)
    expect(second.points).toEqual(first.points)
    expect(second.weights).toEqual(first.weights)
  })
})
