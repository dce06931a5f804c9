import { simd32Modules, type Simd32Modules } from './modules'
import type { NacRefresh } from './elementwise'
import { nacRefresh32 } from './refresh32'
import type { Kernels } from './types'
import { rowViews } from '../models/types'
import { sizedMemory, WasmKernels } from './wasm'
import { wasmApi, type WasmMemory, type WasmModule } from './wasmApi'

type Gemm = (a: number, n: number, m: number, b: number, k: number, c: number, ld: number) => void
type Convert = (src: number, sld: number, dst: number, dld: number, rows: number, cols: number, last: number) => void
type Pack = (src: number, rows: number, k: number, dst: number, h: number) => void
type BiasRelu = (y: number, b: number, rows: number, cols: number, relu: number) => void
type ReluGrad = (y: number, dy: number, dz: number, count: number) => void

const PAGE = 65536

/** the dense layer's bias (copied to byte `at` of the scratch space) and whether ReLU follows */
interface Bias {
  b: Float64Array
  relu: boolean
  at: number
}
const up = (x: number, q: number): number => Math.ceil(x / q) * q

/**
 * The Float32 path ("mixed precision"): the three products in float32 with f32x4 SIMD, summed in
 * float32 as a BLAS does, while parameters, gradients, Adam and the element-wise steps stay Float64.
 * Operands are rounded to float32 on the way in (the data sets and their log transforms once, when
 * first used after pin()), results widened back to Float64 and added there when accumulating, so
 * a gradient that collects several products rounds each product, never the running sum.
 * Every size runs in float32: the edges are zero-padded (rows to 4, inner lengths to 8), not done in JS.
 */
export class Wasm32Kernels implements Kernels {
  readonly name = 'wasm-simd-f32'
  private readonly mem: WasmMemory
  private readonly k: {
    nt: Gemm
    tn: Gemm
    nn: Gemm
    demote: Convert
    promote: Convert
    pack: Pack
    biasRelu: BiasRelu
    reluGrad: ReluGrad
  }
  /** the Float64 kernels, for the element-wise NALU step */
  private readonly wide: Kernels
  private f32: Float32Array
  private f64: Float64Array
  private readonly stable = new WeakSet<Float64Array>()
  /** pinned arrays: their float32 rows (rows padded to 4) and, once the forward product reads them, its panels */
  private readonly pinned = new WeakMap<Float64Array, { at: number; cols: number; rows: number; panels: number }>()
  /** a view per row of each array batches are gathered from, made once: no allocation per batch */
  private readonly rowViews = new WeakMap<Float64Array, Float64Array[]>()
  /** gathered batches: their rows' float32 home and panels, made when a product first reads them after a gather */
  private readonly homes = new WeakMap<
    Float64Array,
    { at: number; panels: number; cols: number; rows: number; src: Float64Array; idx: Uint32Array; fresh: boolean; packed: boolean }
  >()
  /** end of the pinned region, in bytes; scratch starts there */
  private top = 0

  /** convert32.wat, instantiated again on each NAC's own memory for its refresh */
  private readonly convert: WasmModule

  /** `bytes`: the run's kernelBytes, allocated now so the memory need not grow (kernels/wasm.ts, sizedMemory) */
  constructor(modules: Simd32Modules, bytes = 16 * PAGE) {
    if (!wasmApi) throw new Error('WebAssembly is not available')
    const api = wasmApi
    this.mem = sizedMemory(api, Math.max(16, Math.ceil(bytes / PAGE)))
    this.f32 = new Float32Array(this.mem.buffer)
    this.f64 = new Float64Array(this.mem.buffer)
    const exports = (name: 'gemm32NT' | 'gemm32TN' | 'gemm32NN' | 'convert32') =>
      new api.Instance(modules[name], { env: { mem: this.mem } }).exports
    this.convert = modules.convert32
    const convert = exports('convert32')
    this.k = {
      nt: exports('gemm32NT').gemm32NT as Gemm,
      tn: exports('gemm32TN').gemm32TN as Gemm,
      nn: exports('gemm32NN').gemm32NN as Gemm,
      demote: convert.demote as Convert,
      promote: convert.promote as Convert,
      pack: convert.pack as Pack,
      biasRelu: convert.biasRelu as BiasRelu,
      reluGrad: convert.reluGrad as ReluGrad
    }
    // the same budget: its NALU step over an evaluation slice of a wide model outgrew 16 pages (a grow
    // detaches a buffer: V8's slow typed-array mode for the whole process)
    this.wide = new WasmKernels(modules, bytes)
  }

  /** Rounded to float32 when a product first reads it, then kept (its shape is known only then). */
  pin(a: Float64Array): void {
    this.stable.add(a)
  }

  private reserve(bytes: number): void {
    const need = bytes - this.mem.buffer.byteLength
    if (need > 0) this.mem.grow(Math.ceil(need / PAGE))
    if (this.f32.buffer !== this.mem.buffer) {
      this.f32 = new Float32Array(this.mem.buffer)
      this.f64 = new Float64Array(this.mem.buffer)
    }
  }

