import type { ExperimentSpec } from '@shared/domain'
import { generateConfig } from '../../../../src-main/training/problems'
import { createKernels } from '../../../../src-main/training/kernels'
import { Model } from '../../../../src-main/training/models/model'
import { Input } from '../../../../src-main/training/models/types'
import { Rng, STREAM } from '../../../../src-main/training/rng'
import type { Slice } from '../../../../src-main/training/trainer/batches'
import { train } from '../../../../src-main/training/trainer/train'

/**
 * What the tests of a specialised engine (stack, NALU stack) compare it with: two models of the
 * spec's first model with the same weights, one for the engine under test and one for the generic
 * fused path, and the problem's config of seed 1.
 */
export function twinModels(spec: ExperimentSpec, inDim: number) {
  const config = generateConfig(spec.problem, 1)
  const a = new Model(spec.models[0], inDim, 1, new Rng(1, STREAM.init), createKernels())
  const b = new Model(spec.models[0], inDim, 1, new Rng(1, STREAM.init), createKernels())
  return { config, a, b }
}

export const grads = (m: Model) => m.params.flatMap((p) => Array.from(p.grad))
export const values = (m: Model) => m.params.flatMap((p) => Array.from(p.value))

/** The batch's rows copied out: the generic path must not need them where the engine drew them. */
export function copyOf(batch: Slice): Slice {
  return { start: 0, n: batch.n, input: new Input(batch.input.x.slice(), batch.n, batch.input.d, false), y: batch.y.slice() }
}

/** Trains the spec's first model (seed 1) once, 300 iterations evaluated every 100: its points and weights. */
export async function trainOnce(spec: ExperimentSpec, config: ReturnType<typeof generateConfig>) {
  const job = {
    spec: { ...spec, training: { ...spec.training, iterations: 300, evalEvery: 100 } },
    modelSpec: spec.models[0],
    seed: 1,
    config
  }
  const points: number[][] = []
  const r = await train(job, { onEpoch: (m) => void points.push([m.trainMse, m.interpMse, m.extrapMse]) })
  return { points, weights: r.weights }
}

/** trainOnce twice. */
export async function trainTwice(spec: ExperimentSpec, config: ReturnType<typeof generateConfig>) {
  return [await trainOnce(spec, config), await trainOnce(spec, config)]
}
