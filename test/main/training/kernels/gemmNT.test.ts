import { describe, expect, it } from 'vitest'
import gemmNT from '../../../../src-main/training/kernels/gemmNT.wat'

/** The same sums as the kernel: even and odd k in two lanes, added last (so equality is exact). */
function lanes(A: Float64Array, n: number, k: number, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(n * m)
  for (let r = 0; r < n; r++)
    for (let o = 0; o < m; o++) {
      let s0 = 0,
        s1 = 0
      for (let j = 0; j < k; j += 2) {
        s0 += A[r * k + j] * B[o * k + j]
        s1 += A[r * k + j + 1] * B[o * k + j + 1]
      }
      C[r * m + o] = s0 + s1
    }
  return C
}

// the Node-side config has no DOM lib, where WebAssembly's types live
const api = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (d: { initial: number }) => { buffer: ArrayBuffer }
      Instance: new (m: unknown, i: object) => { exports: Record<string, unknown> }
      Module: new (b: Uint8Array) => unknown
    }
  }
).WebAssembly

describe('gemmNT.wat, loading the next block of A ahead', () => {
  // m ≥ 8 takes the loads ahead; m 2 and 6 do not; n 4 has no next block, n 8 one, n 12 two
  for (const [n, k, m] of [
    [4, 16, 8],
    [8, 100, 20],
    [12, 100, 10],
    [16, 2, 8],
    [40, 50, 6],
    [8, 30, 2]
  ])
    it(`${n}×${k} by ${m}×${k} with A ending where the memory ends: the exact sums, no load past A`, () => {
      const mem = new api.Memory({ initial: 1 })
      const heap = new Float64Array(mem.buffer)
      const kernel = new api.Instance(new api.Module(gemmNT), { env: { mem } }).exports.gemmNT as (...a: number[]) => void
      const A = heap.subarray(heap.length - n * k),
        B = heap.subarray(0, m * k),
        at = (a: Float64Array) => a.byteOffset
      let x = 0.37
      const next = () => (x = (x * 7.31 + 0.11) % 2) - 1
      for (let i = 0; i < A.length; i++) A[i] = next()
      for (let i = 0; i < B.length; i++) B[i] = next()
      const C = heap.subarray(m * k, m * k + n * m)
      // a load past A's last row would leave the memory: a trap, not a silent read
      kernel(at(A), n, k, at(B), m, at(C), m)
      expect(Array.from(C)).toEqual(Array.from(lanes(A, n, k, B, m)))
    })
})
