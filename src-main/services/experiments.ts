import { ApiError } from '../../src-shared/api'
import { ExperimentSpec, modelLabel } from '../../src-shared/domain'
import { parseOrThrow } from '../../src-shared/validate'
import type { EventHub } from '../ipc/events'
import type { JobQueue } from '../jobs/types'
import type { LabStore, NewRun } from '../store/types'
import { configHash } from '../training/configHash'
import { resolvePath } from '../training/path'
import { checkProblem, generateConfig, outDimOf } from '../training/problems'

/**
 * Validates an experiment beyond its schema (what only the engine knows): a division guard that
 * leaves no denominator, a tfjs backend forced onto the fused path. Throws an ApiError naming
 * the field, before anything is stored or started.
 */
export function checkExperiment(spec: ExperimentSpec): void {
  checkProblem(spec.problem)
  const path = resolvePath(spec.training)
  if ('error' in path) {
    throw new ApiError({ code: 'invalid', field: 'training.backend', message: `Invalid experiment: training.backend: ${path.error}` })
  }
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
 * experiments.run: validate (the same validator as the IPC boundary and the CLI), store the
 * experiment with its queued runs, queue them.
 */
export function runExperiment(deps: { store: LabStore; jobs: JobQueue; events?: EventHub }, input: unknown): { experimentId: number; runIds: number[] } {
  const spec = parseOrThrow(ExperimentSpec, input, 'experiment')
  checkExperiment(spec)
  const created = deps.store.createExperiment(spec, planRuns(spec))
  deps.events?.emit('runs.changed', { reason: 'created' })
  deps.jobs.enqueue(created.runIds)
  return created
}
