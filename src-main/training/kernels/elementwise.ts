import type { Param } from '../models/types'
import { adoptNacParams, NAC_SLOTS } from './adamWasm'
import { elementwiseData, exp, sigmoid, tanh } from './exp'
import { simdModules } from './modules'
import { wasmApi } from './wasmApi'

/** The NAC's weights and their gradient factors, refreshed from Ŵ and M̂ (see NacWeights). */
export interface NacRefresh {
  /** W = tanh(Ŵ)·σ(M̂) */
  readonly W: Float64Array
  /** dW/dŴ = (1 − tanh²Ŵ)·σ(M̂) */
  readonly fa: Float64Array
  /** dW/dM̂ = W·(1 − σ(M̂)) */
  readonly fb: Float64Array
  run(What: Float64Array, Mhat: Float64Array): void
  /** gw += dW·fa and gm += dW·fb, where the implementation has its own (the Float32 path's: refresh32.ts) */
  chain?(dW: Float64Array, gw: Float64Array, gm: Float64Array): void
  /**
   * Where the implementation can keep Ŵ and M̂ itself (the Float32 path's): their values and grads
   * moved into its memory, the params' arrays replaced by views (contents kept), so that run, chain
   * and Adam read them where they are.
   */
  adopt?(What: Param, Mhat: Param): void
  /** a buffer for dL/dW that chain reads in place, where the implementation has one */
  readonly dW?: Float64Array
}

type Refresh = (wh: number, mh: number, count: number, e: number, w: number, fa: number, fb: number) => void

/** The JS twin of elementwise.wat's `refresh`: the same bits. */
export function refreshJs(wh: Float64Array, mh: Float64Array, W: Float64Array, fa: Float64Array, fb: Float64Array): void {
  for (let i = 0; i < wh.length; i++) {
    const t = tanh(wh[i])
    const s = sigmoid(mh[i])
    const y = t * s
    W[i] = y
    fa[i] = (1 - t * t) * s
    fb[i] = y * (1 - s)
  }
}

/**
 * `len` weights refreshed in WebAssembly SIMD on a memory of their own, fixed in size (so W, fa, fb
 * and dW, views on it, stay valid), or by the JS twin where a production build fell back to the JS
 * kernels. `adopt` moves Ŵ and M̂ (values and grads) into this memory, laid out as adam.wat steps
 * them (adamWasm.ts, AdamHome), as the Float32 path's refresh does (refresh32.ts): the refresh then
 * reads them where Adam wrote them instead of copying both in every step (16 bytes a weight, two
 * NACs a step for the article's NALU), and the weight gradient is written to `dW` here, where the
 * chain rule reads it. Ŵ and M̂ that live elsewhere are copied in as before. The same numbers either way.
 */
export function nacRefresh(len: number): NacRefresh {
  const module = simdModules()?.elementwise
  if (!module || !wasmApi) {
    const [W, fa, fb] = [0, 1, 2].map(() => new Float64Array(len))
    return { W, fa, fb, run: (wh, mh) => refreshJs(wh, mh, W, fa, fb) }
  }
  const data = elementwiseData()
  // a multiple of 4 weights a slot (Adam's steps; the padding stays 0, its refresh is never read)
  const P = Math.ceil(len / 4) * 4
  const base = Math.ceil(data.length / 4) * 4
  // NAC_SLOTS in units of P after the exp's data
  const slot = NAC_SLOTS
  const pages = Math.ceil(((base + 12 * P + 8) * 8) / 65536)
  const mem = new wasmApi.Memory({ initial: pages, maximum: pages })
  const heap = new Float64Array(mem.buffer)
  heap.set(data)
  const at = (k: number) => base + k * P
  const view = (k: number) => new Float64Array(mem.buffer, at(k) * 8, len)
  /** where `a` is in this memory: in place if it lives here (adopted), else copied to its slot */
  const here = (a: Float64Array, k: number): number => {
    if (a.buffer === mem.buffer) return a.byteOffset
    heap.set(a.length === len ? a : a.subarray(0, len), at(k))
    return at(k) * 8
  }
  const kernel = new wasmApi.Instance(module, { env: { mem, exp: Math.exp } }).exports.refresh as Refresh
  return {
    W: view(slot.W),
    fa: view(slot.fa),
    fb: view(slot.fb),
    dW: view(slot.dW),
    adopt(What, Mhat) {
      adoptNacParams(mem, What, Mhat, len, (k) => at(k) * 8)
    },
    run(wh, mh) {
      kernel(here(wh, slot.What), here(mh, slot.Mhat), len + (len & 1), 0, at(slot.W) * 8, at(slot.fa) * 8, at(slot.fb) * 8)
    }
  }
}

/** The JS twin of elementwise.wat's `naluMix`. */
export function naluMixJs(ag: Float64Array, m: Float64Array, n: number, O: number, g: Float64Array, y: Float64Array): void {
  const O2 = 2 * O
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < O; o++) {
      const i = r * O + o
      const gate = sigmoid(ag[r * O2 + O + o])
      const mv = exp(m[i])
      m[i] = mv
      g[i] = gate
      y[i] = gate * ag[r * O2 + o] + (1 - gate) * mv
    }
  }
}
