import type * as TfNamespace from '@tensorflow/tfjs-core'
import type { Matrix, UnitKind } from '@shared/domain'
import type { Kernels } from '../kernels/types'

/** The tfjs-core namespace (tfjs-node re-exports it); only ever imported dynamically. */
export type Tf = typeof TfNamespace
export type Tensor = TfNamespace.Tensor
export type Tensor2D = TfNamespace.Tensor2D

/** A trainable parameter: rows × cols Float64 values (row-major) and their gradient. */
export interface Param {
  name: string
  rows: number
  cols: number
  value: Float64Array
  grad: Float64Array
  /** kept inside [min, max] after each optimiser step (clamped units) */
  min?: number
  max?: number
}

export function param(name: string, rows: number, cols: number, bounds?: { min: number; max: number }): Param {
  const size = rows * cols
  return { name, rows, cols, value: new Float64Array(size), grad: new Float64Array(size), ...bounds }
}

/** p's values and grads moved into `value` and `grad` (views on a WebAssembly memory), contents kept. */
export function moveParam(p: Param, value: Float64Array, grad: Float64Array): void {
  value.set(p.value)
  grad.set(p.grad)
  p.value = value
  p.grad = grad
}

type Gather = NonNullable<Kernels['gather']>

/**
 * Rows fed to a unit. A transform of them that a unit needs (log|x| for instance) is computed once
 * and cached when the rows never change (the data sets), or once per content for rows rewritten in
 * place (a fresh batch, a hidden layer): whoever rewrites them calls touch(), so forward and
 * backward of one batch share the transform. Stable rows and their transforms are handed to `pin`
 * (the kernels may keep a copy of them).
 */
export class Input {
  private readonly cache = new Map<string, { buf: Float64Array; version: number }>()
  private version = 0
  constructor(
    public x: Float64Array,
    public n: number,
    readonly d: number,
    readonly stable: boolean,
    private readonly pin?: (a: Float64Array) => void
  ) {
    if (stable) pin?.(x)
  }

  /** where rewritten rows come from when they are rows of a stable Input (a shuffled batch) */
  private source: { input: Input; rows: Uint32Array; start: number; gather?: Gather } | null = null

  /** The rows were rewritten: transforms cached from the old ones are stale. */
  touch(): void {
    this.version++
  }

  /**
   * The rows are now rows[start..start + n) of `input` (stable, e.g. the training set): a transform
   * is gathered from its transform of the whole set, computed once (element-wise transforms only),
   * by `gather` where given (the kernels': kernels/types.ts).
   */
  gatheredFrom(input: Input, rows: Uint32Array, start: number, gather?: Gather): void {
    this.source = { input, rows, start, gather }
    this.touch()
  }

  private readonly rowCache = new Map<string, Float64Array[]>()

  /** A stable Input's transform as a view per row, made once: batches gathered from it copy rows, not elements. */
  derivedRows(key: string, arg: number, fill: (x: Float64Array, out: Float64Array, len: number, arg: number) => void): Float64Array[] {
    let rows = this.rowCache.get(key)
    if (!rows) {
      rows = rowViews(this.derived(key, arg, fill), this.n, this.d)
      this.rowCache.set(key, rows)
    }
    return rows
  }

  derived(key: string, arg: number, fill: (x: Float64Array, out: Float64Array, len: number, arg: number) => void): Float64Array {
    let entry = this.cache.get(key)
    if (entry && (this.stable || entry.version === this.version)) return entry.buf
    if (!entry || entry.buf.length < this.n * this.d) {
      entry = { buf: new Float64Array(this.stable ? this.n * this.d : Math.max(this.x.length, this.n * this.d)), version: -1 }
      this.cache.set(key, entry)
    }
    const src = this.source
    if (src?.gather) src.gather(src.input.derived(key, arg, fill), this.d, src.rows, src.start, this.n, entry.buf)
    else if (src) {
      const views = src.input.derivedRows(key, arg, fill),
        d = this.d,
        out = entry.buf
      for (let r = 0; r < this.n; r++) out.set(views[src.rows[src.start + r]], r * d)
    } else fill(this.x, entry.buf, this.n * this.d, arg)
    entry.version = this.version
    if (this.stable) this.pin?.(entry.buf)
    return entry.buf
  }
}

