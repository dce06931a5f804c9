import { describe, expect, it } from 'vitest'
import { ArithmeticProblem, ExperimentSpec, type GeneratedConfig } from '@shared/domain'
import { generateConfig, type DataSet } from '../../../../src-main/training/problems'
import { fillLogAbs } from '../../../../src-main/training/models/logAbs'
import { slices } from '../../../../src-main/training/trainer/batches'
import { checkBatches, EpochBatches, FreshBatches } from '../../../../src-main/training/trainer/sampler'
import { UniformStream } from '../../../../src-main/training/trainer/uniform'
import { Rng, STREAM } from '../../../../src-main/training/rng'

const problem = ArithmeticProblem.parse({
  kind: 'arithmetic',
  op: 'sub',
  train: { size: 10, range: { lo: 1, hi: 2 } },
  interp: { size: 10, range: { lo: 1, hi: 2 } },
  extrap: { size: 10, range: { lo: 2, hi: 6 } }
})
const config = generateConfig(problem, 5) as Extract<GeneratedConfig, { kind: 'subsets' }>

describe('fresh batches (iterations schedule)', () => {
  it('draws new rows from the training range every time, with their targets', () => {
    const b = new FreshBatches(problem, config, 128, new Rng(5, STREAM.train))
    const first = Array.from(b.draw().input.x)
    const s = b.draw()
    expect(s.n).toBe(128)
    expect(Array.from(s.input.x)).not.toEqual(first)
    expect(Math.min(...s.input.x)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...s.input.x)).toBeLessThan(2)
    const sum = (r: number, [a, e]: readonly [number, number]) => s.input.x.slice(r * 100 + a, r * 100 + e).reduce((x, y) => x + y, 0)
    for (const r of [0, 57, 127]) expect(s.y[r]).toBeCloseTo(sum(r, config.a) - sum(r, config.b), 12)
    expect(s.input.stable).toBe(false)
  })

  it('computes the subset targets in WebAssembly as computeTargets does, to the bit, for every op and uneven subsets', () => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      for (const [a, b] of [
        [config.a, config.b],
        [
          [0, 7],
          [3, 6]
        ],
        [
          [4, 5],
          [1, 10]
        ]
      ] as const) {
        const c = { kind: 'subsets', inDim: a === config.a ? 100 : 10, op, a, b } as Extract<GeneratedConfig, { kind: 'subsets' }>
        const wasm = new FreshBatches({ ...problem, op }, c, 33, new Rng(4, STREAM.train))
        const js = new FreshBatches({ ...problem, op }, c, 33, new Rng(4, STREAM.train), false)
        for (let k = 0; k < 2; k++) {
          const s = wasm.draw(),
            t = js.draw()
          expect(Array.from(s.input.x)).toEqual(Array.from(t.input.x))
          expect(Array.from(s.y)).toEqual(Array.from(t.y))
        }
      }
    }
  })

  it('is the same stream for the same seed', () => {
    const a = new FreshBatches(problem, config, 4, new Rng(9, STREAM.train))
    const b = new FreshBatches(problem, config, 4, new Rng(9, STREAM.train))
    a.draw()
    b.draw()
    expect(Array.from(a.draw().input.x)).toEqual(Array.from(b.draw().input.x))
  })
})

