import { ApiError } from '@shared/api'
import type { ExperimentSpec, GeneratedConfig, ProblemSpec } from '@shared/domain'
import { computeTargets, guardDenominators, outDimOf, type DataSet } from '../problems'
import { Input, rowViews } from '../models/types'
import type { Rng } from '../rng'
import type { Kernels } from '../kernels/types'
import type { Slice } from './batches'
import { UniformStream } from './uniform'
import { wasmApi, type WasmMemory, type WasmModule } from '../kernels/wasmApi'
import targetsWat from './targets.wat'

/**
 * Madsen & Johansen's training data: a fresh batch of rows drawn from the training range for every
 * iteration (no fixed training set, no epochs). One buffer, rewritten in place: the batch's Input
 * is unstable, so a unit's cached transforms of it are recomputed for every batch.
 */
export class FreshBatches {
  readonly slice: Slice
  private readonly x: Float64Array
  private readonly stream: UniformStream
  private readonly lo: number
  private readonly hi: number
  private readonly redraw: () => number
  /** the subset task's targets computed where the rows are (targets.wat), or null: computeTargets */
  private readonly subsets: (() => void) | null = null

  /**
   * `rng` seeds the batch stream and redraws guarded denominators; `useWasm` false forces the JS
   * generator (same values, same targets); `home` is a memory to draw into (the stack kernel's,
   * which reads the rows and targets in place).
   */
  constructor(
    private readonly problem: ProblemSpec,
    private readonly config: GeneratedConfig,
    private readonly n: number,
    private readonly rng: Rng,
    useWasm = true,
    home?: WasmMemory
  ) {
    const d = config.inDim
    const m = outDimOf(config)
    this.stream = new UniformStream(n * d, rng, useWasm, home, n * m * 8)
    this.x = this.stream.values.subarray(0, n * d)
    this.lo = problem.train.range.lo
    this.hi = problem.train.range.hi
    this.redraw = () => this.rng.uniform(this.lo, this.hi)
    const mem = this.stream.memory
    const y = mem ? new Float64Array(mem.buffer, this.stream.tailAt, n * m) : new Float64Array(n * m)
    this.slice = { start: 0, n, input: new Input(this.x, n, d, false), y }
    if (mem && wasmApi && config.kind === 'subsets') {
      const run = new wasmApi.Instance(targetsModule(), { env: { mem } }).exports.subsets as Subsets
      const [a0, a1] = config.a,
        [b0, b1] = config.b
      const op = OPS.indexOf(config.op)
      this.subsets = () => run(this.x.byteOffset, n, d, a0, a1, b0, b1, op, this.stream.tailAt)
    }
  }

  /** Draws the next batch (rows and targets) from the seeded stream. */
  draw(): Slice {
    this.stream.next(this.lo, this.hi)
    const guard = this.problem.divGuard
    if (guard > 0) guardDenominators(this.config, this.x, this.n, guard, this.redraw, 'train')
    if (this.subsets) this.subsets()
    else computeTargets(this.config, this.x, this.n, this.slice.y)
    this.slice.input.touch()
    return this.slice
  }
}

type Subsets = (x: number, n: number, d: number, a0: number, a1: number, b0: number, b1: number, op: number, y: number) => void
const OPS = ['add', 'sub', 'mul', 'div'] as const
let compiledTargets: WasmModule | undefined
function targetsModule(): WasmModule {
  compiledTargets ??= new (wasmApi as NonNullable<typeof wasmApi>).Module(targetsWat)
  return compiledTargets
}

/** Why an 'epochs' schedule cannot train, or null: dropping the short last batch of a set smaller than one batch leaves none. */
function noBatch(rows: number, batchSize: number, dropLast: boolean): string | null {
  if (!dropLast || rows >= batchSize) return null
  return `the training set has ${rows} rows, fewer than one batch of ${batchSize}: lower the batch size or turn off "drop the last short batch"`
}

/** Refuses, before anything starts, an experiment whose 'epochs' schedule would have no batch. */
export function checkBatches(spec: ExperimentSpec): void {
  if (spec.training.schedule !== 'epochs') return
  const why = noBatch(spec.problem.train.size, spec.training.batchSize, spec.training.dropLast)
  if (why) throw new ApiError({ code: 'invalid', field: 'training.batchSize', message: `Invalid experiment: training.batchSize: ${why}` })
}

