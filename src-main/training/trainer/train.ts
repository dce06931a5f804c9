import type {
  EpochMetrics,
  ExperimentSpec,
  FinalMetrics,
  GeneratedConfig,
  LearnedWeights,
  ModelSpec,
  RunEnvironment,
  TrainingSpec
} from '@shared/domain'
import { successThresholds } from '../problems'
import { Model } from '../models/model'
import { clipGradNorm, createOptimiser } from '../optim'
import { ENGINE_VERSION, resolvePath } from '../path'
import { Rng, STREAM } from '../rng'
import { createKernels, jsKernels, kernelBytes } from '../kernels'
import { resolvePrecision } from '../kernels/float32'
import { loadTf } from '../tfjs'
import { EVAL_ROWS, slices } from './batches'
import { dataFor } from './dataCache'
import { epochPass, type EpochSums } from './epochPass'
import { EpochBatches, FreshBatches } from './sampler'
import type { Engine } from './engine'
import { finalMetrics, gateSums, learnedWeights, nonFiniteParam } from './final'
import { fusedEngine } from './fused'
import { naluStackEngine } from './naluStack'
import { stackEngine, type BatchHome } from './stack'
import { tfjsEngine } from './tfjsEngine'

export interface TrainJob {
  spec: ExperimentSpec
  modelSpec: ModelSpec
  seed: number
  config: GeneratedConfig
}

export interface TrainHooks {
  /** once the path and backend are known, before the first epoch */
  onStart?(env: RunEnvironment): void
  onEpoch?(metrics: EpochMetrics): void
  /** weight snapshots (src-shared/weights): asked at each step (0 = the initialisation), given the weights where due */
  snapshots?: { due(step: number): boolean; take(step: number, weights: LearnedWeights): void }
}

export interface TrainResult {
  env: RunEnvironment
  status: 'completed' | 'diverged'
  divergedAtEpoch: number | null
  error: string | null
  /** the last evaluation point's metrics with the run's verdict (also for a diverged run), null if none finished */
  final: FinalMetrics | null
  /** null unless completed: a diverged run's weights hold NaN or Infinity */
  weights: LearnedWeights | null
}