describe('epoch batches', () => {
  const n = 10
  const set: DataSet = {
    n,
    inDim: 1,
    outDim: 1,
    x: Float64Array.from({ length: n }, (_, i) => i),
    y: Float64Array.from({ length: n }, (_, i) => 100 + i)
  }
  const rows = (b: EpochBatches) =>
    Array.from({ length: b.count }, (_, i) => Array.from(b.batch(i).input.x.subarray(0, b.batch(i).n))).flat()

  it('reshuffles the rows every epoch, each row once, targets kept with their rows, short last batch dropped', () => {
    const b = new EpochBatches(set, 4, slices(set, 4), true, true, new Rng(1, STREAM.shuffle))
    expect(b.count).toBe(2)
    b.shuffle()
    const e1 = rows(b)
    b.shuffle()
    const e2 = rows(b)
    expect(e1).toHaveLength(8)
    expect(new Set(e1).size).toBe(8)
    expect(e1).not.toEqual(e2)
    const batch = b.batch(0)
    for (let r = 0; r < batch.n; r++) expect(batch.y[r]).toBe(batch.input.x[r] + 100)
  })

  it("gives a shuffled batch the log transform of its own rows, gathered from the whole set's", () => {
    const wide: DataSet = {
      n: 40,
      inDim: 3,
      outDim: 1,
      x: Float64Array.from({ length: 120 }, (_, i) => (i % 7) - 3.5 + i / 50),
      y: new Float64Array(40)
    }
    const b = new EpochBatches(wide, 8, slices(wide, 8), true, true, new Rng(2, STREAM.shuffle))
    for (let epoch = 0; epoch < 2; epoch++) {
      b.shuffle()
      for (let k = 0; k < b.count; k++) {
        const batch = b.batch(k)
        const L = batch.input.derived('logabs:1e-7', 1e-7, fillLogAbs)
        const own = new Float64Array(batch.n * 3)
        fillLogAbs(batch.input.x, own, batch.n * 3, 1e-7, false)
        expect(Array.from(L.subarray(0, batch.n * 3))).toEqual(Array.from(own))
      }
    }
  })

  it('keeps the data’s order without shuffling, and the short last batch without dropLast', () => {
    const b = new EpochBatches(set, 4, slices(set, 4), false, false, new Rng(1, STREAM.shuffle))
    b.shuffle()
    expect(b.count).toBe(3)
    expect(rows(b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('refuses a training set smaller than one batch when the last short batch is dropped', () => {
    expect(() => new EpochBatches(set, 16, slices(set, 16), true, true, new Rng(1, 6))).toThrow(/10 rows, fewer than one batch of 16/)
  })
})

describe('the batch stream', () => {
  it('gives the same values in WebAssembly SIMD and in JS, uniform on [lo, hi)', () => {
    const wasm = new UniformStream(1000, new Rng(3, STREAM.train))
    const js = new UniformStream(1000, new Rng(3, STREAM.train), false)
    for (let k = 0; k < 3; k++) expect(Array.from(wasm.next(1, 2))).toEqual(Array.from(js.next(1, 2)))
    const v = wasm.next(2, 6)
    expect(Math.min(...v)).toBeGreaterThanOrEqual(2)
    expect(Math.max(...v)).toBeLessThan(6)
    const mean = v.reduce((a, b) => a + b, 0) / v.length
    expect(Math.abs(mean - 4)).toBeLessThan(0.15)
  })

  it('has different streams for different seeds', () => {
    const a = new UniformStream(16, new Rng(1, STREAM.train)).next(0, 1)
    const b = new UniformStream(16, new Rng(2, STREAM.train)).next(0, 1)
    expect(Array.from(a)).not.toEqual(Array.from(b))
  })
})

describe('checkBatches', () => {
  it('refuses an epochs schedule whose only batch would be dropped, naming the field', () => {
    const spec = ExperimentSpec.parse({
      name: 'x',
      problem: {
        kind: 'mystery',
        inDim: 2,
        outDim: 1,
        ops: ['add'],
        train: { size: 10, range: { lo: 0, hi: 1 } },
        interp: { size: 10, range: { lo: 0, hi: 1 } },
        extrap: { size: 10, range: { lo: 0, hi: 1 } }
      },
      models: [{ units: [{ kind: 'nau' }] }],
      training: { batchSize: 32, optimizer: { kind: 'adam' } },
      seeds: [0]
    })
    expect(() => checkBatches(spec)).toThrow(expect.objectContaining({ field: 'training.batchSize' }))
    expect(() => checkBatches({ ...spec, training: { ...spec.training, dropLast: false } })).not.toThrow()
    expect(() => checkBatches({ ...spec, training: { ...spec.training, schedule: 'iterations' } })).not.toThrow()
  })
})
