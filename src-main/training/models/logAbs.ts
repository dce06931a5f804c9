import { wasmApi, type WasmMemory } from '../kernels/wasmApi'
import logAbsWat from './logAbs.wat'

/*
 * log(|x| + ε) for the log-space units (NAC•, NALU), the hot spot of a fresh-batch NALU run: 12,800
 * logarithms per iteration. fdlibm's __ieee754_log — the algorithm and constants behind V8's
 * Math.log — vectorised in WebAssembly SIMD (logAbs.wat), with Math.log itself where there is no
 * WebAssembly. logFdlibm below is the same algorithm in scalar JS: the SIMD loop's fallback for the
 * arguments fdlibm treats apart. test/main/training/models/logAbs.test.ts holds all three to the
 * same bits on a sweep, so a run's numbers do not depend on which one computed them.
 */

const LG = [
  6.66666666666673513e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1,
  1.531383769920937332e-1, 1.479819860511658591e-1
] as const
const LN2_HI = 6.9314718036912381649e-1
const LN2_LO = 1.90821492927058770002e-10
const word = new Float64Array(1)
const half = new Int32Array(word.buffer)
/** the high 32 bits' index in `half` (little-endian everywhere Node runs) */
const HI = 1

/** fdlibm's log in JS; the cases it treats apart (0, subnormal, ∞, NaN, |f| < 2⁻²⁰) go to Math.log. */
export function logFdlibm(x: number): number {
  word[0] = x
  let hx = half[HI]
  if (hx < 0x00100000 || hx >= 0x7ff00000) return Math.log(x)
  let k = (hx >> 20) - 1023
  hx &= 0x000fffff
  const i0 = (hx + 0x95f64) & 0x100000
  half[HI] = hx | (i0 ^ 0x3ff00000)
  k += i0 >> 20
  if ((0x000fffff & (2 + hx)) < 3) return Math.log(x)
  const f = word[0] - 1
  const s = f / (2 + f),
    z = s * s,
    w = z * z
  const R = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6]))) + w * (LG[1] + w * (LG[3] + w * LG[5]))
  // fdlibm's two closing formulas (its k = 0 forms are these with k = 0, to the bit)
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f
    return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f)
  }
  return k * LN2_HI - (s * (f - R) - k * LN2_LO - f)
}

/** Values per call of the SIMD loop (its memory holds one chunk). */
const CHUNK = 8192
type LogAbsFn = (at: number, count: number, eps: number) => void
let simd: { run: LogAbsFn; heap: Float64Array } | null | undefined

/** As kernels/modules.ts: only a production build may go on without the SIMD loop (Math.log, same bits). */
const production = (import.meta as { env?: { PROD?: boolean } }).env?.PROD === true

function instance(): { run: LogAbsFn; heap: Float64Array } | null {
  if (simd !== undefined) return simd
  simd = null
  if (!wasmApi) return simd
  try {
    const mem: WasmMemory = new wasmApi.Memory({ initial: (CHUNK * 8) / 65536 })
    const inst = new wasmApi.Instance(new wasmApi.Module(logAbsWat), { env: { mem, slow: logFdlibm } })
    simd = { run: inst.exports.logAbs as LogAbsFn, heap: new Float64Array(mem.buffer) }
  } catch (err) {
    if (!production) throw err
  }
  return simd
}

/** out[i] = log(|x[i]| + ε) for i < len, in WebAssembly SIMD unless `useWasm` is false or there is none (then Math.log). */
export function fillLogAbs(x: Float64Array, out: Float64Array, len: number, eps: number, useWasm = true): void {
  const s = useWasm && len >= 16 ? instance() : null
  if (!s) {
    // V8's own fdlibm log (the faster of the two in JS; the tests hold it to logFdlibm)
    for (let i = 0; i < len; i++) out[i] = Math.log(Math.abs(x[i]) + eps)
    return
  }
  for (let at = 0; at < len; at += CHUNK) {
    const count = Math.min(CHUNK, len - at)
    s.heap.set(x.subarray(at, at + count))
    s.run(0, count, eps)
    out.set(s.heap.subarray(0, count), at)
  }
}