async function openEngine(
  path: 'fused' | 'tfjs',
  training: TrainingSpec,
  model: Model,
  maxBatch: number
): Promise<{ engine: Engine & { home?: BatchHome }; env: RunEnvironment }> {
  const versions: Record<string, string> = { engine: ENGINE_VERSION, node: process.versions.node, v8: process.versions.v8 }
  if (path === 'fused') {
    // the fused path's backend: Float64 kernels in WebAssembly SIMD ('fused-wasm-simd') or plain JS;
    // the paper's NAU/NMU stacks as one SIMD pass per batch there, its NALU stack as two
    const engine = stackEngine(model, maxBatch) ?? naluStackEngine(model, maxBatch) ?? fusedEngine(model, maxBatch)
    return { engine, env: { path: 'fused', backend: `fused-${model.kernels.backend}`, versions } }
  }
  const handle = await loadTf(training.backend)
  versions.tfjs = handle.version
  return { engine: tfjsEngine(model, handle), env: { path: 'tfjs', backend: handle.backend, versions } }
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
/** iterations between two looks at the clock (a power of 2), so that a long gap between evaluations still lets messages out */
const CLOCK_EVERY = 64

/**
 * Trains one model on one seed of a problem. 'epochs': passes over a fixed training set, evaluated
 * after each. 'iterations' (Madsen & Johansen): a fresh batch every step, the interpolation and
 * extrapolation sets evaluated at iteration 0, every evalEvery iterations and at the last, as the
 * official loop does before that iteration's step. Divergence (NaN or ±Infinity in a loss or a
 * parameter) ends the run there; its verdict is judged on the points before. Same job, same path
 * and backend: the same numbers, bit for bit.
 */
export async function train(job: TrainJob, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = performance.now()
  const { problem, training } = job.spec
  const fresh = training.schedule === 'iterations'
  const data = dataFor(problem, job.config, job.seed, { train: !fresh })
  const chosen = resolvePath(training)
  if ('error' in chosen) throw new Error(chosen.error)
  // the tfjs path keeps a Float64 twin of the model only for the final weights and gates
  // the fused path's products in Float64 or float32 (recorded in the backend: fused-wasm-simd-f32, -fma where its multiply-adds fuse)
  const precision = resolvePrecision(training, job.modelSpec, data.interp.inDim, data.interp.outDim).precision
  // the kernels' memory sized for the whole run at once: it never grows (kernels/wasm.ts, sizedMemory)
  const { inDim, outDim } = data.interp
  const width = Math.max(inDim, 2 * outDim, 2 * job.modelSpec.hidden, ...job.modelSpec.units.map((u) => (u.kind === 'mlp' ? u.hidden : 0)))
  const bytes = kernelBytes(data.interp.n + data.extrap.n + data.train.n, inDim, outDim, width, EVAL_ROWS)
  const kernels = chosen.path === 'fused' ? createKernels('auto', precision, bytes) : jsKernels
  const model = new Model(job.modelSpec, data.interp.inDim, data.interp.outDim, new Rng(job.seed, STREAM.init), kernels)
  const pin = (a: Float64Array) => kernels.pin(a)
  const interp = slices(data.interp, EVAL_ROWS, pin)
  const extrap = slices(data.extrap, EVAL_ROWS, pin)
  const thresholds = successThresholds(problem, job.config, training.successEpsilon)
  const { engine, env } = await openEngine(chosen.path, training, model, training.batchSize)
  hooks.onStart?.(env)
  // the Float32 kernels keep the params in their memory, where the products read and write them (Kernels.hostParams)
  kernels.hostParams?.(model.params)
  // the fused path also runs Adam in SIMD (the Float32 path's with its quotient in float32); the tfjs path keeps the plain JS optimiser
  const opt = createOptimiser(training.optimizer, model.params, kernels.name !== 'js', kernels.name === 'wasm-simd-f32')
  const m = model.outDim
  const sqInterp = new Float64Array(m)
  const sqExtrap = new Float64Array(m)
  const points: EpochMetrics[] = []
  let lastYield = started

  const end = (status: TrainResult['status'], at: number | null, error: string | null): TrainResult => ({
    env,
    status,
    divergedAtEpoch: status === 'diverged' ? at : null,
    error,
    final: finalMetrics(points, thresholds),
    weights: status === 'completed' ? learnedWeights(model, extrap) : null
  })
  const unit = fresh ? 'iteration' : 'epoch'
  const diverged = (at: number, what: string) => end('diverged', at, `Training diverged at ${unit} ${at}: ${what}`)
  const snapshots = hooks.snapshots
  /** The weights at step x where a snapshot is due (asked once per step); `gates` the evaluation's gate sums at x, if taken. */
  const snapshot = (x: number, due: boolean, gates?: (Float64Array | null)[]): void => {
    if (due) snapshots?.take(x, learnedWeights(model, extrap, gates))
  }
  /** where a snapshot is due at an evaluation point, the evaluation's extrapolation pass adds up the gates it needs */
  const gatesFor = (due: boolean) => (due && engine.squaredErrorsAndGates ? gateSums(model) : undefined)

  /** One evaluation point at x (epoch or iteration): a message if it diverged, else null. */
  const evaluate = async (x: number, trainMse: number, gates?: (Float64Array | null)[]): Promise<string | null> => {
    const bad = nonFiniteParam(model)
    if (bad) return `parameter ${bad} became NaN or ±Infinity`
    sqInterp.fill(0)
    sqExtrap.fill(0)
    engine.squaredErrors(interp, sqInterp)
    if (gates && engine.squaredErrorsAndGates) engine.squaredErrorsAndGates(extrap, sqExtrap, gates)
    else engine.squaredErrors(extrap, sqExtrap)
    const perInterp = Array.from(sqInterp, (s) => s / data.interp.n)
    const perExtrap = Array.from(sqExtrap, (s) => s / data.extrap.n)
    const metrics: EpochMetrics = {
      epoch: x,
      trainMse,
      interpMse: perInterp.reduce((a, b) => a + b, 0) / m,
      extrapMse: perExtrap.reduce((a, b) => a + b, 0) / m,
      perOutput: { interp: perInterp, extrap: perExtrap },
      wallMs: performance.now() - started
    }
    const sparsity = model.sparsityError()
    if (sparsity !== null) metrics.sparsityError = sparsity
    if (!Number.isFinite(metrics.interpMse)) return `the interpolation MSE became ${metrics.interpMse}`
    if (!Number.isFinite(metrics.extrapMse)) return `the extrapolation MSE became ${metrics.extrapMse}`
    points.push(metrics)
    hooks.onEpoch?.(metrics)
    // let the process's messages out now and then; the loop itself never waits
    if (performance.now() - lastYield > 50) {
      await yieldToLoop()
      lastYield = performance.now()
    }
    return null
  }

  const step = (t: number): void => {
    model.regularize(t)
    if (training.gradClip !== null) clipGradNorm(model.params, training.gradClip)
    opt.step()
    engine.sync()
  }

  try {
    if (fresh) {
      const batches = new FreshBatches(problem, job.config, training.batchSize, new Rng(job.seed, STREAM.train), true, engine.home?.memory)
      const { iterations, evalEvery } = training
      for (let it = 0; ; it++) {
        const loss = engine.lossAndGrad(batches.draw())
        if (!Number.isFinite(loss)) return diverged(it, `the training loss became ${loss}`)
        const due = snapshots?.due(it) ?? false
        let gates: (Float64Array | null)[] | undefined
        if (it % evalEvery === 0 || it === iterations) {
          gates = gatesFor(due)
          const why = await evaluate(it, loss, gates)
          if (why) return diverged(it, why)
        }
        snapshot(it, due, gates)
        if (it === iterations) break
        step(it)
        if ((it & (CLOCK_EVERY - 1)) === 0 && performance.now() - lastYield > 50) {
          await yieldToLoop()
          lastYield = performance.now()
        }
      }
    } else {
      const fixed = slices(data.train, training.batchSize, pin)
      const batches = new EpochBatches(
        data.train,
        training.batchSize,
        fixed,
        training.shuffle,
        training.dropLast,
        new Rng(job.seed, STREAM.shuffle),
        kernels.gather?.bind(kernels),
        !engine.rowsThroughKernels
      )
      snapshot(0, snapshots?.due(0) ?? false)
      const sums: EpochSums = { sum: 0, rows: 0 }
      for (let epoch = 1; epoch <= training.epochs; epoch++) {
        batches.shuffle()
        const bad = epochPass(batches, engine, step, epoch, sums)
        if (bad !== null) return diverged(epoch, `the training loss became ${bad}`)
        const due = snapshots?.due(epoch) ?? false
        const gates = gatesFor(due)
        const why = await evaluate(epoch, sums.sum / sums.rows, gates)
        if (why) return diverged(epoch, why)
        snapshot(epoch, due, gates)
      }
    }
    return end('completed', null, null)
  } finally {
    engine.dispose()
    kernels.dispose?.()
  }
}
