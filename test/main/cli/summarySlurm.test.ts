import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { studyTable } from '../../../src-main/cli/summary'
import { slurmLines, slurmStatus } from '../../../src-main/cli/summarySlurm'
import { planRuns } from '../../../src-main/services/experiments'
import { studySummary } from '../../../src-main/services/studies'
import { openStore, type LabStore } from '../../../src-main/store'
import { experiment } from '../jobs/fakes'

let store: LabStore
beforeEach(() => void (store = openStore(':memory:')))
afterEach(() => store.close())

describe('lab summary of a study sent to Slurm', () => {
  it('names the job, the tasks by Slurm’s last known state and the runs still out', () => {
    const spec = experiment({ seeds: [1, 2] })
    const { experimentId, runIds } = store.createExperiment(spec, planRuns(spec))
    expect(runIds).toHaveLength(6)
    const first = store.slurm.record({
      experimentId,
      jobId: '41',
      dir: '/shared/a',
      partition: null,
      tasks: [runIds.slice(0, 3), runIds.slice(3)]
    })
    store.slurm.update(first, 0, 'RUNNING', new Map([[runIds[0], 5]]))
    store.slurm.update(first, 1, 'FAILED')
    for (const id of runIds.slice(3)) store.finishRun(id, { status: 'failed', error: 'node died' })
    // the failed task's runs sent again: they now belong to job 42, and job 41 keeps the other three
    const second = store.slurm.record({ experimentId, jobId: '42', dir: '/shared/b', partition: 'gpu', tasks: [runIds.slice(3)] })
    const jobs = slurmStatus(store, experimentId)
    expect(jobs).toEqual([
      { jobId: '41', partition: null, runs: 3, out: 3, tasks: { RUNNING: 1 }, updatedAt: expect.any(String) },
      { jobId: '42', partition: 'gpu', runs: 3, out: 3, tasks: { PENDING: 1 }, updatedAt: null }
    ])
    expect(second).toBeGreaterThan(first)
    const text = studyTable(studySummary({ store, jobs: { list: () => [] } }, experimentId), jobs)
    expect(text).toMatch(
      /^Slurm job 41: 3 run\(s\) in 1 task\(s\): 1 RUNNING; Slurm's states as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; 3 run\(s\) still out \(`npm run lab -- collect --experiment 1` brings them home\)$/m
    )
    expect(text).toMatch(
      /^Slurm job 42 \(partition gpu\): 3 run\(s\) in 1 task\(s\): 1 PENDING; states as submitted; 3 run\(s\) still out/m
    )
  })

  it('says nothing of Slurm for a study trained here', () => {
    const spec = experiment({ seeds: [1] })
    const { experimentId } = store.createExperiment(spec, planRuns(spec))
    expect(slurmStatus(store, experimentId)).toEqual([])
    expect(slurmLines([], experimentId)).toEqual([])
  })
})
