import { naluMixJs } from './elementwise'
import { elementwiseData } from './exp'
import { gemmNN, gemmNNRange, gemmNT, gemmNTRange, gemmTNAcc, gemmTNRange } from './js'
import { simdModules, type SimdModules } from './modules'
import type { Kernels } from './types'
import { wasmApi, type WasmMemory } from './wasmApi'

type Kernel = (a: number, n: number, m: number, b: number, k: number, c: number, ld: number) => void
type Mix = (ag: number, m: number, n: number, o: number, e: number, g: number, y: number) => void
type Gather = (src: number, d: number, idx: number, n: number, dst: number) => void

/** Below this many multiply-adds, copying operands in costs more than SIMD saves. */
const MIN_WORK = 2048
const PAGE = 65536

/**
 * The WebAssembly SIMD kernels over one memory per run. Pinned arrays (the data sets and their
 * log transforms) are copied in once; other operands are copied into scratch space per call.
 * Views on the memory are re-taken after it grows, never kept by callers.
 */
export class WasmKernels implements Kernels {
  readonly name = 'wasm-simd'
  private readonly mem: WasmMemory
  private readonly k: { gemmNT: Kernel; gemmTNAcc: Kernel; gemmNN: Kernel }
  private readonly mix: Mix
  private readonly gatherRows: Gather
  /** the element-wise module's data (kernels/exp.ts), pinned: its byte offset */
  private readonly e: number
  private heap: Float64Array
  private u32 = new Uint32Array(0)
  private readonly pinned = new WeakMap<Float64Array, number>()
  /** end of the pinned region, in elements; scratch starts there */
  private top = 0

  /** `bytes`: what the run will pin and use as scratch (kernelBytes), allocated now so the memory need not grow */
  constructor(modules: SimdModules, bytes = 16 * PAGE) {
    if (!wasmApi) throw new Error('WebAssembly is not available')
    const api = wasmApi
    this.mem = sizedMemory(api, Math.max(16, Math.ceil(bytes / PAGE)))
    this.heap = new Float64Array(this.mem.buffer)
    // one instance per kernel, all on this run's memory
    const kernel = (name: 'gemmNT' | 'gemmTNAcc' | 'gemmNN') =>
      new api.Instance(modules[name], { env: { mem: this.mem } }).exports[name] as Kernel
    this.k = { gemmNT: kernel('gemmNT'), gemmTNAcc: kernel('gemmTNAcc'), gemmNN: kernel('gemmNN') }
    const elementwise = new api.Instance(modules.elementwise, { env: { mem: this.mem, exp: Math.exp } }).exports
    this.mix = elementwise.naluMix as Mix
    this.gatherRows = elementwise.gather as Gather
    this.e = this.top * 8
    this.pin(elementwiseData())
  }

  pin(a: Float64Array): void {
    if (this.pinned.has(a)) return
    this.reserve(this.top + a.length + 2)
    this.heap.set(a, this.top)
    this.pinned.set(a, this.top)
    this.top += a.length + (a.length & 1)
  }

  /**
   * The rows are gathered in this memory, into a region that is then `out`'s home (allocated on its
   * first gather, found by place() as a pinned array is: products read it without a copy), and copied
   * out to `out` for JS readers — always, whatever `forJs` says: the products' edges and small
   * products run in JS on `out`. The row indices go through the scratch space.
   */
  gather(src: Float64Array, d: number, rows: Uint32Array, start: number, n: number, out: Float64Array): void {
    this.pin(src)
    let home = this.pinned.get(out)
    if (home === undefined) {
      home = this.top
      this.reserve(home + out.length + 2)
      this.pinned.set(out, home)
      this.top += out.length + (out.length & 1)
    }
    const idx = this.top
    this.reserve(idx + (n >> 1) + 1)
    if (this.u32.buffer !== this.mem.buffer) this.u32 = new Uint32Array(this.mem.buffer)
    const u32 = this.u32,
      at = idx * 2
    for (let r = 0; r < n; r++) u32[at + r] = rows[start + r]
    this.gatherRows((this.pinned.get(src) as number) * 8, d, idx * 8, n, home * 8)
    out.set(this.heap.subarray(home, home + n * d))
  }

  private reserve(elements: number): void {
    const need = elements * 8 - this.mem.buffer.byteLength
    if (need > 0) this.mem.grow(Math.ceil(need / PAGE))
    if (this.heap.buffer !== this.mem.buffer) this.heap = new Float64Array(this.mem.buffer)
  }

  /** Where `a[0..len)` is in the memory: its pinned copy, or a fresh copy at `at`. */
  private place(a: Float64Array, len: number, at: number): number {
    const p = this.pinned.get(a)
    if (p !== undefined) return p
    this.heap.set(a.length === len ? a : a.subarray(0, len), at)
    return at
  }

