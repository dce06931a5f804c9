import { adoptNacParams, NAC_SLOTS } from './adamWasm'
import type { NacRefresh } from './elementwise'
import type { WasmModule } from './wasmApi'
import { wasmApi } from './wasmApi'

type Refresh = (wh: number, mh: number, count: number, w: number, fa: number, fb: number) => void
type Chain = (dw: number, fa: number, fb: number, gw: number, gm: number, count: number) => void

/**
 * The Float32 path's NAC refresh: W = tanh(Ŵ)·σ(M̂) and its gradient factors computed in float32
 * precision, eight weights a step (convert32.wat's nacRefresh), where the Float64 refresh spends
 * most of a large NALU's element-wise time on its double-precision exp. Ŵ and M̂ stay Float64 master
 * weights (Adam updates them in Float64); only W, which the products round to float32 anyway, and
 * the factors the chain rule multiplies by carry float32 rounding: each within a few float32 ulps
 * (refresh32.test.ts holds them to 2⁻²⁰ relative of the Float64 refresh). Its own memory, fixed in
 * size, so W, fa and fb stay valid views (the products read W as an ordinary Float64Array).
 * The chain rule runs there too, in Float64 with the JS loop's bits.
 *
 * `adopt` moves Ŵ and M̂ (values and grads) into this memory, laid out for Adam (adamWasm.ts,
 * AdamHome), and `dW` is a gradient buffer here: then neither the refresh nor the chain rule copies
 * anything. Copying five 400 KB arrays in and two out was a fifth of a large NAC's refresh and
 * chain time (86 of 384 µs a step; a large NALU's: 0.32 ms a step). Arrays that live elsewhere are
 * still copied in (and the gradients back).
 */
export function nacRefresh32(module: WasmModule, len: number): NacRefresh {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  // a multiple of 8 weights (two quads a step); the padding (zeros) refreshes to harmless values never read
  const P = Math.ceil(len / 8) * 8
  // NAC_SLOTS in units of P
  const slot = NAC_SLOTS
  const pages = Math.ceil(((12 * P + 8) * 8) / 65536)
  const mem = new wasmApi.Memory({ initial: pages, maximum: pages })
  const heap = new Float64Array(mem.buffer)
  const exports = new wasmApi.Instance(module, { env: { mem } }).exports
  const kernel = exports.nacRefresh as Refresh,
    nacChain = exports.nacChain as Chain
  const byte = (k: number) => k * P * 8
  const view = (k: number) => new Float64Array(mem.buffer, byte(k), len)
  /** where `a` is in this memory: in place if it lives here, else copied to its slot */
  const here = (a: Float64Array, k: number): number => {
    if (a.buffer === mem.buffer) return a.byteOffset
    heap.set(a.length === len ? a : a.subarray(0, len), k * P)
    return byte(k)
  }
  const back = (a: Float64Array, at: number): void => {
    if (a.buffer !== mem.buffer) a.set(heap.subarray(at / 8, at / 8 + len))
  }
  return {
    W: view(slot.W),
    fa: view(slot.fa),
    fb: view(slot.fb),
    dW: view(slot.dW),
    adopt(What, Mhat) {
      adoptNacParams(mem, What, Mhat, len, byte)
    },
    run(wh, mh) {
      kernel(here(wh, slot.What), here(mh, slot.Mhat), P, byte(slot.W), byte(slot.fa), byte(slot.fb))
    },
    chain(dW, gw, gm) {
      const w = here(gw, slot.gW),
        m = here(gm, slot.gM)
      nacChain(here(dW, slot.dW), byte(slot.fa), byte(slot.fb), w, m, P)
      back(gw, w)
      back(gm, m)
    }
  }
}
