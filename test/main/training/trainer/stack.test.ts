import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { generateData } from '../../../../src-main/training/problems'
import { createKernels } from '../../../../src-main/training/kernels'
import { Model } from '../../../../src-main/training/models/model'
import { Rng, STREAM } from '../../../../src-main/training/rng'
import { slices } from '../../../../src-main/training/trainer/batches'
import { fusedEngine } from '../../../../src-main/training/trainer/fused'
import { FreshBatches } from '../../../../src-main/training/trainer/sampler'
import { stackEngine } from '../../../../src-main/training/trainer/stack'
import { copyOf, grads, trainTwice, twinModels, values } from './engineTwins'

const sparse = { lambda: 0.01, start: 0, end: 1 }

function setup(second: 'nau' | 'nmu', inDim = 12, op: 'add' | 'mul' = 'mul') {
  const spec = ExperimentSpec.parse({
    name: 'stack',
    problem: {
      kind: 'arithmetic',
      op,
      inDim,
      train: { size: 1, range: { lo: 1, hi: 2 } },
      interp: { size: 300, range: { lo: 1, hi: 2 } },
      extrap: { size: 300, range: { lo: 2, hi: 6 } }
    },
    models: [
      {
        units: [
          { kind: 'nau', sparsity: sparse },
          { kind: second, sparsity: sparse }
        ],
        hidden: 2
      }
    ],
    training: { schedule: 'iterations', iterations: 10, batchSize: 21, optimizer: { kind: 'adam', lr: 0.01 } },
    seeds: [1]
  })
  return { spec, ...twinModels(spec, inDim) }
}

describe('the stack kernel (NAU → NAU / NMU in one WebAssembly pass)', () => {
  for (const second of ['nau', 'nmu'] as const) {
    it(`gives the generic path's loss and gradients for NAU → ${second.toUpperCase()}, reading the batch where it was drawn`, () => {
      const { spec, config, a, b } = setup(second)
      const stack = stackEngine(a, 21)
      expect(stack).not.toBeNull()
      const generic = fusedEngine(b, 21)
      const batches = new FreshBatches(spec.problem, config, 21, new Rng(1, STREAM.train), true, stack!.home.memory)
      for (let i = 0; i < 3; i++) {
        const batch = batches.draw()
        // the generic path gets its own copy of the rows: the stack must not need them moved
        const copy = copyOf(batch)
        const la = stack!.lossAndGrad(batch)
        const lb = generic.lossAndGrad(copy)
        expect(la / lb).toBeCloseTo(1, 12)
        const ga = grads(a),
          gb = grads(b)
        ga.forEach((g, k) => expect(Math.abs(g - gb[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(gb[k]))))
        expect(ga.some((g) => g !== 0)).toBe(true)
        // the same small step on both (sign descent: equal whatever the gradients' last bits)
        a.params.forEach((p, k) => p.value.forEach((_, j) => (p.value[j] = b.params[k].value[j] -= 0.01 * Math.sign(p.grad[j]))))
      }
      expect(values(a)).toEqual(values(b))
    })

    it(`evaluates the fixed sets as the generic path does (NAU → ${second.toUpperCase()}), batch by batch`, () => {
      const { spec, config, a, b } = setup(second)
      const data = generateData(spec.problem, config, 1)
      const set = slices(data.extrap, 127)
      const sa = new Float64Array(1),
        sb = new Float64Array(1)
      stackEngine(a, 21)!.squaredErrors(set, sa)
      fusedEngine(b, 21).squaredErrors(set, sb)
      expect(sa[0] / sb[0]).toBeCloseTo(1, 12)
      expect(sa[0]).toBeGreaterThan(0)
    })
  }

  it('falls back to the generic path for a batch drawn elsewhere, and is not used for other models or odd widths', () => {
    const { spec, config, a, b } = setup('nau')
    const stack = stackEngine(a, 21)!
    const elsewhere = new FreshBatches(spec.problem, config, 21, new Rng(2, STREAM.train)).draw()
    expect(stack.lossAndGrad(elsewhere)).toBe(fusedEngine(b, 21).lossAndGrad(elsewhere))
    expect(grads(a)).toEqual(grads(b))
    expect(stackEngine(setup('nau', 10).a, 20)).toBeNull()
    const nalu = new Model(
      {
        units: [
          { kind: 'nalu', variant: 'paper', init: 'glorot', eps: 1e-7 },
          { kind: 'nau', sparsity: sparse }
        ],
        hidden: 2
      } as never,
      12,
      1,
      new Rng(1, STREAM.init),
      createKernels()
    )
    expect(stackEngine(nalu, 20)).toBeNull()
  })

  it('trains deterministically: the same seed gives the same evaluation points and weights, bit for bit', async () => {
    const { spec, config } = setup('nmu')
    const [a, b] = await trainTwice(spec, config)
    expect(a.points).toHaveLength(4)
    expect(b.points).toEqual(a.points)
    expect(b.weights).toEqual(a.weights)
  })
})
