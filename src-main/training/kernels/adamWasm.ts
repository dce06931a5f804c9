import type { Param } from '../models/types'
import { simdModules } from './modules'
import { wasmApi } from './wasmApi'

export interface AdamStep {
  (b1: number, b2: number, stepSize: number, c2: number, eps: number): void
}

/**
 * Moves the params' values and grads into one WebAssembly memory (their Float64Arrays are replaced
 * by views on it, contents kept) and returns the in-place Adam step of adam.wat, which updates them
 * all in one call: `adam` (the JS loop's bits), or with `quotient32` the Float32 path's `adamQ32`
 * (the moments the same, the update's quotient in float32). The memory never grows, so the views
 * stay valid. Null only where a production build fell back to the JS kernels.
 */
export function adoptForAdam(params: Param[], quotient32 = false): AdamStep | null {
  const module = simdModules()?.adam
  if (!module || !wasmApi) return null
  // each parameter starts on a 16-byte boundary; the padding stays 0 and so does its update
  const offsets: number[] = []
  let total = 0
  for (const p of params) {
    offsets.push(total)
    total += p.value.length + (p.value.length & 1)
  }
  // a multiple of four elements, as adamQ32 steps (the padding's updates are 0)
  total += total & 2
  const hpAt = 0,
    base = 8 // elements: 7 hyperparameters, then w, g, m, v
  const bytes = (base + 4 * total) * 8
  const mem = new wasmApi.Memory({ initial: Math.ceil(bytes / 65536) || 1, maximum: Math.ceil(bytes / 65536) || 1 })
  const heap = new Float64Array(mem.buffer)
  const kernel = new wasmApi.Instance(module, { env: { mem } }).exports[quotient32 ? 'adamQ32' : 'adam'] as (
    w: number,
    g: number,
    m: number,
    v: number,
    bytes: number,
    hp: number
  ) => void
  params.forEach((p, i) => {
    const w = new Float64Array(mem.buffer, (base + offsets[i]) * 8, p.value.length)
    const g = new Float64Array(mem.buffer, (base + total + offsets[i]) * 8, p.grad.length)
    w.set(p.value)
    g.set(p.grad)
    p.value = w
    p.grad = g
  })
  const [w, g, m, v] = [0, 1, 2, 3].map((k) => (base + k * total) * 8)
  return (b1, b2, stepSize, c2, eps) => {
    heap.set([b1, 1 - b1, b2, 1 - b2, stepSize, c2, eps], hpAt)
    kernel(w, g, m, v, total * 8, hpAt)
  }
}