/** Values of a training set up to which a shuffled batch's transforms are gathered from the whole set's (32 MB of Float64). */
const GATHER_MAX = 4_000_000
/** Rows of a training set up to which a view per row is kept for gathering (≈ 100 bytes each). */
const ROW_VIEWS_MAX = 200_000

/**
 * The 'epochs' schedule's batches over a fixed training set: reshuffled before every epoch when
 * `shuffle` (gathered into one reused buffer), and without a last batch shorter than batchSize
 * when `dropLast`. Without shuffling the batches are stable slices of the set.
 */
export class EpochBatches {
  readonly count: number
  private readonly order: Uint32Array
  private readonly gathered: Slice | null
  /** the whole set as one stable Input, whose transforms (log|x|) shuffled batches gather; null for a set too big to double */
  private readonly whole: Input | null
  /** each row of x and y as a view, made once (rowViews); null for a set with too many rows */
  private readonly rows: { x: Float64Array[]; y: Float64Array[] } | null
  /** the kernels' gather for the input rows and their transforms: for JS readers too, or only for the products */
  private readonly gatherRows?: NonNullable<Kernels['gather']>

  constructor(
    private readonly set: DataSet,
    private readonly size: number,
    private readonly fixed: Slice[],
    shuffle: boolean,
    dropLast: boolean,
    private readonly rng: Rng,
    /** the kernels' gather (kernels/types.ts), where they have one: rows copied in their memory */
    private readonly gather?: Kernels['gather'],
    /** JS reads the batches' input rows (false: only the kernels' products do, Engine.rowsThroughKernels) */
    rowsForJs = true
  ) {
    const full = Math.floor(set.n / size)
    const why = noBatch(set.n, size, dropLast)
    if (why) throw new Error(why)
    this.count = dropLast ? full : Math.ceil(set.n / size)
    this.order = new Uint32Array(set.n).map((_, i) => i)
    this.gathered = shuffle
      ? {
          start: 0,
          n: size,
          input: new Input(new Float64Array(size * set.inDim), size, set.inDim, false),
          y: new Float64Array(size * set.outDim)
        }
      : null
    this.whole = shuffle && set.n * set.inDim <= GATHER_MAX ? new Input(set.x, set.n, set.inDim, true) : null
    this.rows =
      shuffle && !gather && set.n <= ROW_VIEWS_MAX ? { x: rowViews(set.x, set.n, set.inDim), y: rowViews(set.y, set.n, set.outDim) } : null
    // without the whole set's transforms, a batch's log|x| would be computed from its rows in JS
    const forJs = rowsForJs || !this.whole
    this.gatherRows = gather && ((src, d, rows, start, n, out) => gather(src, d, rows, start, n, out, forJs))
  }

  /** Starts an epoch: a new order of the rows (Fisher–Yates on the seeded stream). */
  shuffle(): void {
    if (this.gathered) this.rng.shuffle(this.order)
  }

  /** Batch b of the current epoch. */
  batch(b: number): Slice {
    const g = this.gathered
    if (!g) return this.fixed[b]
    const { inDim: d, outDim: m, x, y } = this.set
    const start = b * this.size
    const n = Math.min(this.size, this.set.n - start)
    const gx = g.input.x,
      gy = g.y
    const views = this.rows
    if (this.gather && this.gatherRows) {
      this.gatherRows(x, d, this.order, start, n, gx)
      // the loss reads the targets in JS
      this.gather(y, m, this.order, start, n, gy)
    } else if (views) {
      for (let r = 0; r < n; r++) {
        const row = this.order[start + r]
        gx.set(views.x[row], r * d)
        gy.set(views.y[row], r * m)
      }
    } else {
      // element loops: a subarray per row would be garbage on every batch
      for (let r = 0; r < n; r++) {
        const row = this.order[start + r]
        for (let j = 0, from = row * d, to = r * d; j < d; j++) gx[to + j] = x[from + j]
        for (let j = 0, from = row * m, to = r * m; j < m; j++) gy[to + j] = y[from + j]
      }
    }
    g.n = n
    g.input.n = n
    if (this.whole) g.input.gatheredFrom(this.whole, this.order, start, this.gatherRows)
    else g.input.touch()
    return g
  }
}
