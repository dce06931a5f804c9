import { ApiError } from '@shared/api'
import { modelLabel, type ExperimentSpec } from '@shared/domain'
import type { EventHub } from '../ipc/events'
import type { JobQueue } from '../jobs/types'
import type { LabStore, NewRun } from '../store/types'
import { configHash } from '../training/configHash'
import { resolvePath } from '../training/path'
import { checkProblem, generateConfig, outDimOf } from '../training/problems'
import { checkBatches } from '../training/trainer/sampler'
import { checkLimits } from './limits'

/**
 * Validates an experiment beyond its schema (what only the engine knows): a division guard that
 * leaves no denominator, an epochs schedule left without a batch, a tfjs backend forced onto the fused path. Throws an ApiError naming
 * the field, before anything is stored or started.
 */
export function checkExperiment(spec: ExperimentSpec): void {
  checkProblem(spec.problem)
  checkBatches(spec)
  const path = resolvePath(spec.training)
  if ('error' in path) {
    throw new ApiError({ code: 'invalid', field: 'training.backend', message: `Invalid experiment: training.backend: ${path.error}` })
  }
  checkLimits(spec)
}

/** One run per seed × model, each with the configuration its seed generates. */
export function planRuns(spec: ExperimentSpec): NewRun[] {
  return spec.seeds.flatMap((seed) => {
    const config = generateConfig(spec.problem, seed)
    return spec.models.map((modelSpec) => ({
      model: modelLabel(modelSpec),
      modelSpec,
      seed,
      config,
      configHash: configHash({ problem: spec.problem, config, model: modelSpec, training: spec.training, seed }),
      outputs: outDimOf(config)
    }))
  })
}

/**
 * experiments.run: check what only the engine knows, store the experiment with its queued runs,
 * queue them. The spec has passed its schema at the boundary it came through (the Router's
 * request schema, the CLI's parse): it is not parsed twice.
 */
export function runExperiment(
  deps: { store: LabStore; jobs: JobQueue; events?: EventHub },
  spec: ExperimentSpec
): { experimentId: number; runIds: number[] } {
  checkExperiment(spec)
  const created = deps.store.createExperiment(spec, planRuns(spec))
  deps.events?.emit('runs.changed', { reason: 'created' })
  deps.jobs.enqueue(created.runIds)
  return created
}
