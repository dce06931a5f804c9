import { ApiError } from '@shared/api'
import type { SlurmJobView, SlurmRunView } from '@shared/domain/slurm'
import type { LabStore } from '../store'
import { epochsWithSlurm } from './label'
import { isActiveState } from './states'

const isActive = (status: string): boolean => status === 'queued' || status === 'running'

/**
 * A study's Slurm array jobs as the app shows them. A run re-submitted in a later job shows under
 * that job only; its steps are the task's last report while it trains, the database's after.
 */
export function studySlurmJobs(store: LabStore, experimentId: number): { jobs: SlurmJobView[]; checkedAt: string | null } {
  const study = store.getStudy(experimentId)
  if (!study) throw ApiError.notFound('Experiment', experimentId, 'experimentId')
  const subs = store.slurm.submissions(experimentId)
  const runs = new Map(study.runs.map((r) => [r.id, r]))
  const latest = store.slurm.runs([...runs.keys()])
  let checkedAt: string | null = null
  for (const info of latest.values()) if (info.updatedAt && (!checkedAt || info.updatedAt > checkedAt)) checkedAt = info.updatedAt
  const jobs = subs.map((sub): SlurmJobView => {
    const own = sub.runs.flatMap((info): SlurmRunView[] => {
      const run = runs.get(info.runId)
      if (!run || latest.get(info.runId)?.submission !== sub.id) return []
      return [
        {
          runId: run.id,
          experimentId,
          experimentName: study.name,
          model: run.model,
          seed: run.seed,
          jobId: sub.jobId,
          task: info.task,
          state: info.state,
          status: run.status,
          done: epochsWithSlurm(run.status, run.epochsDone, info),
          length: run.epochs,
          schedule: study.spec.training.schedule
        }
      ]
    })
    const stateOf = new Map(own.map((r) => [r.task, r.state]))
    const taskStates: Record<string, number> = {}
    for (const state of stateOf.values()) taskStates[state] = (taskStates[state] ?? 0) + 1
    const activeTasks = [...stateOf.keys()]
      .filter((task) => isActiveState(stateOf.get(task) ?? '') && own.some((r) => r.task === task && isActive(r.status)))
      .sort((a, b) => a - b)
    return {
      jobId: sub.jobId,
      submittedAt: sub.submittedAt,
      partition: sub.partition,
      tasks: sub.tasks,
      taskStates,
      activeTasks,
      runs: own
    }
  })
  return { jobs, checkedAt }
}

/** Every run still queued or running on Slurm, oldest study first, and when Slurm was last asked. */
export function liveSlurmRuns(store: LabStore): { runs: SlurmRunView[]; checkedAt: string | null } {
  const out: SlurmRunView[] = []
  let checkedAt: string | null = null
  for (const id of store.slurm.activeExperiments()) {
    const s = studySlurmJobs(store, id)
    if (s.checkedAt && (!checkedAt || s.checkedAt > checkedAt)) checkedAt = s.checkedAt
    out.push(...s.jobs.flatMap((j) => j.runs.filter((r) => isActive(r.status))))
  }
  return { runs: out, checkedAt }
}
