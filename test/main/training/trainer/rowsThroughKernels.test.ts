import { describe, expect, it, vi } from 'vitest'
import { ExperimentSpec, type ExperimentSpecInput } from '@shared/domain'
import { generateConfig } from '../../../../src-main/training/problems'
import { train } from '../../../../src-main/training/trainer/train'

// the same runs with every batch's rows copied out for JS, as if no unit said it reads them only through the kernels
const forced = vi.hoisted(() => ({ copyRows: false }))
vi.mock('../../../../src-main/training/trainer/fused', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../src-main/training/trainer/fused')>()
  return {
    ...original,
    fusedEngine: (...args: Parameters<typeof original.fusedEngine>) => {
      const engine = original.fusedEngine(...args)
      return forced.copyRows ? { ...engine, rowsThroughKernels: false } : engine
    }
  }
})

type UnitSpecInput = ExperimentSpecInput['models'][number]['units'][number]

const FIRST_UNITS: UnitSpecInput[] = [
  { kind: 'vanilla' },
  { kind: 'linear' },
  { kind: 'mlp', hidden: 3 },
  { kind: 'nac' },
  { kind: 'nac', op: 'mul' },
  { kind: 'nalu', variant: 'paper' },
  { kind: 'nalu', variant: 'article' },
  { kind: 'nau' },
  { kind: 'nmu' },
  { kind: 'inalu' },
  { kind: 'npu' },
  { kind: 'realnpu' }
]

/** Small products (all in JS on the Float64 kernels) by default; `wide`: products the Float64 kernels make in WebAssembly, rows 28–29 of a batch of 30 in JS (an edge). */
function spec(first: UnitSpecInput, precision: 'float64' | 'float32', wide = false) {
  return ExperimentSpec.parse({
    name: 'rows through the kernels',
    problem: {
      kind: 'mystery',
      inDim: wide ? 20 : 6,
      outDim: 2,
      ops: ['add', 'mul'],
      train: { size: wide ? 90 : 48, range: { lo: -2, hi: 2 } },
      interp: { size: 16, range: { lo: -2, hi: 2 } },
      extrap: { size: 16, range: { lo: -4, hi: 4 } }
    },
    // a second unit too: the first one's rows are then still the batch's, and no dL/dx is asked of it
    models: [{ units: [first] }, { units: [first, { kind: 'linear' }], hidden: 4 }],
    training: { epochs: 4, batchSize: wide ? 30 : 8, optimizer: { kind: 'adam', lr: 0.01 }, precision },
    seeds: [3]
  })
}

describe('a unit that reads its rows only through the kernels (Unit.rowsThroughKernels)', () => {
  for (const [precision, wide] of [
    ['float64', false],
    ['float32', false],
    // the Float64 kernels copy a batch's rows out only when an edge of a product reads them in JS
    ['float64', true]
  ] as const)
    for (const first of FIRST_UNITS)
      it(`${first.kind}${'variant' in first ? ` (${first.variant})` : ''}${'op' in first ? ` (${first.op})` : ''}, ${precision}${wide ? ', products with edges' : ''}: shuffled batches without their rows copied out train to the same bits`, async () => {
        const s = spec(first, precision, wide)
        const config = generateConfig(s.problem, 3)
        for (const modelSpec of s.models) {
          forced.copyRows = false
          const fast = await train({ spec: s, modelSpec, seed: 3, config })
          forced.copyRows = true
          const copied = await train({ spec: s, modelSpec, seed: 3, config })
          expect(fast.status).toBe('completed')
          expect(fast.final).toEqual(copied.final)
          expect(fast.weights).toEqual(copied.weights)
        }
      })
})
