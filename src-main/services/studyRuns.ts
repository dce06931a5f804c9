import { ExperimentSpec, modelLabel } from '@shared/domain'
import { parseOrThrow } from '@shared/validate'
import type { EventHub } from '../ipc/events'
import type { JobQueue } from '../jobs/types'
import type { LabStore } from '../store'
import { checkExperiment, planRuns } from './experiments'
import { readStudy } from './studies'
import { groupKeyOf } from './studyGroups'

interface Deps {
  store: LabStore
  jobs: JobQueue
  events?: EventHub
}

/**
 * studies.addSeeds: more seeds for every model of a study. Seeds the study already has are skipped
 * (and listed), not refused, so "0-199" after "0-99" just adds the second hundred. The longer seed
 * list is validated as a whole experiment (the same limits as experiments.run) before anything is
 * stored; the new runs are queued.
 */
export function addSeeds(
  deps: Deps,
  experimentId: number,
  seeds: readonly number[]
): { runIds: number[]; added: number[]; skipped: number[] } {
  const study = readStudy(deps.store, experimentId)
  const have = new Set([...study.spec.seeds, ...study.runs.map((r) => r.seed)])
  const added = [...new Set(seeds)].filter((s) => !have.has(s))
  const skipped = [...new Set(seeds)].filter((s) => have.has(s))
  if (added.length === 0) return { runIds: [], added, skipped }
  const spec = parseOrThrow(ExperimentSpec, { ...study.spec, seeds: [...study.spec.seeds, ...added] }, 'experiment')
  checkExperiment(spec)
  const runIds = deps.store.addRuns(experimentId, spec, planRuns({ ...spec, seeds: added }))
  deps.events?.emit('runs.changed', { reason: 'created' })
  deps.jobs.enqueue(runIds)
  return { runIds, added, skipped }
}

/** Statuses a resume trains again: the run never reached an outcome. Diverged is an outcome, kept. */
const RESUMABLE = new Set(['interrupted', 'failed', 'cancelled'])

/**
 * studies.resume: completes a study. Runs that were interrupted, failed or cancelled are queued
 * again from the start (no checkpoint exists to go on from: their partial points are replaced), and
 * model × seed pairs of the spec without a run (deleted ones) get new runs. Completed and diverged
 * runs are kept; queued and running ones are left to the process that owns them.
 */
export function resumeStudy(deps: Deps, experimentId: number): { requeued: number[]; created: number[] } {
  const study = readStudy(deps.store, experimentId)
  const spec = parseOrThrow(ExperimentSpec, study.spec, 'experiment')
  const requeued = study.runs.filter((r) => RESUMABLE.has(r.status)).map((r) => r.id)
  const keyOf = groupKeyOf(spec)
  const present = new Set(study.runs.map((r) => `${keyOf(r.model, r.modelSpec)}|${r.seed}`))
  const missing = planRuns(spec).filter((r) => !present.has(`${keyOf(modelLabel(r.modelSpec), JSON.stringify(r.modelSpec))}|${r.seed}`))
  if (requeued.length === 0 && missing.length === 0) return { requeued, created: [] }
  if (missing.length) checkExperiment(spec)
  deps.store.requeueRuns(requeued)
  const created = missing.length ? deps.store.addRuns(experimentId, spec, missing) : []
  deps.events?.emit('runs.changed', { reason: requeued.length ? 'updated' : 'created' })
  deps.jobs.enqueue([...requeued, ...created])
  return { requeued, created }
}
