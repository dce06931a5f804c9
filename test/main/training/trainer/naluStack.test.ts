import { describe, expect, it, vi } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { generateData } from '../../../../src-main/training/problems'
import { jsKernels } from '../../../../src-main/training/kernels'
import { Model } from '../../../../src-main/training/models/model'
import { Input } from '../../../../src-main/training/models/types'
import { Rng, STREAM } from '../../../../src-main/training/rng'
import { slices } from '../../../../src-main/training/trainer/batches'
import { fusedEngine } from '../../../../src-main/training/trainer/fused'
import * as naluStack from '../../../../src-main/training/trainer/naluStack'
import { naluStackEngine } from '../../../../src-main/training/trainer/naluStack'
import { FreshBatches } from '../../../../src-main/training/trainer/sampler'
import { copyOf, grads, trainOnce, trainTwice, twinModels, values } from './engineTwins'

const nalu = (variant: 'paper' | 'article' = 'paper') => ({ kind: 'nalu', variant, init: 'madsen', eps: 1e-7 }) as const

function setup(inDim = 12, variant: 'paper' | 'article' = 'paper', train = { lo: -2, hi: 2 }) {
  const spec = ExperimentSpec.parse({
    name: 'nalu stack',
    problem: {
      kind: 'arithmetic',
      op: 'mul',
      inDim,
      train: { size: 1, range: train },
      interp: { size: 300, range: { lo: 1, hi: 2 } },
      extrap: { size: 300, range: { lo: 2, hi: 6 } }
    },
    models: [{ units: [nalu(variant), nalu(variant)], hidden: 2 }],
    training: { schedule: 'iterations', iterations: 10, batchSize: 21, optimizer: { kind: 'adam', lr: 0.01 } },
    seeds: [1]
  })
  return { spec, ...twinModels(spec, inDim) }
}

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
      const copy = copyOf(batch)
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

  it("gives the generic path's loss and gradients on the paper's U[1, 2] batches, whose logarithms take the near-one path", () => {
    const { spec, config, a, b } = setup(12, 'paper', { lo: 1, hi: 2 })
    const stack = naluStackEngine(a, 21)!
    const generic = fusedEngine(b, 21)
    const batches = new FreshBatches(spec.problem, config, 21, new Rng(3, STREAM.train), true, stack.home.memory)
    for (let i = 0; i < 3; i++) {
      const batch = batches.draw()
      const copy = copyOf(batch)
      expect(stack.lossAndGrad(batch) / generic.lossAndGrad(copy)).toBeCloseTo(1, 12)
      const ga = grads(a),
        gb = grads(b)
      ga.forEach((g, k) => expect(Math.abs(g - gb[k])).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(gb[k]))))
      a.params.forEach((p, k) => p.value.forEach((_, j) => (p.value[j] = b.params[k].value[j] -= 0.01 * Math.sign(p.grad[j]))))
      a.refresh()
      b.refresh()
    }
  })

  it('evaluates the fixed sets as the generic path does (in blocks of the batch size, with the weights of the moment)', () => {
    const { spec, config, a, b } = setup()
    const data = generateData(spec.problem, config, 1)
    for (const [which, rows] of [
      ['extrap', 127],
      ['interp', 21]
    ] as const) {
      const set = slices(data[which], rows)
      const stack = naluStackEngine(a, 21)!,
        generic = fusedEngine(b, 21)
      for (let step = 0; step < 2; step++) {
        const sa = new Float64Array(1),
          sb = new Float64Array(1)
        stack.squaredErrors(set, sa)
        generic.squaredErrors(set, sb)
        expect(sa[0] / sb[0]).toBeCloseTo(1, 12)
        expect(sa[0]).toBeGreaterThan(0)
        // new weights, as after a step: the evaluation must read these, not the last batch's
        a.params.forEach((p, k) => p.value.forEach((_, j) => (p.value[j] = b.params[k].value[j] += 0.05 * Math.sin(j + k))))
        a.refresh()
        b.refresh()
      }
    }
  })

  it('reads a fixed set in place from its own memory once it is resident: the same bits as copying its blocks in', () => {
    const { spec, config, a } = setup()
    const data = generateData(spec.problem, config, 1)
    const stable = slices(data.extrap, 100)
    // the same rows as unstable slices (a batch's kind), which are never kept: copied in for every evaluation
    const unstable = stable.map((s) => ({ ...s, input: new Input(s.input.x, s.n, s.input.d, false) }))
    const stack = naluStackEngine(a, 21)!
    for (let step = 0; step < 3; step++) {
      const kept = new Float64Array(1),
        copied = new Float64Array(1)
      stack.squaredErrors(stable, kept)
      stack.squaredErrors(unstable, copied)
      expect(kept[0]).toBeGreaterThan(0)
      expect(kept[0]).toBe(copied[0])
      a.params.forEach((p, k) => p.value.forEach((_, j) => (p.value[j] += 0.03 * Math.cos(j + k))))
      a.refresh()
    }
    // the rows are copied when the set is made resident: changing them afterwards would not be seen,
    // which is why only stable sets (fixed for the run) are kept
    const before = new Float64Array(1),
      after = new Float64Array(1)
    stack.squaredErrors(stable, before)
    const saved = stable[0].input.x[0]
    stable[0].input.x[0] = 1e3
    stack.squaredErrors(stable, after)
    stable[0].input.x[0] = saved
    expect(after[0]).toBe(before[0])
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

  it('trains as the generic path does through train(), where Adam moves the params after the engine is made', async () => {
    // the optimiser moves every param into its own memory; an engine that kept the second layer's G
    // array from before (round 22's bug) trained with that gate frozen: 12.01 against 12.05 at 100 iterations
    const { spec, config } = setup(12, 'paper', { lo: 1, hi: 2 })
    const run = async () => {
      const r = await trainOnce({ ...spec, training: { ...spec.training, batchSize: 64 } }, config)
      return { points: r.points.flat(), weights: r.weights!.units.flatMap((u) => u.matrices.flatMap((m) => m.data)) }
    }
    const made = vi.spyOn(naluStack, 'naluStackEngine')
    const stacked = await run()
    expect(made.mock.results[0].value).not.toBeNull()
    made.mockReturnValue(null)
    const generic = await run()
    made.mockRestore()
    expect(stacked.points).toHaveLength(12)
    stacked.points.forEach((v, i) => expect(Math.abs(v - generic.points[i])).toBeLessThanOrEqual(1e-8 * Math.abs(generic.points[i])))
    stacked.weights.forEach((v, i) =>
      expect(Math.abs(v - generic.weights[i])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(generic.weights[i])))
    )
  })

  it('trains deterministically: the same seed gives the same evaluation points and weights, bit for bit', async () => {
    const { spec, config } = setup()
    const [first, second] = await trainTwice(spec, config)
    expect(first.points).toHaveLength(4)
    expect(second.points).toEqual(first.points)
    expect(second.weights).toEqual(first.weights)
  })
})