  gemmNT(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array): void {
    const n4 = n & ~3,
      m2 = m & ~1
    if (k & 1 || n4 === 0 || m2 === 0 || n * m * k < MIN_WORK) return gemmNT(A, n, k, B, m, C)
    const sB = this.top,
      sC = sB + m2 * k + 2,
      sA = sC + n4 * m + 2
    this.reserve(sA + n4 * k + 2)
    const a = this.place(A, n4 * k, sA),
      b = this.place(B, m2 * k, sB)
    this.k.gemmNT(a * 8, n4, k, b * 8, m2, sC * 8, m)
    C.set(this.heap.subarray(sC, sC + n4 * m))
    if (m2 < m) gemmNTRange(A, k, B, m, C, 0, n4, m2, m)
    if (n4 < n) gemmNTRange(A, k, B, m, C, n4, n, 0, m)
  }

  gemmTNAcc(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
    const n4 = n & ~3,
      m2 = m & ~1
    if (k & 1 || n4 === 0 || m2 === 0 || n * m * k < MIN_WORK) return gemmTNAcc(D, n, m, A, k, C)
    const sC = this.top,
      sD = sC + m2 * k + 2,
      sA = sD + n4 * m + 2
    this.reserve(sA + n4 * k + 2)
    this.heap.set(C.subarray(0, m2 * k), sC)
    const d = this.place(D, n4 * m, sD),
      a = this.place(A, n4 * k, sA)
    this.k.gemmTNAcc(d * 8, n4, m2, a * 8, k, sC * 8, m)
    C.set(this.heap.subarray(sC, sC + m2 * k))
    if (n4 < n) gemmTNRange(D, m, A, k, C, n4, n, 0, m2)
    if (m2 < m) gemmTNRange(D, m, A, k, C, 0, n, m2, m)
  }

  gemmNN(D: Float64Array, n: number, m: number, B: Float64Array, k: number, C: Float64Array, accumulate = false): void {
    const n4 = n & ~3,
      m2 = m & ~1
    if (k & 1 || n4 === 0 || m2 === 0 || n * m * k < MIN_WORK) return gemmNN(D, n, m, B, k, C, accumulate)
    const sC = this.top,
      sB = sC + n4 * k + 2,
      sD = sB + m2 * k + 2
    this.reserve(sD + n4 * m + 2)
    if (accumulate) this.heap.set(C.subarray(0, n4 * k), sC)
    else this.heap.fill(0, sC, sC + n4 * k)
    const b = this.place(B, m2 * k, sB),
      d = this.place(D, n4 * m, sD)
    this.k.gemmNN(d * 8, n4, m2, b * 8, k, sC * 8, m)
    C.set(this.heap.subarray(sC, sC + n4 * k))
    if (!accumulate) C.fill(0, n4 * k, n * k)
    if (m2 < m) gemmNNRange(D, m, B, k, C, 0, n4, m2, m)
    if (n4 < n) gemmNNRange(D, m, B, k, C, n4, n, 0, m)
  }

  naluMix(ag: Float64Array, m: Float64Array, n: number, O: number, g: Float64Array, y: Float64Array): void {
    if (O & 1) return naluMixJs(ag, m, n, O, g, y)
    const len = n * O,
      sAg = this.top,
      sM = sAg + 2 * len,
      sG = sM + len,
      sY = sG + len
    this.reserve(sY + len)
    this.heap.set(ag.length === 2 * len ? ag : ag.subarray(0, 2 * len), sAg)
    this.heap.set(m.length === len ? m : m.subarray(0, len), sM)
    this.mix(sAg * 8, sM * 8, n, O, this.e, sG * 8, sY * 8)
    m.set(this.heap.subarray(sM, sM + len))
    g.set(this.heap.subarray(sG, sG + len))
    y.set(this.heap.subarray(sY, sY + len))
  }
}

/**
 * A memory of `pages` now, or of 16 if that much cannot be had (it will grow instead). Growing
 * detaches the old buffer, and the first detached ArrayBuffer in a process makes V8 check for
 * detachment on every typed-array access in optimised code from then on (its ArrayBufferDetaching
 * protector): the JS loops of a whole run measured up to 2× slower. Untouched pages cost no RAM.
 */
export function sizedMemory(api: NonNullable<typeof wasmApi>, pages: number): WasmMemory {
  try {
    return new api.Memory({ initial: pages })
  } catch {
    return new api.Memory({ initial: 16 })
  }
}

/**
 * Bytes a run's kernels will hold: each row of its data sets pinned as x and log(|x| + ε), by
 * batch slices and whole (for gathering), with its targets, plus scratch for products over
 * EVAL_ROWS-row slices `width` values wide (the widest unit, inputs included).
 */
export function kernelBytes(rows: number, inDim: number, outDim: number, width: number, sliceRows: number): number {
  return 8 * (rows * (4 * inDim + 2 * outDim) + 4 * sliceRows * (inDim + 2 * width) + 8 * width * width) + 2 * 1024 * 1024
}

/** WebAssembly SIMD kernels on a fresh memory of `bytes` (kernelBytes); null only where a production build fell back to JS. */
export function wasmKernels(bytes?: number): Kernels | null {
  const modules = simdModules()
  return modules ? new WasmKernels(modules, bytes) : null
}