  /**
   * a[0 .. rows·cols) as float32 at byte `at`, rows padded with zeros to `cols8` values and to
   * `rowsP` rows, staged as Float64 at byte `tmp` (a plain copy) and rounded there in SIMD.
   */
  private demote(a: Float64Array, rows: number, cols: number, rowsP: number, cols8: number, at: number, tmp: number): void {
    this.f64.set(a.length === rows * cols ? a : a.subarray(0, rows * cols), tmp / 8)
    this.k.demote(tmp, cols, at, cols8, rows, cols, cols8)
    if (rowsP > rows) this.f32.fill(0, at / 4 + rows * cols8, at / 4 + rowsP * cols8)
  }

  /**
   * Rows rows[start + r] of `src` (pinned, d columns) into row r of `out`: the Float64 rows for JS
   * readers now (unless `forJs` is false), their float32 rows (copied from src's float32 copy) only when a product reads `out`,
   * so a gathered set of targets never costs a conversion.
   */
  gather(src: Float64Array, d: number, rows: Uint32Array, start: number, n: number, out: Float64Array, forJs = true): void {
    if (forJs) {
      let views = this.rowViews.get(src)
      if (!views || views[0]?.length !== d) {
        views = rowViews(src, Math.floor(src.length / d), d)
        this.rowViews.set(src, views)
      }
      for (let r = 0; r < n; r++) out.set(views[rows[start + r]], r * d)
    }
    this.stable.add(src)
    let home = this.homes.get(out)
    if (!home || home.cols !== d) {
      const cap = Math.floor(out.length / d)
      home = { at: -1, panels: -1, cols: d, rows: 0, src, idx: new Uint32Array(cap), fresh: false, packed: false }
      this.homes.set(out, home)
    }
    home.src = src
    home.rows = n
    home.idx.set(rows.subarray(start, start + n))
    home.fresh = false
    home.packed = false
  }

  /** The float32 rows of a gathered batch, copied from its source's float32 copy when stale. */
  private homeAt(a: Float64Array, cols: number): number {
    const home = this.homes.get(a)
    if (!home || home.cols !== cols) return -1
    if (home.fresh) return home.at
    const cols8 = up(cols, 8)
    const s = this.pinnedAt(home.src, home.src.length / cols, cols) / 4
    // a region for as many rows as the batch's buffer holds, after the pinned arrays
    if (home.at < 0) home.at = this.keep(up(home.idx.length, 4) * cols8 * 4)
    const at = home.at / 4
    for (let r = 0; r < home.rows; r++) this.f32.copyWithin(at + r * cols8, s + home.idx[r] * cols8, s + (home.idx[r] + 1) * cols8)
    home.fresh = true
    return home.at
  }

  /** The float32 copy of a pinned array (made now if this is its first use) or of a gathered batch, else -1. */
  private pinnedAt(a: Float64Array, rows: number, cols: number): number {
    if (!this.stable.has(a)) return this.homeAt(a, cols)
    const have = this.pinned.get(a)
    if (have && have.cols === cols) return have.at
    // the whole array, whatever part of it this product reads
    rows = Math.max(rows, Math.floor(a.length / cols))
    const rowsP = up(rows, 4),
      cols8 = up(cols, 8),
      at = this.top,
      bytes = up(rowsP * cols8 * 4, 16)
    this.reserve(at + bytes + rows * cols * 8)
    this.demote(a, rows, cols, rowsP, cols8, at, at + bytes)
    this.top += bytes
    this.pinned.set(a, { at, cols, rows: rowsP, panels: -1 })
    return at
  }

  /** Room for `bytes` after the pinned arrays, kept (a pinned array's or a batch's panels). */
  private keep(bytes: number): number {
    const at = this.top
    this.top += up(bytes, 16)
    this.reserve(this.top)
    return at
  }

  /**
   * gemm32NT's panels of a pinned array or a gathered batch (made from its float32 rows when stale),
   * else -1: other operands are packed per call.
   */
  private panelsAt(a: Float64Array, rows: number, cols: number): number {
    const cols8 = up(cols, 8)
    if (this.stable.has(a)) {
      const at = this.pinnedAt(a, rows, cols)
      const p = this.pinned.get(a)!
      if (p.panels < 0) {
        p.panels = this.keep(p.rows * cols8 * 4)
        this.k.pack(at, p.rows, cols8, p.panels, 4)
      }
      return p.panels
    }
    const at = this.homeAt(a, cols)
    const home = this.homes.get(a)
    if (at < 0 || !home) return -1
    if (home.panels < 0) home.panels = this.keep(up(home.idx.length, 4) * cols8 * 4)
    if (!home.packed) this.k.pack(at, up(home.rows, 4), cols8, home.panels, 4)
    home.packed = true
    return home.panels
  }

