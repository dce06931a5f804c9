import type { Param } from '../models/types'
import { hasAdamHome, homeForAdam } from './adamWasm'
import { simd32Modules, type Simd32Modules } from './modules'
import type { NacRefresh } from './elementwise'
import { Operands32, up } from './operands32'
import { nacRefresh32 } from './refresh32'
import type { Kernels } from './types'
import { WeightGrad32 } from './weightGrad32'
import { fusedMultiplyAdd } from './relaxedSimd'
import { WasmKernels } from './wasm'
import { wasmApi, type WasmModule } from './wasmApi'

type Gemm = (a: number, n: number, m: number, b: number, k: number, c: number, ld: number) => void

/** the dense layer's bias and whether ReLU follows */
interface Bias {
  b: Float64Array
  relu: boolean
}

/**
 * The Float32 path ("mixed precision"): the three products in float32 with f32x4 SIMD, summed in
 * float32 as a BLAS does, while parameters, gradients, Adam's moments and the element-wise steps
 * stay Float64 (Adam's update quotient is float32 on this path: adam.wat's adamQ32).
 * Operands are rounded to float32 on the way in (operands32.ts: the data sets and their log
 * transforms once), results widened back to Float64 and added there when accumulating, so
 * a gradient that collects several products rounds each product, never the running sum.
 * Every size runs in float32: the edges are zero-padded (rows to 4, inner lengths to 8), not done in JS.
 */
export class Wasm32Kernels implements Kernels {
  readonly name = 'wasm-simd-f32'
  /** the products' bits depend on it (relaxedSimd.ts), so a run records it */
  readonly backend = fusedMultiplyAdd() ? 'wasm-simd-f32-fma' : 'wasm-simd-f32'
  private readonly o: Operands32
  private readonly k: { nt: Gemm; nn: Gemm }
  /** the weight gradient's two kernels and the choice between them */
  readonly weightGrad: WeightGrad32
  /** the Float64 kernels, for the element-wise NALU step */
  private readonly wide: Kernels
  /** convert32.wat, instantiated again on each NAC's own memory for its refresh */
  private readonly convert: WasmModule

  /** `bytes`: the run's kernelBytes, allocated now so the memory need not grow (kernels/wasm.ts, sizedMemory) */
  constructor(modules: Simd32Modules, bytes = 16 * 65536) {
    if (!wasmApi) throw new Error('WebAssembly is not available')
    const api = wasmApi
    this.o = new Operands32(modules, bytes)
    const exports = (name: 'gemm32NT' | 'gemm32TN' | 'gemm32NN') => new api.Instance(modules[name], { env: { mem: this.o.mem } }).exports
    this.convert = modules.convert32
    this.k = { nt: exports('gemm32NT').gemm32NT as Gemm, nn: exports('gemm32NN').gemm32NN as Gemm }
    this.weightGrad = new WeightGrad32(exports('gemm32TN'))
    // the same budget: its NALU step over an evaluation slice of a wide model outgrew 16 pages (a grow
    // detaches a buffer: V8's slow typed-array mode for the whole process)
    this.wide = new WasmKernels(modules, bytes)
  }

  pin(a: Float64Array): void {
    this.o.pin(a)
  }

  gather(src: Float64Array, d: number, rows: Uint32Array, start: number, n: number, out: Float64Array, forJs = true): void {
    this.o.gather(src, d, rows, start, n, out, forJs)
  }

  /**
   * C (rows × cols, Float64) = or += the float32 result at `src` (row stride `sld`), through the
   * Float64 area at `tmp`; with `bias` (copied to byte `at` now), the dense layer's bias and ReLU on the way.
   */
  private widen(
    src: number,
    sld: number,
    rows: number,
    cols: number,
    C: Float64Array,
    add: boolean,
    tmp: number,
    bias?: Bias & { at: number },
    hc = -1
  ): void {
    const len = rows * cols,
      t = tmp / 8
    // a hosted C (a weight's gradient: hostParams) is written or added to where it lives
    if (hc >= 0) return this.o.c.promote(src, sld, hc, cols, rows, cols, add ? 1 : 0)
    if (add) this.o.put(C, len, tmp)
    this.o.c.promote(src, sld, tmp, cols, rows, cols, add ? 1 : 0)
    if (bias) {
      this.o.put(bias.b, cols, bias.at)
      this.o.c.biasRelu(tmp, bias.at, rows, cols, bias.relu ? 1 : 0)
    }
    C.set(this.o.f64.subarray(t, t + len))
  }

