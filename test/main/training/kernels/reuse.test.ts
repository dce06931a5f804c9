import { describe, expect, it } from 'vitest'
import { createKernels, type Kernels } from '../../../../src-main/training/kernels'
import { Rng } from '../../../../src-main/training/rng'

/** The kernels' memory (WasmKernels keeps it private): which one a run got. */
const memoryOf = (K: Kernels): ArrayBuffer => (K as unknown as { mem: { buffer: ArrayBuffer } }).mem.buffer
const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))

const BYTES = 4 * 1024 * 1024

/** An evaluation-like product and a gathered batch's weight gradient on fresh data: what a run pins and reads back. */
function work(K: Kernels, seed: number): Float64Array[] {
  const rng = new Rng(seed, 1)
  const rand = (len: number) => Float64Array.from({ length: len }, () => rng.uniform(-3, 3))
  const [n, k, m] = [200, 100, 10]
  const set = rand(n * k),
    W = rand(m * k)
  K.pin(set)
  const y = new Float64Array(n * m)
  K.gemmNT(set, n, k, W, m, y)
  const rows = Uint32Array.from({ length: 32 }, (_, i) => (i * 37) % n)
  const batch = new Float64Array(32 * k)
  K.gather?.(set, k, rows, 0, 32, batch, false)
  const dW = rand(m * k)
  K.gemmTN?.(rand(32 * m), 32, m, batch, k, dW)
  return [y, dW]
}

describe('a run’s kernel memory serves the next run of the process (WasmKernels.dispose)', () => {
  it('goes to the next kernels of at most its size, which compute what fresh ones do, and to one of them only', () => {
    const first = createKernels('auto', 'float64', BYTES)
    work(first, 1)
    first.dispose?.()
    first.dispose?.()
    const second = createKernels('auto', 'float64', BYTES)
    expect(memoryOf(second)).toBe(memoryOf(first))
    // a second dispose did not hand it out twice: this one is fresh
    const fresh = createKernels('auto', 'float64', BYTES)
    expect(memoryOf(fresh)).not.toBe(memoryOf(first))
    // what the first run left there changes nothing
    const [a, b] = [work(second, 2), work(fresh, 2)]
    a.forEach((v, i) => expect(bits(v)).toEqual(bits(b[i])))
    second.dispose?.()
    fresh.dispose?.()
    // a run that needs more than the kept memories holds gets a memory of its own
    const bigger = createKernels('auto', 'float64', 4 * BYTES)
    expect([memoryOf(first), memoryOf(fresh)]).not.toContain(memoryOf(bigger))
    expect(memoryOf(bigger).byteLength).toBeGreaterThanOrEqual(4 * BYTES)
  })
})