  /** Consecutive 16-byte-aligned regions of these byte sizes after the pinned ones; the memory grown to hold them. */
  private scratch(...bytes: number[]): number[] {
    let at = this.top
    const out = bytes.map((b) => {
      const here = at
      at += up(b, 16)
      return here
    })
    this.reserve(at)
    return out
  }

  /**
   * C (rows × cols, Float64) = or += the float32 result at `src` (row stride `sld`), through the
   * Float64 area at `tmp`; with `bias` (at byte `sb`, copied there now), the dense layer's bias and ReLU on the way.
   */
  private widen(src: number, sld: number, rows: number, cols: number, C: Float64Array, add: boolean, tmp: number, bias?: Bias): void {
    const len = rows * cols,
      t = tmp / 8
    if (add) this.f64.set(C.length === len ? C : C.subarray(0, len), t)
    this.k.promote(src, sld, tmp, cols, rows, cols, add ? 1 : 0)
    if (bias) {
      this.f64.set(bias.b.length === cols ? bias.b : bias.b.subarray(0, cols), bias.at / 8)
      this.k.biasRelu(tmp, bias.at, rows, cols, bias.relu ? 1 : 0)
    }
    C.set(this.f64.subarray(t, t + len))
  }

  gemmNT(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array): void {
    this.nt(A, n, k, B, m, C)
  }

  gemmNTBias(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array, b: Float64Array, relu: boolean): void {
    this.nt(A, n, k, B, m, C, { b, relu, at: 0 })
  }

  reluGrad(y: Float64Array, dy: Float64Array, dz: Float64Array, len: number): void {
    const [sy, sd] = this.scratch(len * 8, len * 8)
    this.f64.set(y.length === len ? y : y.subarray(0, len), sy / 8)
    this.f64.set(dy.length === len ? dy : dy.subarray(0, len), sd / 8)
    this.k.reluGrad(sy, sd, sd, len)
    dz.set(this.f64.subarray(sd / 8, sd / 8 + len))
  }

  private nt(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array, bias?: Bias): void {
    const k8 = up(k, 8),
      n4 = up(n, 4),
      m2 = up(m, 2)
    const pa = this.panelsAt(A, n, k)
    const own = pa < 0 ? n4 * k8 * 4 : 0
    const [sA, sAp, sB, sBp, sC, tmp, sb] = this.scratch(
      own,
      own,
      m2 * k8 * 4,
      m2 * k8 * 4,
      n4 * m2 * 4,
      Math.max(n * k, m * k, n * m) * 8,
      bias ? m * 8 : 0
    )
    if (bias) bias.at = sb
    if (pa < 0) {
      this.demote(A, n, k, n4, k8, sA, tmp)
      this.k.pack(sA, n4, k8, sAp, 4)
    }
    this.demote(B, m, k, m2, k8, sB, tmp)
    this.k.pack(sB, m2, k8, sBp, 2)
    this.k.nt(pa < 0 ? sAp : pa, n4, k8, sBp, m2, sC, m2)
    this.widen(sC, m2, n, m, C, false, tmp, bias)
  }

  gemmTNAcc(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
    const k8 = up(k, 8),
      m4 = up(m, 4)
    const pa = this.pinnedAt(A, n, k)
    const [sA, sD, sC, tmp] = this.scratch(pa < 0 ? n * k8 * 4 : 0, n * m4 * 4, m4 * k8 * 4, Math.max(n * k, n * m, m * k) * 8)
    const a = pa < 0 ? sA : pa
    if (pa < 0) this.demote(A, n, k, n, k8, a, tmp)
    // D's columns padded to 4 (zeros), so the padded rows of C come out 0 and are not read
    this.demote(D, n, m, n, m4, sD, tmp)
    this.k.tn(sD, n, m4, a, k8, sC, m4)
    this.widen(sC, k8, m, k, C, true, tmp)
  }

  gemmNN(D: Float64Array, n: number, m: number, B: Float64Array, k: number, C: Float64Array, accumulate = false): void {
    const k8 = up(k, 8),
      n4 = up(n, 4)
    const [sD, sB, sC, tmp] = this.scratch(n4 * m * 4, m * k8 * 4, n4 * k8 * 4, Math.max(n * m, m * k, n * k) * 8)
    this.demote(D, n, m, n4, m, sD, tmp)
    this.demote(B, m, k, m, k8, sB, tmp)
    this.k.nn(sD, n4, m, sB, k8, sC, m)
    this.widen(sC, k8, n, k, C, accumulate, tmp)
  }

  nacRefresh(len: number): NacRefresh {
    return nacRefresh32(this.convert, len)
  }

  naluMix(ag: Float64Array, m: Float64Array, n: number, O: number, g: Float64Array, y: Float64Array): void {
    this.wide.naluMix(ag, m, n, O, g, y)
  }
}

/** The Float32 kernels on a fresh memory of `bytes` (kernelBytes); null only where a production build fell back to JS. */
export function wasm32Kernels(bytes?: number): Kernels | null {
  const modules = simd32Modules()
  return modules ? new Wasm32Kernels(modules, bytes) : null
}
