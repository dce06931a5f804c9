import { describe, expect, it, vi } from 'vitest'
import { ExperimentSpec, Optimizer } from '@shared/domain'
import { createKernels } from '../../../../src-main/training/kernels'
import { Wasm32Kernels } from '../../../../src-main/training/kernels/wasm32'
import { param, type Param } from '../../../../src-main/training/models/types'
import { createOptimiser } from '../../../../src-main/training/optim'
import { generateConfig } from '../../../../src-main/training/problems'
import { Rng } from '../../../../src-main/training/rng'
import { train } from '../../../../src-main/training/trainer/train'

const rng = new Rng(11, 2)
const rand = (len: number, lo = -1, hi = 1) => Float64Array.from({ length: len }, () => rng.uniform(lo, hi))

/** A param with random values and grads, and a twin holding copies of them that nothing hosts. */
function twins(name: string, rows: number, cols: number): [Param, Param] {
  const p = param(name, rows, cols),
    q = param(name, rows, cols)
  p.value.set(rand(rows * cols))
  p.grad.set(rand(rows * cols))
  q.value.set(p.value)
  q.grad.set(p.grad)
  return [p, q]
}

const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b))

// odd sizes: edge rows and columns, an inner length that is not a multiple of 8, a bias of odd length
const [n, k, m] = [13, 37, 5]

describe('params hosted in the Float32 kernels’ memory (Kernels.hostParams)', () => {
  it('are read and written in place by every product, with the numbers of params that live elsewhere', () => {
    const K = createKernels('auto', 'float32')
    const [W, Wc] = twins('W', m, k),
      [b, bc] = twins('b', m, 1)
    K.hostParams!([W, b])
    expect(W.value.buffer).not.toBe(Wc.value.buffer)
    expect(W.value.buffer).toBe(b.grad.buffer)
    same(W.value, Wc.value)
    same(b.grad, bc.grad)

    const A = rand(n * k, -10, 10),
      D = rand(n * m)
    const run = (w: Param, C: Float64Array) => {
      K.gemmNT(A, n, k, w.value, m, C)
      K.gemmTNAcc(D, n, m, A, k, w.grad)
      const dx = new Float64Array(n * k)
      K.gemmNN(D, n, m, w.value, k, dx)
      return dx
    }
    const [y, yc] = [new Float64Array(n * m), new Float64Array(n * m)]
    same(run(W, y), run(Wc, yc))
    same(y, yc)
    same(W.grad, Wc.grad)
    // the gradient overwritten, old values never read
    K.gemmTN!(D, n, m, A, k, W.grad)
    K.gemmTN!(D, n, m, A, k, Wc.grad)
    same(W.grad, Wc.grad)
  })

  it('are stepped by Adam where they are, with the numbers Adam gives params in its own memory', () => {
    const K = createKernels('auto', 'float32')
    const [W, Wc] = twins('W', m, k),
      [b, bc] = twins('b', m, 1)
    K.hostParams!([W, b])
    const home = W.value.buffer
    const spec = Optimizer.parse({ kind: 'adam', lr: 0.01 })
    const hosted = createOptimiser(spec, [W, b], true, true),
      moved = createOptimiser(spec, [Wc, bc], true, true)
    for (let t = 0; t < 3; t++) {
      hosted.step()
      moved.step()
    }
    expect(W.value.buffer).toBe(home)
    same(W.value, Wc.value)
    same(b.value, bc.value)
  })

  it('follow the memory when it grows: views on the new buffer, values kept, products and Adam still right', () => {
    // a small budget, so that a large product's scratch outgrows it
    const K = createKernels('auto', 'float32', 16 * 65536)
    const [W, Wc] = twins('W', m, k)
    K.hostParams!([W])
    const spec = Optimizer.parse({ kind: 'adam', lr: 0.01 })
    const hosted = createOptimiser(spec, [W], true, true),
      moved = createOptimiser(spec, [Wc], true, true)
    hosted.step()
    moved.step()
    const before = W.value
    const rows = 4096,
      A = rand(rows * k)
    const [y, yc] = [new Float64Array(rows * m), new Float64Array(rows * m)]
    K.gemmNT(A, rows, k, W.value, m, y)
    expect(before.byteLength).toBe(0) // detached by the grow
    expect(W.value.byteLength).toBe(m * k * 8)
    K.gemmNT(A, rows, k, Wc.value, m, yc)
    same(y, yc)
    hosted.step()
    moved.step()
    same(W.value, Wc.value)
    const D = rand(rows * m)
    K.gemmTNAcc(D, rows, m, A, k, W.grad)
    K.gemmTNAcc(D, rows, m, A, k, Wc.grad)
    same(W.grad, Wc.grad)
  })

  it('leave a NAC’s Ŵ and M̂ in their refresh’s memory', () => {
    const K = createKernels('auto', 'float32')
    const r = K.nacRefresh!(m * k)
    const [What] = twins('What', m, k),
      [Mhat] = twins('Mhat', m, k),
      [G] = twins('G', m, k)
    r.adopt!(What, Mhat)
    const refreshMemory = What.value.buffer
    K.hostParams!([What, Mhat, G])
    expect(What.value.buffer).toBe(refreshMemory)
    expect(Mhat.value.buffer).toBe(refreshMemory)
    expect(G.value.buffer).not.toBe(refreshMemory)
  })

  it('train a dense model to the same bits as when they stay in Adam’s own memory', async () => {
    const spec = ExperimentSpec.parse({
      name: 'hosted params',
      problem: {
        kind: 'mystery',
        inDim: 30,
        outDim: 7,
        ops: ['add', 'sub', 'mul'],
        train: { size: 96, range: { lo: -10, hi: 10 } },
        interp: { size: 40, range: { lo: -10, hi: 10 } },
        extrap: { size: 40, range: { lo: -50, hi: 50 } }
      },
      models: [{ units: [{ kind: 'vanilla' }] }, { units: [{ kind: 'nalu', variant: 'article' }] }],
      training: { epochs: 5, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 }, precision: 'float32' },
      seeds: [4]
    })
    const config = generateConfig(spec.problem, 4)
    const host = vi.spyOn(Wasm32Kernels.prototype, 'hostParams')
    for (const modelSpec of spec.models) {
      const job = { spec, modelSpec, seed: 4, config }
      const hosted = await train(job)
      expect(host).toHaveBeenCalled()
      host.mockImplementationOnce(() => {})
      const apart = await train(job)
      expect(hosted.status).toBe('completed')
      expect(hosted.final).toEqual(apart.final)
      expect(hosted.weights).toEqual(apart.weights)
    }
    host.mockRestore()
  })
})
