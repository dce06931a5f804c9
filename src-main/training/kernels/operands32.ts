import type { Simd32Modules } from './modules'
import { rowViews, type Param } from '../models/types'
import { placedBytes, placeParams, type AdamHome } from './adamWasm'
import { sizedMemory } from './wasm'
import { wasmApi, type WasmMemory } from './wasmApi'

type Convert = (src: number, sld: number, dst: number, dld: number, rows: number, cols: number, last: number) => void
type Pack = (src: number, rows: number, k: number, dst: number, h: number) => void
type BiasRelu = (y: number, b: number, rows: number, cols: number, relu: number) => void
type ReluGrad = (y: number, dy: number, dz: number, count: number) => void
type GatherRows = (src: number, bytes: number, idx: number, n: number, dst: number) => void

/** convert32.wat's functions on the operands' memory */
export interface Convert32 {
  demote: Convert
  promote: Convert
  pack: Pack
  biasRelu: BiasRelu
  reluGrad: ReluGrad
  gatherRows: GatherRows
}

const PAGE = 65536
export const up = (x: number, q: number): number => Math.ceil(x / q) * q

/**
 * Where the Float32 path's operands live in float32 (wasm32.ts runs the products on them): one
 * memory a run, sized once from kernelBytes; the data sets and their transforms rounded once,
 * after pin(), when a product first reads them (their shape is known only then), with the forward
 * product's panels; shuffled batches gathered from those float32 copies; and scratch space after
 * them for operands rounded per call. Byte offsets throughout; `f32`/`f64` are re-taken after a grow.
 */
export class Operands32 {
  readonly mem: WasmMemory
  readonly c: Convert32
  f32: Float32Array
  f64: Float64Array
  u32: Uint32Array
  private readonly stable = new WeakSet<Float64Array>()
  /** pinned arrays: their float32 rows (rows padded to 4) and, once the forward product reads them, its panels */
  private readonly pinned = new WeakMap<Float64Array, { at: number; cols: number; rows: number; panels: number }>()
  /** a view per row of each array batches are gathered from, made once: no allocation per batch */
  private readonly rowViews = new WeakMap<Float64Array, Float64Array[]>()
  /** gathered batches: their rows' float32 home and panels, made when a product first reads them after a gather */
  private readonly homes = new WeakMap<
    Float64Array,
    {
      at: number
      panels: number
      /** where the row indices go for gatherRows */
      idxAt: number
      cols: number
      rows: number
      src: Float64Array
      idx: Uint32Array
      fresh: boolean
      packed: boolean
    }
  >()
  /** end of the pinned region, in bytes; scratch starts there */
  private top = 0
  /** what points hosted params at the memory's new buffer after a grow */
  private readonly rehost: (() => void)[] = []

  /** `bytes`: the run's kernelBytes, allocated now so the memory need not grow (kernels/wasm.ts, sizedMemory) */
  constructor(modules: Pick<Simd32Modules, 'convert32'>, bytes: number) {
    if (!wasmApi) throw new Error('WebAssembly is not available')
    this.mem = sizedMemory(wasmApi, Math.max(16, Math.ceil(bytes / PAGE)))
    this.f32 = new Float32Array(this.mem.buffer)
    this.f64 = new Float64Array(this.mem.buffer)
    this.u32 = new Uint32Array(this.mem.buffer)
    this.c = new wasmApi.Instance(modules.convert32, { env: { mem: this.mem } }).exports as unknown as Convert32
  }

  /** Rounded to float32 when a product first reads it, then kept. */
  pin(a: Float64Array): void {
    this.stable.add(a)
  }

  private reserve(bytes: number): void {
    const need = bytes - this.mem.buffer.byteLength
    if (need > 0) this.mem.grow(Math.ceil(need / PAGE))
    if (this.f32.buffer !== this.mem.buffer) {
      this.f32 = new Float32Array(this.mem.buffer)
      this.f64 = new Float64Array(this.mem.buffer)
      this.u32 = new Uint32Array(this.mem.buffer)
      for (const view of this.rehost) view()
    }
  }

