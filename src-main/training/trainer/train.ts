import type {
  EpochMetrics, ExperimentSpec, FinalMetrics, GeneratedConfig, LearnedWeights, ModelSpec, RunEnvironment, TrainingSpec
} from '../../../src-shared/domain'
import { generateData, successThresholds } from '../problems'
import { Model } from '../models/model'
import { clipGradNorm, createOptimiser } from '../optim'
import { ENGINE_VERSION, resolvePath } from '../path'
import { Rng, STREAM } from '../rng'
import { createKernels, jsKernels } from '../kernels'
import { loadTf } from '../tfjs'
import { EVAL_ROWS, slices, type Slice } from './batches'
import type { Engine } from './engine'
import { finalMetrics, learnedWeights, nonFiniteParam } from './final'
import { fusedEngine } from './fused'
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
}

export interface TrainResult {
  env: RunEnvironment
  status: 'completed' | 'diverged'
  divergedAtEpoch: number | null
  error: string | null
  /** the last finished epoch's metrics (also for a diverged run), null if none finished */
  final: FinalMetrics | null
  /** null unless completed: a diverged run's weights hold NaN or Infinity */
  weights: LearnedWeights | null
}

async function openEngine(path: 'fused' | 'tfjs', training: TrainingSpec, model: Model, batches: Slice[]): Promise<{ engine: Engine; env: RunEnvironment }> {
  const versions: Record<string, string> = { engine: ENGINE_VERSION, node: process.versions.node, v8: process.versions.v8 }
  if (path === 'fused') {
    // the fused path's backend: Float64 kernels in WebAssembly SIMD ('fused-wasm-simd') or plain JS
    return { engine: fusedEngine(model, batches), env: { path: 'fused', backend: `fused-${model.kernels.name}`, versions } }
  }
  const handle = await loadTf(training.backend)
  versions.tfjs = handle.version
  return { engine: tfjsEngine(model, batches, handle), env: { path: 'tfjs', backend: handle.backend, versions } }
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Trains one model on one seed of a problem: metrics every epoch, divergence detection (NaN or
 * ±Infinity in a loss or a parameter ends the run at that epoch), final metrics and weights.
 * Same job, same path and backend: the same numbers, bit for bit.
 */
export async function train(job: TrainJob, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = performance.now()
  const { problem, training } = job.spec
  const data = generateData(problem, job.config, job.seed)
  const chosen = resolvePath(training)
  if ('error' in chosen) throw new Error(chosen.error)
  // the tfjs path keeps a Float64 twin of the model only for the final weights and gates
  const kernels = chosen.path === 'fused' ? createKernels() : jsKernels
  const model = new Model(job.modelSpec, data.train.inDim, data.train.outDim, new Rng(job.seed, STREAM.init), kernels)
  const batches = slices(data.train, training.batchSize, (a) => kernels.pin(a))
  const interp = slices(data.interp, EVAL_ROWS, (a) => kernels.pin(a))
  const extrap = slices(data.extrap, EVAL_ROWS, (a) => kernels.pin(a))
  const thresholds = successThresholds(job.config, data.extrap.x, data.extrap.n, training.successEpsilon)
  const { engine, env } = await openEngine(chosen.path, training, model, batches)
  hooks.onStart?.(env)
  // the fused path also runs Adam in SIMD; the tfjs path keeps the plain JS optimiser
  const opt = createOptimiser(training.optimizer, model.params, kernels.name === 'wasm-simd')
  const m = model.outDim
  const sqInterp = new Float64Array(m)
  const sqExtrap = new Float64Array(m)
  let last: EpochMetrics | null = null
  let lastYield = started

  const end = (status: TrainResult['status'], epoch: number | null, error: string | null): TrainResult => ({
    env,
    status,
    divergedAtEpoch: status === 'diverged' ? epoch : null,
    error,
    final: last ? finalMetrics(last, thresholds) : null,
    weights: status === 'completed' ? learnedWeights(model, extrap) : null
  })
  const diverged = (epoch: number, what: string) => end('diverged', epoch, `Training diverged at epoch ${epoch}: ${what}`)

  try {
    for (let epoch = 1; epoch <= training.epochs; epoch++) {
      let sum = 0
      for (let b = 0; b < batches.length; b++) {
        const loss = engine.lossAndGrad(b)
        if (!Number.isFinite(loss)) return diverged(epoch, `the training loss became ${loss}`)
        sum += loss * batches[b].n
        model.regularize(epoch)
        if (training.gradClip !== null) clipGradNorm(model.params, training.gradClip)
        opt.step()
        engine.sync()
      }
      const bad = nonFiniteParam(model)
      if (bad) return diverged(epoch, `parameter ${bad} became NaN or ±Infinity`)
      sqInterp.fill(0)
      sqExtrap.fill(0)
      engine.squaredErrors(interp, sqInterp)
      engine.squaredErrors(extrap, sqExtrap)
      const perInterp = Array.from(sqInterp, (s) => s / data.interp.n)
      const perExtrap = Array.from(sqExtrap, (s) => s / data.extrap.n)
      const metrics: EpochMetrics = {
        epoch,
        trainMse: sum / data.train.n,
        interpMse: perInterp.reduce((a, b) => a + b, 0) / m,
        extrapMse: perExtrap.reduce((a, b) => a + b, 0) / m,
        perOutput: { interp: perInterp, extrap: perExtrap },
        wallMs: performance.now() - started
      }
      if (!Number.isFinite(metrics.interpMse)) return diverged(epoch, `the interpolation MSE became ${metrics.interpMse}`)
      if (!Number.isFinite(metrics.extrapMse)) return diverged(epoch, `the extrapolation MSE became ${metrics.extrapMse}`)
      last = metrics
      hooks.onEpoch?.(metrics)
      // let the process's messages out now and then; the loop itself never waits
      if (performance.now() - lastYield > 50) {
        await yieldToLoop()
        lastYield = performance.now()
      }
    }
    return end('completed', null, null)
  } finally {
    engine.dispose()
  }
}
