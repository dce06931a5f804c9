import type { NacRefresh } from './elementwise'
import type { WasmModule } from './wasmApi'
import { wasmApi } from './wasmApi'

type Refresh = (wh: number, mh: number, count: number, w: number, fa: number, fb: number) => void
type Chain = (dw: number, fa: number, fb: number, gw: number, gm: number, count: number) => void

/**
 * The Float32 path's NAC refresh: W = tanh(Ŵ)·σ(M̂) and its gradient factors computed in float32
 * precision, four weights a step (convert32.wat's nacRefresh), where the Float64 refresh spends
 * most of a large NALU's element-wise time on its double-precision exp. Ŵ and M̂ stay Float64 master
 * weights (Adam updates them in Float64); only W, which the products round to float32 anyway, and
 * the factors the chain rule multiplies by carry float32 rounding: each within a few float32 ulps
 * (refresh32.test.ts holds them to 2⁻²⁰ relative of the Float64 refresh). Its own memory, fixed in
 * size, so W, fa and fb stay valid views (the products read W as an ordinary Float64Array).
 * The chain rule runs there too, in Float64 with the JS loop's bits: copying dW and the two
 * gradients in and out and one SIMD pass cost half the JS loop over five arrays (large NALU).
 */
export function nacRefresh32(module: WasmModule, len: number): NacRefresh {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  // a multiple of 4 weights a step; the padding (zeros) refreshes to harmless values never read
  const padded = Math.ceil(len / 4) * 4
  const pages = Math.ceil((8 * padded * 8) / 65536)
  const mem = new wasmApi.Memory({ initial: pages, maximum: pages })
  const heap = new Float64Array(mem.buffer)
  const exports = new wasmApi.Instance(module, { env: { mem } }).exports
  const kernel = exports.nacRefresh as Refresh,
    nacChain = exports.nacChain as Chain
  const at = (k: number) => k * padded
  const [W, fa, fb] = [2, 3, 4].map((k) => new Float64Array(mem.buffer, at(k) * 8, len))
  return {
    W,
    fa,
    fb,
    run(wh, mh) {
      heap.set(wh.length === len ? wh : wh.subarray(0, len), at(0))
      heap.set(mh.length === len ? mh : mh.subarray(0, len), at(1))
      kernel(0, at(1) * 8, padded, at(2) * 8, at(3) * 8, at(4) * 8)
    },
    chain(dW, gw, gm) {
      // [dW | gw | gm] at 5, 6, 7; the padding past len is never copied out
      heap.set(dW.length === len ? dW : dW.subarray(0, len), at(5))
      heap.set(gw.length === len ? gw : gw.subarray(0, len), at(6))
      heap.set(gm.length === len ? gm : gm.subarray(0, len), at(7))
      nacChain(at(5) * 8, at(3) * 8, at(4) * 8, at(6) * 8, at(7) * 8, padded)
      gw.set(heap.subarray(at(6), at(6) + len))
      gm.set(heap.subarray(at(7), at(7) + len))
    }
  }
}
