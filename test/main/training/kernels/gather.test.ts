import { describe, expect, it, vi } from 'vitest'
import { findPreset } from '../../../../src-main/training/presets'
import { generateConfig } from '../../../../src-main/training/problems'
import { train } from '../../../../src-main/training/trainer/train'
import type { DataSet } from '../../../../src-main/training/problems'
import { createKernels, jsKernels, kernelBytes } from '../../../../src-main/training/kernels'
import { fillLogAbs } from '../../../../src-main/training/models/logAbs'
import { slices } from '../../../../src-main/training/trainer/batches'
import { EpochBatches } from '../../../../src-main/training/trainer/sampler'
import { Rng, STREAM } from '../../../../src-main/training/rng'

/** rows of d values whose every value says where it came from: row·1000 + column (odd d: the module's last-value path) */
function set(n: number, d: number, m: number): DataSet {
  return {
    n,
    inDim: d,
    outDim: m,
    x: Float64Array.from({ length: n * d }, (_, i) => Math.floor(i / d) * 1000 + (i % d) - d / 2),
    y: Float64Array.from({ length: n * m }, (_, i) => -Math.floor(i / m) * 1000 - (i % m))
  }
}

describe('gathering a shuffled batch in the kernels’ memory', () => {
  it('copies the chosen rows, in order, for every row length, and overwrites the last batch', () => {
    const K = createKernels()
    expect(typeof K.gather).toBe('function')
    for (const d of [1, 2, 3, 100, 101]) {
      const s = set(50, d, 1)
      const out = new Float64Array(8 * d)
      const rows = Uint32Array.from([49, 0, 7, 7, 3, 31, 12, 5, 44, 2])
      for (const start of [0, 2]) {
        K.gather!(s.x, d, rows, start, 8, out)
        const want = Array.from(rows.subarray(start, start + 8), (r) => Array.from(s.x.subarray(r * d, (r + 1) * d))).flat()
        expect(Array.from(out)).toEqual(want)
      }
    }
  })

  it('lets a product read the gathered rows in place: the same bits as from a plain copy, batch after batch', () => {
    const K = createKernels()
    const s = set(64, 100, 1)
    const W = Float64Array.from({ length: 10 * 100 }, (_, i) => Math.sin(i))
    const out = new Float64Array(32 * 100)
    const rng = new Rng(3, STREAM.shuffle)
    for (let b = 0; b < 3; b++) {
      const rows = Uint32Array.from({ length: 32 }, () => rng.int(64))
      K.gather!(s.x, 100, rows, 0, 32, out)
      const viaHome = new Float64Array(32 * 10)
      K.gemmNT(out, 32, 100, W, 10, viaHome)
      const viaCopy = new Float64Array(32 * 10)
      K.gemmNT(out.slice(), 32, 100, W, 10, viaCopy)
      expect(Array.from(viaHome)).toEqual(Array.from(viaCopy))
    }
  })

  it('gives EpochBatches the same batches, targets and gathered log transforms as the JS copies', () => {
    const s = set(70, 5, 3)
    const K = createKernels()
    const fixed = slices(s, 16)
    const plain = new EpochBatches(s, 16, fixed, true, false, new Rng(4, STREAM.shuffle))
    const gathered = new EpochBatches(s, 16, fixed, true, false, new Rng(4, STREAM.shuffle), K.gather!.bind(K))
    for (let epoch = 0; epoch < 2; epoch++) {
      plain.shuffle()
      gathered.shuffle()
      for (let b = 0; b < plain.count; b++) {
        const p = plain.batch(b)
        const pL = Array.from(p.input.derived('logabs:1e-7', 1e-7, fillLogAbs).subarray(0, p.n * 5))
        const [px, py] = [Array.from(p.input.x.subarray(0, p.n * 5)), Array.from(p.y.subarray(0, p.n * 3))]
        const g = gathered.batch(b)
        expect(g.n).toBe(p.n)
        expect(Array.from(g.input.x.subarray(0, g.n * 5))).toEqual(px)
        expect(Array.from(g.y.subarray(0, g.n * 3))).toEqual(py)
        expect(Array.from(g.input.derived('logabs:1e-7', 1e-7, fillLogAbs).subarray(0, g.n * 5))).toEqual(pL)
      }
    }
  })

  it('the JS kernels leave gathering to the caller', () => {
    expect('gather' in jsKernels).toBe(false)
  })

  it('sizes a run’s memory for its data sets, both copies of x and log|x|, targets and scratch', () => {
    // the article: 3,000 rows of 100 inputs and 10 outputs, products up to 1,024 rows
    const bytes = kernelBytes(3000, 100, 10, 100, 1024)
    expect(bytes).toBeGreaterThan(8 * 3000 * (4 * 100 + 2 * 10))
    expect(bytes).toBeLessThan(64 * 1024 * 1024)
  })
})

describe('a run’s kernel memory', () => {
  it('is allocated once: training the article’s three models never grows a WebAssembly memory', async () => {
    // growing detaches the old buffer, after which V8 checks every typed-array access for it (kernels/wasm.ts)
    const api = (globalThis as unknown as { WebAssembly: { Memory: { prototype: { grow(pages: number): number } } } }).WebAssembly
    const grow = vi.spyOn(api.Memory.prototype, 'grow')
    try {
      const preset = findPreset('article')!
      const spec = { ...preset.spec, training: { ...preset.spec.training, epochs: 2 } }
      const config = generateConfig(spec.problem, 0)
      for (const modelSpec of spec.models) {
        const r = await train({ spec, modelSpec, seed: 0, config })
        expect(r.status).toBe('completed')
      }
      expect(grow).not.toHaveBeenCalled()
    } finally {
      grow.mockRestore()
    }
  })

  it('is allocated once on the Float32 path too: its float32 copies and panels fit the same budget', async () => {
    const api = (globalThis as unknown as { WebAssembly: { Memory: { prototype: { grow(pages: number): number } } } }).WebAssembly
    const grow = vi.spyOn(api.Memory.prototype, 'grow')
    try {
      const preset = findPreset('article')!
      const spec = { ...preset.spec, training: { ...preset.spec.training, epochs: 2, precision: 'float32' as const } }
      const config = generateConfig(spec.problem, 0)
      for (const modelSpec of spec.models) {
        const r = await train({ spec, modelSpec, seed: 0, config })
        expect(r.status).toBe('completed')
        expect(r.env.backend).toContain('f32')
      }
      // a wide NALU: its element-wise step over a 1,000-row evaluation slice of 60 outputs needs 2.4 MB
      const wide = { ...spec, problem: { ...spec.problem, outDim: 60 }, training: { ...spec.training, epochs: 1 } }
      const nalu = spec.models.find((m) => m.units[0].kind === 'nalu')!
      const r = await train({ spec: wide, modelSpec: nalu, seed: 0, config: generateConfig(wide.problem, 0) })
      expect(r.status).toBe('completed')
      expect(grow).not.toHaveBeenCalled()
    } finally {
      grow.mockRestore()
    }
  })
})
