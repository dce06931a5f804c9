import { wasmApi, type WasmMemory, type WasmModule } from '../kernels/wasmApi'
import logAbsWat from './logAbs.wat'
import { ENTRIES, ENTRY, logTable, NEAR_ONE_PADDED, nearOneTable, OFF_HI } from './logTable'

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
/** log1p(r) = r + r²·(C2 + C3·r + … + C7·r⁵): Taylor, |r| ≤ 2⁻⁸ leaves under 2⁻⁶⁷ out */
const C2 = -0.5,
  C3 = 1 / 3,
  C4 = -0.25,
  C5 = 0.2,
  C6 = -1 / 6,
  C7 = 1 / 7
/** the reduction's offset and the exponent field, as 64-bit patterns */
const OFF = BigInt(OFF_HI) << 32n
const EXPONENT = 0xfff0000000000000n
/** the near-one path's: 1.0's bit pattern less half an interval (0x400 in the high word) */
const NEAR_BASE = 0x3feffc0000000000n
const NEAR_BASE_HI = 0x3feffc00
/**
 * The near-one path's log1p(r) = r + r²·(D2 + D3·r + D4·r² + D5·r³) for |r| ≤ 2⁻¹⁰: the cubic is the
 * minimax (Remez, 60 digits) of (log1p(r) − r)/r² there, within 2^−45.6 of it, so r²·(its error) stays
 * under 2⁻⁶⁵·⁶, a sixth of an ulp of the smallest result it can reach.
 */
const D2 = -0.49999999999998107,
  D3 = 0.33333333333326837,
  D4 = -0.2500001589458331,
  D5 = 0.20000020433838678
/** the upper end of the near-one path's arguments' high words less NEAR_BASE_HI */
const NEAR_LIMIT = 0x101400
let near: Float64Array | undefined
/** the near-one path's table (logTable.ts), built on first use: its exact logarithms take tens of ms */
const nearTable = (): Float64Array => (near ??= nearOneTable())
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
  // Estrin's scheme, as the SIMD loop (shorter dependency chains than Horner's)
  const q = r * r
  const p = C2 + r * C3 + (q * (C4 + r * C5) + q * q * (C6 + r * C7))
  return hi + (lo + q * p)
}

/**
 * The near-one path's log x (logAbs.wat `logNearOne`), the same operations in the same order: for x in
 * [1 − 2⁻¹¹, 2 + 2⁻⁷), NaN for any other x (its caller checks the range, as the SIMD loop's does).
 */
export function logNearOne(x: number): number {
  word[0] = x
  const t = (half[HI] - NEAR_BASE_HI) >>> 0
  if (t >= NEAR_LIMIT) return NaN
  const NEAR = nearTable()
  const i = (t >>> 11) * ENTRY
  const r = (x - NEAR[i]) * NEAR[i + 1]
  const w = NEAR[i + 2]
  const hi = w + r
  const q = r * r
  return hi + (w - hi + r + NEAR[i + 3] + q * (D2 + r * D3 + q * (D4 + r * D5)))
}

/** Values per call of the SIMD loop (its memory holds a chunk of inputs and one of results). */
const CHUNK = 8192
/** Over `count` f64 values at byte offset `at` of the instance's memory, into byte offset `out` (not overlapping them). */
export type LogAbsFn = (at: number, count: number, eps: number, out: number) => void
/** log(x + ε) as logNearOne for an even `count` of values with x + ε in [1 − 2⁻¹¹, 2 + 2⁻⁷); false (results meaningless) if one is not. */
export type LogNearOneFn = (at: number, count: number, eps: number, out: number) => boolean
let simd: { run: LogAbsFn; heap: Float64Array } | null | undefined

/** As kernels/modules.ts: only a production build may go on without the SIMD loop (logPositive, same bits). */
const production = (import.meta as { env?: { PROD?: boolean } }).env?.PROD === true

function instance(): { run: LogAbsFn; heap: Float64Array } | null {
  if (simd !== undefined) return simd
  simd = null
  if (!wasmApi) return simd
  try {
    const mem: WasmMemory = new wasmApi.Memory({ initial: Math.ceil((2 * CHUNK * 8 + TABLE_BYTES) / 65536) })
    simd = { run: logAbsOn(mem, 2 * CHUNK * 8).all, heap: new Float64Array(mem.buffer) }
  } catch (err) {
    if (!production) throw err
  }
  return simd
}

let compiled: WasmModule | undefined

/**
 * What the SIMD loops read from their memory (logAbs.wat names the offsets): the table, then the
 * constants as f64x2 pairs: OFF and the exponent mask (as bit patterns), ln2_hi, ln2_lo, C2 … C7, the
 * near-one path's offset and D2 … D5; then the near-one path's table, which logAbsOn copies there
 * only when `nearOne` first runs (building it takes tens of ms, and only the paper's stack uses it).
 */
const CONSTS_AT = TABLE.length + 4
const NEAR_AT = CONSTS_AT + 2 * 8 + 2 + 2 * 4
let builtLoopData: Float64Array | undefined
const loopData = (): Float64Array => (builtLoopData ??= buildLoopData())
function buildLoopData(): Float64Array {
  const consts = [LN2_HI, LN2_LO, C2, C3, C4, C5, C6, C7]
  const constsAt = CONSTS_AT
  const baseAt = constsAt + 2 * consts.length
  const nearConsts = [D2, D3, D4, D5]
  const nearAt = NEAR_AT
  const data = new Float64Array(nearAt)
  data.set(TABLE)
  new BigUint64Array(data.buffer, TABLE.length * 8, 4).set([OFF, OFF, EXPONENT, EXPONENT])
  consts.forEach((c, i) => data.set([c, c], constsAt + 2 * i))
  new BigUint64Array(data.buffer, baseAt * 8, 2).set([NEAR_BASE, NEAR_BASE])
  nearConsts.forEach((c, i) => data.set([c, c], baseAt + 2 + 2 * i))
  return data
}

/** Bytes of the table and constants the SIMD loop reads from its memory. */
export const TABLE_BYTES = (NEAR_AT + NEAR_ONE_PADDED * ENTRY) * 8

/**
 * The SIMD loops on a memory of the caller's (a fused kernel's, whose rows are already there), with
 * their table copied to byte offset `tableAt` (TABLE_BYTES there are the loops', 8-aligned): `all`
 * for any arguments, `nearOne` for the training range [1, 2] of the paper's tasks.
 */
export function logAbsOn(mem: WasmMemory, tableAt: number): { all: LogAbsFn; nearOne: LogNearOneFn } {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  compiled ??= new wasmApi.Module(logAbsWat)
  new Float64Array(mem.buffer, tableAt, NEAR_AT).set(loopData())
  type Loop = (at: number, count: number, eps: number, table: number, out: number) => number
  const exports = new wasmApi.Instance(compiled, { env: { mem, slow: logPositive } }).exports
  const all = exports.logAbs as Loop,
    nearOne = exports.logNearOne as Loop
  let nearCopied = false
  return {
    all: (at, count, eps, out) => void all(at, count, eps, tableAt, out),
    nearOne: (at, count, eps, out) => {
      if (!nearCopied) new Float64Array(mem.buffer, tableAt + NEAR_AT * 8, NEAR_ONE_PADDED * ENTRY).set(nearTable())
      nearCopied = true
      return nearOne(at, count, eps, tableAt, out) === 1
    }
  }
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
    s.run(0, count, eps, CHUNK * 8)
    out.set(s.heap.subarray(CHUNK, CHUNK + count), at)
  }
}
