import { describe, expect, it } from 'vitest'
import { ModelSpec } from '@shared/domain'
import { jsKernels } from '../../../../src-main/training/kernels'
import { Model } from '../../../../src-main/training/models/model'
import { sparsityWeight } from '../../../../src-main/training/models/sparsity'
import { Rng } from '../../../../src-main/training/rng'

describe('the sparsity regulariser', () => {
  it('is λ̂·clamp((t − start)/(end − start), 0, 1) at chosen steps: the NMU’s 10 from 10⁶ to 2·10⁶', () => {
    const s = { lambda: 10, start: 1_000_000, end: 2_000_000 }
    expect([0, 1000, 999_999, 1_000_000, 1_250_000, 1_500_000, 2_000_000, 5_000_000].map((t) => sparsityWeight(s, t))).toEqual([
      0, 0, 0, 0, 2.5, 5, 10, 10
    ])
  })

  it('and the NAU’s 0.01 from 5·10³ to 5·10⁴', () => {
    const s = { lambda: 0.01, start: 5000, end: 50_000 }
    expect(sparsityWeight(s, 4999)).toBe(0)
    expect(sparsityWeight(s, 27_500)).toBeCloseTo(0.005, 15)
    expect(sparsityWeight(s, 50_000)).toBe(0.01)
  })

  it('adds λ(t)·∂R/∂W with R = mean(min(|W|, 1 − |W|)), NAU and NMU alike, nothing before the warm-up', () => {
    const spec = ModelSpec.parse({
      units: [
        { kind: 'nau', sparsity: { lambda: 2, start: 10, end: 20 } },
        { kind: 'nmu', sparsity: { lambda: 2, start: 10, end: 20 } }
      ],
      hidden: 2
    })
    const model = new Model(spec, 2, 1, new Rng(0), jsKernels)
    model.params[0].value.set([0.2, -0.9, 0.6, 0])
    model.params[1].value.set([0.3, 0.8])
    model.zeroGrad()
    expect(model.regularize(9)).toBe(0)
    expect(Array.from(model.params[0].grad)).toEqual([0, 0, 0, 0])
    // t = 15: λ = 1; R_NAU = (0.2 + 0.1 + 0.4 + 0)/4, R_NMU = (0.3 + 0.2)/2
    expect(model.regularize(15)).toBeCloseTo(0.7 / 4 + 0.5 / 2, 15)
    expect(Array.from(model.params[0].grad)).toEqual([0.25, 0.25, -0.25, 0])
    expect(Array.from(model.params[1].grad)).toEqual([0.5, -0.5])
  })

  it('measures the sparsity error as max min(|W|, |1 − |W||) over the discrete weights', () => {
    const spec = ModelSpec.parse({ units: [{ kind: 'nau' }, { kind: 'nmu' }], hidden: 2 })
    const model = new Model(spec, 2, 1, new Rng(0), jsKernels)
    model.params[0].value.set([1, -1, 0, -0.97])
    model.params[1].value.set([0.999, 0.01])
    expect(model.sparsityError()).toBeCloseTo(0.03, 15)
    expect(new Model(ModelSpec.parse({ units: [{ kind: 'npu' }] }), 2, 1, new Rng(0), jsKernels).sparsityError()).toBeNull()
  })
})