/**
 * One unit with hand-written Float64 forward and backward passes, plus the same function in tfjs
 * ops, whose autodiff gradients the tests hold the hand-written ones to.
 */
export interface Unit {
  readonly kind: UnitKind
  readonly inDim: number
  readonly outDim: number
  readonly params: Param[]
  /**
   * As a model's first unit (no dL/dx asked), it reads its input rows and their transforms only
   * through the kernels' products and Input.derived, never in JS: a shuffled batch's rows then need
   * not be copied out of the kernels' memory (Kernels.gather's `forJs`). Absent: it reads them in JS.
   */
  readonly rowsThroughKernels?: boolean
  /** Recomputes what derives from the parameters (e.g. W = tanh(Ŵ)⊙σ(M̂)) after they changed. */
  refresh(): void
  /** y (n × outDim) from the input rows; `keep` saves what backward needs. */
  forward(input: Input, y: Float64Array, keep: boolean): void
  /** Adds dL/dθ to the parameters' grads and writes dL/dx into dx when asked (last kept forward). */
  backward(input: Input, dy: Float64Array, dx: Float64Array | null): void
  /** Madsen & Johansen's sparsity regulariser: returns R(θ) and adds weight·∂R/∂θ to the grads. */
  regularize?(weight: number): number
  /** The effective weights the sparsity error is measured on (fresh after refresh()); absent where it has no meaning. */
  sparsityWeights?(): Float64Array[]
  /** Adds the gate values of the last forward, summed over its n rows, per output. */
  sumGates?(n: number, acc: Float64Array): void
  /** A paper NALU's parts, for the fused NALU → NALU kernel (trainer/naluStack.ts). */
  readonly naluParts?: NaluParts
  /**
   * The learned matrices, effective weights first (rows = outputs, cols = inputs). Gated units
   * get their mean gate per output (over the extrapolation set) to blend their two paths.
   */
  matrices(gateMeans: number[] | null): Matrix[]
  /** The same function in tfjs ops: the autodiff reference. `p` holds one tensor per parameter. */
  tfForward(tf: Tf, p: Record<string, Tensor>, x: Tensor2D): Tensor2D
}

/** The shared-NAC NALU y = g⊙(W·x) + (1−g)⊙exp(W·log(|x|+ε)), g = σ(G·x), as a fused kernel needs it. */
export interface NaluParts {
  readonly eps: number
  /** the effective W = tanh(Ŵ)⊙σ(M̂) (outputs × inputs), fresh after refresh() */
  readonly W: Float64Array
  readonly G: Param
  /** Adds dL/dŴ and dL/dM̂ for dL/dW (the sum of both paths' gradients) to their grads. */
  chainW(dW: Float64Array): void
}

/** A view on each of the n rows (d values) of a row-major matrix: TypedArray.set of a row view copies ~3× faster than an element loop. */
export function rowViews(a: Float64Array, n: number, d: number): Float64Array[] {
  return Array.from({ length: n }, (_, r) => a.subarray(r * d, (r + 1) * d))
}

/** An empty scratch buffer, typed so that `ensure` may later swap in any Float64Array. */
export function empty(): Float64Array {
  return new Float64Array(0)
}

/** Grows a scratch buffer to at least `size` (never shrinks: no allocation once warm). */
export function ensure(buf: Float64Array, size: number): Float64Array {
  return buf.length >= size ? buf : new Float64Array(Math.max(size, buf.length * 2))
}

/** A copy of `data` as a Matrix: a loop, ≈ 12× faster than Array.from on a typed array (64 snapshots a run go through here). */
export function matrix(name: string, rows: number, cols: number, data: ArrayLike<number>): Matrix {
  const copy = new Array<number>(data.length)
  for (let i = 0; i < data.length; i++) copy[i] = data[i]
  return { name, rows, cols, data: copy }
}
