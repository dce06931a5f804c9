import type { Param } from '../models/types'
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
 * `len` weights refreshed in WebAssembly SIMD on a memory of their own, fixed in size (so W, fa and
 * fb, views on it, stay valid; Ŵ and M̂ are copied in per refresh, 16 bytes a weight), or by the
 * JS twin where a production build fell back to the JS kernels.
 */
export function nacRefresh(len: number): NacRefresh {
  const module = simdModules()?.elementwise
  if (!module || !wasmApi) {
    const [W, fa, fb] = [0, 1, 2].map(() => new Float64Array(len))
    return { W, fa, fb, run: (wh, mh) => refreshJs(wh, mh, W, fa, fb) }
  }
  const data = elementwiseData()
  const even = len + (len & 1)
  const pages = Math.ceil(((data.length + 5 * even) * 8) / 65536)
  const mem = new wasmApi.Memory({ initial: pages, maximum: pages })
  const heap = new Float64Array(mem.buffer)
  heap.set(data)
  const at = (k: number) => data.length + k * even
  const view = (k: number) => new Float64Array(mem.buffer, at(k) * 8, len)
  const kernel = new wasmApi.Instance(module, { env: { mem, exp: Math.exp } }).exports.refresh as Refresh
  const [W, fa, fb] = [2, 3, 4].map(view)
  return {
    W,
    fa,
    fb,
    run(wh, mh) {
      heap.set(wh, at(0))
      heap.set(mh, at(1))
      kernel(at(0) * 8, at(1) * 8, even, 0, at(2) * 8, at(3) * 8, at(4) * 8)
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
