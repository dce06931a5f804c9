import { wasmApi, type WasmMemory, type WasmModule } from '../kernels/wasmApi'
import logAbsWat from './logAbs.wat'
import { ENTRIES, ENTRY, logTable, OFF_HI } from './logTable'

/*
 * log(|x| + ε) for the log-space units (NAC•, NALU), the hot spot of a fresh-batch NALU run: 12,800
 * logarithms per iteration. A table-driven log without division (logTable.ts has the reduction
 * and the table), vectorised in WebAssembly SIMD (logAbs.wat); logPositive below is the same
 * operations in the same order in scalar JS, the SIMD loop's fallback and the path where there is
 * no WebAssembly, so a run's numbers do not depend on which one computed them. Error: within 1 ulp
 * of the correctly rounded logarithm (docs/engine.md has the bound; test/main/training/models/
 * logAbs.test.ts measures it against exact logarithms and holds SIMD and JS to the same bits).
 */

const TABLE = logTable()
const LN2_HI = 6.9314718036912381649e-1
const LN2_LO = 1.90821492927058770002e-10
/** log1p(r) = r + r²·(C2 + r·(C3 + … + r·C7)): Taylor, |r| ≤ 2⁻⁸ leaves under 2⁻⁶⁷ out */
const C2 = -0.5,
  C3 = 1 / 3,
  C4 = -0.25,
  C5 = 0.2,
  C6 = -1 / 6,
  C7 = 1 / 7
const word = new Float64Array(1)
const half = new Int32Array(word.buffer)
/** the high 32 bits' index in `half` (little-endian everywhere Node runs) */
const HI = 1

/** log x for x = |v| + ε; zero, subnormal, infinite and NaN arguments go to Math.log. */
export function logPositive(x: number): number {
  word[0] = x
  const hx = half[HI]
  if (hx < 0x00100000 || hx >= 0x7ff00000) return Math.log(x)
  const tmp = (hx - OFF_HI) | 0
  const k = tmp >> 20
  const t = ((tmp >> 13) & (ENTRIES - 1)) * ENTRY
  // z = x / 2^k, in interval t of the table: z − c is exact (Sterbenz), r = (z − c)/c to half an ulp
  half[HI] = hx - (tmp & 0xfff00000)
  const r = (word[0] - TABLE[t]) * TABLE[t + 1]
  const w = k * LN2_HI + TABLE[t + 2]
  const hi = w + r
  const lo = w - hi + r + (k * LN2_LO + TABLE[t + 3])
  const p = C2 + r * (C3 + r * (C4 + r * (C5 + r * (C6 + r * C7))))
  return hi + (lo + r * r * p)
}

/** Values per call of the SIMD loop (its memory holds one chunk). */
const CHUNK = 8192
/** Over `count` f64 values at byte offset `at` of the instance's memory, into byte offset `out` (default: in place). */
export type LogAbsFn = (at: number, count: number, eps: number, out?: number) => void
let simd: { run: LogAbsFn; heap: Float64Array } | null | undefined

/** As kernels/modules.ts: only a production build may go on without the SIMD loop (logPositive, same bits). */
const production = (import.meta as { env?: { PROD?: boolean } }).env?.PROD === true

function instance(): { run: LogAbsFn; heap: Float64Array } | null {
  if (simd !== undefined) return simd
  simd = null
  if (!wasmApi) return simd
  try {
    const mem: WasmMemory = new wasmApi.Memory({ initial: Math.ceil((CHUNK * 8 + TABLE_BYTES) / 65536) })
    simd = { run: logAbsOn(mem, CHUNK * 8), heap: new Float64Array(mem.buffer) }
  } catch (err) {
    if (!production) throw err
  }
  return simd
}

let compiled: WasmModule | undefined

/** Bytes of the table the SIMD loop reads from its memory. */
export const TABLE_BYTES = TABLE.length * 8

/**
 * The SIMD loop on a memory of the caller's (a fused kernel's, whose rows are already there),
 * with its table copied to byte offset `tableAt` (TABLE_BYTES there are the loop's, 8-aligned).
 */
export function logAbsOn(mem: WasmMemory, tableAt: number): LogAbsFn {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  compiled ??= new wasmApi.Module(logAbsWat)
  new Float64Array(mem.buffer, tableAt, TABLE.length).set(TABLE)
  const run = new wasmApi.Instance(compiled, { env: { mem, slow: logPositive } }).exports.logAbs as (
    at: number,
    count: number,
    eps: number,
    table: number,
    out: number
  ) => void
  return (at, count, eps, out = at) => run(at, count, eps, tableAt, out)
}

/** out[i] = log(|x[i]| + ε) for i < len, in WebAssembly SIMD unless `useWasm` is false or there is none (then logPositive: the same bits). */
export function fillLogAbs(x: Float64Array, out: Float64Array, len: number, eps: number, useWasm = true): void {
  const s = useWasm && len >= 16 ? instance() : null
  if (!s) {
    for (let i = 0; i < len; i++) out[i] = logPositive(Math.abs(x[i]) + eps)
    return
  }
  for (let at = 0; at < len; at += CHUNK) {
    const count = Math.min(CHUNK, len - at)
    s.heap.set(x.subarray(at, at + count))
    s.run(0, count, eps)
    out.set(s.heap.subarray(0, count), at)
  }
}