  /**
   * `params` moved into a region of this memory kept for them (adamWasm.ts placeParams' layout),
   * their home for Adam: the products then read the weights and write the gradients where they are.
   */
  host(params: Param[]): AdamHome {
    const { home, view } = placeParams(this.mem, this.keep(placedBytes(params)), params)
    this.rehost.push(view)
    return home
  }

  /**
   * The byte offset of `a` if it is a view on this memory (a hosted param's values or grads), else -1.
   * Taken before a call reserves room: a grow detaches `a`, but not its bytes' place.
   */
  hostedAt(a: Float64Array): number {
    return a.buffer === this.mem.buffer ? a.byteOffset : -1
  }

  /** a[0 .. len) copied as it is to byte `at` (8-aligned). */
  put(a: Float64Array, len: number, at: number): void {
    this.f64.set(a.length === len ? a : a.subarray(0, len), at / 8)
  }

  /**
   * a[0 .. rows·cols) as float32 at byte `at`, rows padded with zeros to `cols8` values and to
   * `rowsP` rows, rounded in SIMD where `a` is hosted (its byte offset `h`), else staged as Float64
   * at byte `tmp` (a plain copy) and rounded there.
   */
  demote(a: Float64Array, rows: number, cols: number, rowsP: number, cols8: number, at: number, tmp: number, h = this.hostedAt(a)): void {
    if (h < 0) this.put(a, rows * cols, tmp)
    this.c.demote(h < 0 ? tmp : h, cols, at, cols8, rows, cols, cols8)
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
      home = { at: -1, panels: -1, idxAt: -1, cols: d, rows: 0, src, idx: new Uint32Array(cap), fresh: false, packed: false }
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
    const s = this.pinnedAt(home.src, home.src.length / cols, cols)
    // a region for as many rows as the batch's buffer holds, after the pinned arrays, and its indices
    if (home.at < 0) {
      home.at = this.keep(up(home.idx.length, 4) * cols8 * 4)
      home.idxAt = this.keep(home.idx.length * 4)
    }
    // copied in WebAssembly (a memory.copy a row): a copyWithin a row took twice as long for a
    // batch of 128 rows of 4 kB from a set no longer in cache (119 against 64 µs)
    this.u32.set(home.idx.subarray(0, home.rows), home.idxAt / 4)
    this.c.gatherRows(s, cols8 * 4, home.idxAt, home.rows, home.at)
    home.fresh = true
    return home.at
  }

  /** The float32 copy of a pinned array (made now if this is its first use) or of a gathered batch, else -1. */
  pinnedAt(a: Float64Array, rows: number, cols: number): number {
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

  /** Room for `bytes` after the pinned arrays, kept (a pinned array's or a batch's panels, hosted params). */
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
  panelsAt(a: Float64Array, rows: number, cols: number): number {
    const cols8 = up(cols, 8)
    if (this.stable.has(a)) {
      const at = this.pinnedAt(a, rows, cols)
      const p = this.pinned.get(a)!
      if (p.panels < 0) {
        p.panels = this.keep(p.rows * cols8 * 4)
        this.c.pack(at, p.rows, cols8, p.panels, 4)
      }
      return p.panels
    }
    const at = this.homeAt(a, cols)
    const home = this.homes.get(a)
    if (at < 0 || !home) return -1
    if (home.panels < 0) home.panels = this.keep(up(home.idx.length, 4) * cols8 * 4)
    if (!home.packed) this.c.pack(at, up(home.rows, 4), cols8, home.panels, 4)
    home.packed = true
    return home.panels
  }

  /** Consecutive 16-byte-aligned regions of these byte sizes after the pinned ones; the memory grown to hold them. */
  scratch(...bytes: number[]): number[] {
    let at = this.top
    const out = bytes.map((b) => {
      const here = at
      at += up(b, 16)
      return here
    })
    this.reserve(at)
    return out
  }
}
