import { naluMixJs } from './elementwise'
import { elementwiseData } from './exp'
import { addBias, gemmNN, gemmNNRange, gemmNT, gemmNTRange, gemmTNAcc, gemmTNRange, reluGradJs } from './js'
import { convertModule, simdModules, type SimdModules } from './modules'
import type { Kernels } from './types'
import { wasmApi, type WasmMemory } from './wasmApi'

type Kernel = (a: number, n: number, m: number, b: number, k: number, c: number, ld: number) => void
type Mix = (ag: number, m: number, n: number, o: number, e: number, g: number, y: number) => void
type Gather = (src: number, d: number, idx: number, n: number, dst: number) => void
/** convert32.wat's Float64 loops */
interface DenseLoops {
  biasRelu(y: number, b: number, rows: number, cols: number, relu: number): void
  reluGrad(y: number, dy: number, dz: number, count: number): void
}

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
  readonly backend = 'wasm-simd'
  private readonly mem: WasmMemory
  private readonly k: { gemmNT: Kernel; gemmTNAcc: Kernel; gemmNN: Kernel }
  private readonly mix: Mix
  private readonly gatherRows: Gather
  /** the dense layer's loops, instantiated on this memory when first used; null where they do not compile */
  private dense: DenseLoops | null | undefined
  /** the element-wise module's data (kernels/exp.ts), pinned: its byte offset */
  private readonly e: number
  private heap: Float64Array
  private u32 = new Uint32Array(0)
  private readonly pinned = new WeakMap<Float64Array, number>()
  /** gathered batches not yet copied out (gather's forJs false): how many values their home holds */
  private readonly stale = new WeakMap<Float64Array, number>()
  /** end of the pinned region, in elements; scratch starts there */
  private top = 0

  /** `bytes`: what the run will pin and use as scratch (kernelBytes), allocated now so the memory need not grow */
  constructor(modules: SimdModules, bytes = 16 * PAGE) {
    if (!wasmApi) throw new Error('WebAssembly is not available')
    const api = wasmApi
    const pages = Math.max(16, Math.ceil(bytes / PAGE))
    this.mem = reusedMemory(pages) ?? sizedMemory(api, pages)
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
   * out to `out` for JS readers. With `forJs` false (no JS code reads `out`, only these kernels) the
   * copy waits until one of them runs a part of a product in JS on `out` (a small product, an edge:
   * fromJs); the article's shapes never do, and the copy of a batch's rows and their logarithms was
   * ≈ 4 % of its training. The row indices go through the scratch space.
   */
  gather(src: Float64Array, d: number, rows: Uint32Array, start: number, n: number, out: Float64Array, forJs = true): void {
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
    if (forJs) {
      out.set(this.heap.subarray(home, home + n * d))
      this.stale.delete(out)
    } else this.stale.set(out, n * d)
  }

  /** `a` with its values, for a JS loop: a gathered batch whose copy out waited (gather's forJs) is copied now. */
  private js(a: Float64Array): Float64Array {
    const len = this.stale.get(a)
    if (len !== undefined) {
      const home = this.pinned.get(a) as number
      a.set(this.heap.subarray(home, home + len))
      this.stale.delete(a)
    }
    return a
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
    this.nt(A, n, k, B, m, C, null, false)
  }

  /**
   * gemmNT, then b added to each row and v < 0 ? 0 : v where `relu`, in WebAssembly on the product
   * still in this memory (convert32.wat's biasRelu, f64x2.pmax: the JS loop's bits, ±0 and NaN
   * included): the JS loop's branch on a coin-toss sign was mispredicted half the time, ≈ 5 ns a
   * value. A shape with edges takes gemmNT and that loop.
   */
  gemmNTBias(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array, b: Float64Array, relu: boolean): void {
    this.nt(A, n, k, B, m, C, b, relu)
  }

  private nt(
    A: Float64Array,
    n: number,
    k: number,
    B: Float64Array,
    m: number,
    C: Float64Array,
    bias: Float64Array | null,
    relu: boolean
  ): void {
    const n4 = n & ~3,
      m2 = m & ~1
    const blocked = (k & 1) === 0 && n4 > 0 && m2 > 0 && n * m * k >= MIN_WORK
    // the bias in WebAssembly only where the whole product is made there (no edges in JS)
    const loops = bias && blocked && n4 === n && m2 === m ? this.denseLoops() : null
    if (blocked) {
      const sB = this.top,
        sC = sB + m2 * k + 2,
        sA = sC + n4 * m + 2,
        sb = sA + n4 * k + 2
      this.reserve(sb + m + 2)
      const a = this.place(A, n4 * k, sA),
        b = this.place(B, m2 * k, sB)
      this.k.gemmNT(a * 8, n4, k, b * 8, m2, sC * 8, m)
      if (loops && bias) {
        this.heap.set(bias.length === m ? bias : bias.subarray(0, m), sb)
        loops.biasRelu(sC * 8, sb * 8, n4, m, relu ? 1 : 0)
      }
      C.set(this.heap.subarray(sC, sC + n4 * m))
      if (m2 < m) gemmNTRange(this.js(A), k, B, m, C, 0, n4, m2, m)
      if (n4 < n) gemmNTRange(this.js(A), k, B, m, C, n4, n, 0, m)
    } else gemmNT(this.js(A), n, k, B, m, C)
    if (bias && !loops) addBias(C, bias, n, m, relu)
  }

  /** dz = y > 0 ? dy : 0 as a mask (convert32.wat's reluGrad), the JS loop's bits without its branch per value. */
  reluGrad(y: Float64Array, dy: Float64Array, dz: Float64Array, len: number): void {
    const loops = this.denseLoops()
    if (!loops || len < 2) return reluGradJs(y, dy, dz, len)
    const sy = this.top,
      sd = sy + len + 2
    this.reserve(sd + len + 2)
    this.heap.set(y.length === len ? y : y.subarray(0, len), sy)
    this.heap.set(dy.length === len ? dy : dy.subarray(0, len), sd)
    loops.reluGrad(sy * 8, sd * 8, sd * 8, len)
    dz.set(this.heap.subarray(sd, sd + len))
  }

  private denseLoops(): DenseLoops | null {
    if (this.dense === undefined) {
      const module = convertModule()
      this.dense = module && wasmApi ? (new wasmApi.Instance(module, { env: { mem: this.mem } }).exports as unknown as DenseLoops) : null
    }
    return this.dense
  }

  gemmTNAcc(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
    this.tn(D, n, m, A, k, C, true)
  }

  /**
   * C = Dᵀ·A (weightGrad): where the whole product is made here, its scratch zeroed in this memory
   * instead of C zeroed in JS and copied in, the same sums from the same zeros; elsewhere C zeroed
   * and gemmTNAcc.
   */
  gemmTN(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
    if ((n & 3) !== 0 || (m & 1) !== 0) {
      C.fill(0)
      return this.tn(D, n, m, A, k, C, true)
    }
    this.tn(D, n, m, A, k, C, false)
  }

  /** C (+)= Dᵀ·A: `add` false only for a shape without edges, whose C the kernel's scratch then replaces. */
  private tn(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array, add: boolean): void {
    const n4 = n & ~3,
      m2 = m & ~1
    if (k & 1 || n4 === 0 || m2 === 0 || n * m * k < MIN_WORK) {
      if (!add) C.fill(0)
      return gemmTNAcc(this.js(D), n, m, this.js(A), k, C)
    }
    const sC = this.top,
      sD = sC + m2 * k + 2,
      sA = sD + n4 * m + 2
    this.reserve(sA + n4 * k + 2)
    if (add) this.heap.set(C.subarray(0, m2 * k), sC)
    else this.heap.fill(0, sC, sC + m2 * k)
    const d = this.place(D, n4 * m, sD),
      a = this.place(A, n4 * k, sA)
    this.k.gemmTNAcc(d * 8, n4, m2, a * 8, k, sC * 8, m)
    C.set(this.heap.subarray(sC, sC + m2 * k))
    if (n4 < n) gemmTNRange(this.js(D), m, this.js(A), k, C, n4, n, 0, m2)
    if (m2 < m) gemmTNRange(this.js(D), m, this.js(A), k, C, 0, n, m2, m)
  }

  gemmNN(D: Float64Array, n: number, m: number, B: Float64Array, k: number, C: Float64Array, accumulate = false): void {
    const n4 = n & ~3,
      m2 = m & ~1
    if (k & 1 || n4 === 0 || m2 === 0 || n * m * k < MIN_WORK) return gemmNN(this.js(D), n, m, this.js(B), k, C, accumulate)
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
    if (m2 < m) gemmNNRange(this.js(D), m, this.js(B), k, C, 0, n4, m2, m)
    if (n4 < n) gemmNNRange(this.js(D), m, this.js(B), k, C, n4, n, 0, m)
  }

  /** The run is over: its memory goes to the next run's kernels in this process (nothing here is used after). */
  dispose(): void {
    if (released.includes(this.mem)) return
    released.push(this.mem)
    released.sort((a, b) => b.buffer.byteLength - a.buffer.byteLength)
    released.length = Math.min(released.length, KEEP_RELEASED)
  }

  /**
   * The NALU's forward in this memory: both products into scratch, then the element-wise step on
   * them where they are; only y and g are copied out, ag and m too when `keep` (backward reads
   * them). Where a product or the step would take a JS path, the three calls as they are.
   */
  naluForward(
    x: Float64Array,
    L: Float64Array,
    n: number,
    D: number,
    WG: Float64Array,
    O: number,
    Wm: Float64Array,
    ag: Float64Array,
    m: Float64Array,
    g: Float64Array,
    y: Float64Array,
    keep: boolean
  ): void {
    const O2 = 2 * O
    // gemmNT's and naluMix's own tests, on the smaller product: both whole in WebAssembly
    if ((n & 3) !== 0 || n === 0 || (O & 1) !== 0 || O === 0 || (D & 1) !== 0 || n * O * D < MIN_WORK) {
      this.gemmNT(x, n, D, WG, O2, ag)
      this.gemmNT(L, n, D, Wm, O, m)
      return this.naluMix(ag, m, n, O, g, y)
    }
    const len = n * O,
      sWG = this.top,
      sWm = sWG + O2 * D,
      sAg = sWm + O * D,
      sM = sAg + 2 * len,
      sG = sM + len,
      sY = sG + len,
      sX = sY + len,
      sL = sX + n * D
    this.reserve(sL + n * D + 2)
    this.heap.set(WG.length === O2 * D ? WG : WG.subarray(0, O2 * D), sWG)
    this.heap.set(Wm.length === O * D ? Wm : Wm.subarray(0, O * D), sWm)
    const a = this.place(x, n * D, sX),
      l = this.place(L, n * D, sL)
    this.k.gemmNT(a * 8, n, D, sWG * 8, O2, sAg * 8, O2)
    this.k.gemmNT(l * 8, n, D, sWm * 8, O, sM * 8, O)
    this.mix(sAg * 8, sM * 8, n, O, this.e, sG * 8, sY * 8)
    y.set(this.heap.subarray(sY, sY + len))
    g.set(this.heap.subarray(sG, sG + len))
    if (keep) {
      ag.set(this.heap.subarray(sAg, sAg + 2 * len))
      m.set(this.heap.subarray(sM, sM + len))
    }
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
 * Memories of ended runs (WasmKernels.dispose), the largest kept: the next run of the process (a
 * preset's three models go to one training process) takes one instead of a fresh memory. Its pages
 * are in RAM already, where a fresh memory's are faulted in on first touch as the run pins its data
 * sets and fills its scratch space: ≈ 1,500–2,000 faults a run, ≈ 15 µs each on the benchmark's VM.
 * Nothing is read there before the new run writes it (products copy their operands in, gather and
 * pin write their rows), so what the last run left changes no result.
 */
const released: WasmMemory[] = []
const KEEP_RELEASED = 2

/** The smallest released memory of at least `pages`, taken out of the pool; null if none. */
function reusedMemory(pages: number): WasmMemory | null {
  let best = -1
  for (let i = 0; i < released.length; i++) {
    const size = released[i].buffer.byteLength
    if (size >= pages * PAGE && (best < 0 || size < released[best].buffer.byteLength)) best = i
  }
  return best < 0 ? null : released.splice(best, 1)[0]
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