  gemmNT(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array): void {
    this.nt(A, n, k, B, m, C)
  }

  gemmNTBias(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array, b: Float64Array, relu: boolean): void {
    this.nt(A, n, k, B, m, C, { b, relu })
  }

  reluGrad(y: Float64Array, dy: Float64Array, dz: Float64Array, len: number): void {
    const [sy, sd] = this.o.scratch(len * 8, len * 8)
    this.o.put(y, len, sy)
    this.o.put(dy, len, sd)
    this.o.c.reluGrad(sy, sd, sd, len)
    dz.set(this.o.f64.subarray(sd / 8, sd / 8 + len))
  }

  private nt(A: Float64Array, n: number, k: number, B: Float64Array, m: number, C: Float64Array, bias?: Bias): void {
    const k8 = up(k, 8),
      n4 = up(n, 4),
      m2 = up(m, 2),
      hb = this.o.hostedAt(B)
    const pa = this.o.panelsAt(A, n, k)
    const own = pa < 0 ? n4 * k8 * 4 : 0
    const [sA, sAp, sB, sBp, sC, tmp, sb] = this.o.scratch(
      own,
      own,
      m2 * k8 * 4,
      m2 * k8 * 4,
      n4 * m2 * 4,
      Math.max(n * k, m * k, n * m) * 8,
      bias ? m * 8 : 0
    )
    if (pa < 0) {
      this.o.demote(A, n, k, n4, k8, sA, tmp)
      this.o.c.pack(sA, n4, k8, sAp, 4)
    }
    this.o.demote(B, m, k, m2, k8, sB, tmp, hb)
    this.o.c.pack(sB, m2, k8, sBp, 2)
    this.k.nt(pa < 0 ? sAp : pa, n4, k8, sBp, m2, sC, m2)
    this.widen(sC, m2, n, m, C, false, tmp, bias && { ...bias, at: sb })
  }

  gemmTNAcc(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
    this.tn(D, n, m, A, k, C, true)
  }

  gemmTN(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array): void {
    this.tn(D, n, m, A, k, C, false)
  }

  private tn(D: Float64Array, n: number, m: number, A: Float64Array, k: number, C: Float64Array, add: boolean): void {
    const k8 = up(k, 8),
      m4 = up(m, 4),
      hc = this.o.hostedAt(C)
    const pa = this.o.pinnedAt(A, n, k)
    const [sA, sD, sC, tmp, sL, sN] = this.o.scratch(
      pa < 0 ? n * k8 * 4 : 0,
      n * m4 * 4,
      m4 * k8 * 4,
      Math.max(n * k, n * m, m * k) * 8,
      ...WeightGrad32.listBytes(n, m)
    )
    const a = pa < 0 ? sA : pa
    if (pa < 0) this.o.demote(A, n, k, n, k8, a, tmp)
    // D's columns padded to 4 (zeros), so the padded rows of C come out 0 and are not read
    this.o.demote(D, n, m, n, m4, sD, tmp)
    this.weightGrad.run(D, sD, n, m, m4, a, k8, sC, sL, sN)
    this.widen(sC, k8, m, k, C, add, tmp, undefined, hc)
  }

  gemmNN(D: Float64Array, n: number, m: number, B: Float64Array, k: number, C: Float64Array, accumulate = false): void {
    const k8 = up(k, 8),
      n4 = up(n, 4),
      hb = this.o.hostedAt(B)
    const [sD, sB, sC, tmp] = this.o.scratch(n4 * m * 4, m * k8 * 4, n4 * k8 * 4, Math.max(n * m, m * k, n * k) * 8)
    this.o.demote(D, n, m, n4, m, sD, tmp)
    this.o.demote(B, m, k, m, k8, sB, tmp, hb)
    this.k.nn(sD, n4, m, sB, k8, sC, m)
    this.widen(sC, k8, n, k, C, accumulate, tmp)
  }

  /**
   * Params without a home yet (a NAC's Ŵ and M̂ have their refresh's) moved into the operands'
   * memory as their Adam home (Operands32.host): a dense layer's weights are then rounded for the
   * forward product and its gradient added to, where they live, instead of copied in (400 kB a
   * product at 1,000 × 50) and, for the gradient, out again.
   */
  hostParams(params: Param[]): void {
    const free = params.filter((p) => !hasAdamHome(p))
    if (free.length > 0) homeForAdam(this.o.host(free))
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
