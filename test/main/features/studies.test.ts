import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ExperimentSpec, type FinalMetrics, type JobInfo } from '@shared/domain'
import { setupStudies } from '../../../src-main/features/studies'
import type { LabContext } from '../../../src-main/ipc/context'
import { planRuns } from '../../../src-main/services/experiments'
import { findPreset } from '../../../src-main/training/presets'
import { openStore, type LabStore } from '../../../src-main/store'
import { strictContext } from '../../helpers/strictContext'
import { ENV, epoch } from '../store/fixtures'
import { invoker } from '../../helpers/invoke'

let store: LabStore
let ctx: LabContext
let events: { channel: string; payload: unknown }[]
let queued: number[][]
let jobList: JobInfo[]

/** A study of the paper's addition task: NAU and NAC+ over seeds 0–3, 10k iterations evaluated every 1000. */
const study = ExperimentSpec.parse({
  name: 'add study',
  preset: 'arithmetic-add',
  problem: {
    kind: 'arithmetic',
    op: 'add',
    train: { size: 128, range: { lo: 1, hi: 2 } },
    interp: { size: 100, range: { lo: 1, hi: 2 } },
    extrap: { size: 100, range: { lo: 2, hi: 6 } }
  },
  // the paper's NAU and NAC+ as the preset builds them: the paper's rate is set beside these only
  models: (findPreset('arithmetic-add')?.spec.models ?? []).slice(0, 2),
  training: { schedule: 'iterations', iterations: 10_000, evalEvery: 1000, batchSize: 128, optimizer: { kind: 'adam' } },
  seeds: [0, 1, 2, 3]
})

const final = (solved: boolean, solvedAt: number | null): FinalMetrics => ({
  trainMse: 1e-6,
  interpMse: 1e-6,
  extrapMse: solved ? 1e-6 : 1,
  success: [solved],
  thresholds: [1.48e-5],
  verdict: { rule: 'best-interpolation', solved, solvedAt, bestIteration: 9000, threshold: 1.48e-5, sparsityError: solved ? 1e-4 : 0.3 }
})

let ids: number[]
beforeEach(() => {
  store = openStore(':memory:')
  ;({ ctx, events } = strictContext(store))
  queued = []
  jobList = []
  ctx.jobs = {
    enqueue: (x) => void queued.push(x),
    list: () => jobList,
    cancel: () => false,
    watchWeights: () => false,
    idle: async () => {},
    close: async () => {}
  }
  setupStudies(ctx)
  ids = store.createExperiment(study, planRuns(study)).runIds
  // planRuns: seed-major, models within: [nau s0, nac s0, nau s1, nac s1, …]
  const nau = ids.filter((_, i) => i % 2 === 0)
  const nac = ids.filter((_, i) => i % 2 === 1)
  const points = (id: number, upTo: number) =>
    Array.from({ length: upTo / 1000 + 1 }, (_, k) => ({ ...epoch(k + 1, id), epoch: k * 1000, extrapMse: id * 10 + k }))
  const finish = (id: number, end: Parameters<LabStore['finishRun']>[1], upTo = 10_000) => {
    store.markRunning(id, ENV)
    store.appendEpochs(id, points(id, upTo))
    store.finishRun(id, end)
  }
  finish(nau[0], { status: 'completed', final: final(true, 17_000) })
  finish(nau[1], { status: 'completed', final: final(true, 18_000) })
  finish(nau[2], { status: 'completed', final: final(true, 21_000) })
  finish(nau[3], { status: 'completed', final: final(false, null) })
  finish(nac[0], { status: 'diverged', error: 'NaN loss', divergedAtEpoch: 3000 }, 3000)
  finish(nac[1], { status: 'completed', final: final(true, 9000) })
  finish(nac[2], { status: 'interrupted', error: 'Interrupted' }, 4000)
  store.markRunning(nac[3], ENV)
  store.appendEpochs(nac[3], points(nac[3], 2000))
})
afterEach(() => store.close())

const { call, ok } = invoker(() => ctx.router)

describe('studies.summary', () => {
  it('gives each model its success rate by the paper’s rule with a Wilson interval, beside the paper’s', async () => {
    const s = await ok('studies.summary', { experimentId: 1 })
    expect(s).toMatchObject({
      name: 'add study',
      op: 'add',
      schedule: 'iterations',
      length: 10_000,
      seeds: [0, 1, 2, 3],
      interval: 'wilson-95'
    })
    const [nau, nac] = s.groups
    expect(nau).toMatchObject({ model: 'nau→nau', op: 'add', runs: 4, judged: 4, solved: 3, rate: 0.75, unjudged: 0 })
    expect(nau.ci![0]).toBeCloseTo(0.3006, 4)
    expect(nau.ci![1]).toBeCloseTo(0.9544, 4)
    expect(nau.solvedAt).toEqual({ q1: 17_500, median: 18_000, q3: 19_500 })
    expect(nau.sparsityErrorMean).toBeCloseTo(1e-4, 15)
    expect(nau.paper).toMatchObject({ paperModel: 'NAU', solved: 100, seeds: 100, rate: 1, solvedAtMedian: 1.8e4 })
    expect(nau.paper!.ci[0]).toBeCloseTo(0.963, 3)
    // the diverged run counts as not solved; the interrupted and running ones are not counted yet
    expect(nac).toMatchObject({ model: 'nac→nac', runs: 4, judged: 2, solved: 1, rate: 0.5, paper: { paperModel: 'NAC+', rate: 1 } })
  })

  it('reports progress: runs done of all, by status, and an ETA from the finished runs', async () => {
    jobList = [
      {
        runId: ids[7],
        experimentId: 1,
        experimentName: 'add study',
        model: 'nac→nac',
        seed: 3,
        status: 'running',
        epoch: 2000,
        epochs: 10_000,
        elapsedMs: 1000,
        etaMs: 4000
      }
    ]
    const s = await ok('studies.summary', { experimentId: 1 })
    expect(s.progress).toMatchObject({ total: 8, done: 6, missing: 0 })
    expect(s.progress.byStatus).toMatchObject({ completed: 5, diverged: 1, interrupted: 1, running: 1, queued: 0 })
    expect(s.progress.etaMs).toBe(4000)
  })

  it('gives no paper rate to a model that only shares the paper model’s name (another regulariser)', async () => {
    const own = ExperimentSpec.parse({
      ...study,
      name: 'own NAU',
      models: [{ units: [{ kind: 'nau' }, { kind: 'nau' }], hidden: 2 }, study.models[0]]
    })
    const { experimentId } = store.createExperiment(own, planRuns(own))
    const s = await ok('studies.summary', { experimentId })
    expect(s.groups.map((g) => [g.model, g.paper?.paperModel ?? null])).toEqual([
      ['nau→nau', null],
      ['nau→nau #2', 'NAU']
    ])
  })

  it('gives no paper rate for a task that is not the paper’s', async () => {
    const other = ExperimentSpec.parse({ ...study, preset: null, name: 'custom' })
    store.createExperiment(other, planRuns(other))
    const s = await ok('studies.summary', { experimentId: 2 })
    expect(s.groups.map((g) => g.paper)).toEqual([null, null])
    expect(s.progress).toMatchObject({ total: 8, done: 0, etaMs: null })
  })

  it('answers an unknown experiment and a bad payload with what is wrong', async () => {
    expect(await call('studies.summary', { experimentId: 99 })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'Experiment 99 does not exist' }
    })
    const bad = await ctx.router.dispatch('studies.series', { experimentId: 1, metric: 'accuracy' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid', field: 'metric' } })
  })
})

describe('studies.series', () => {
  it('gives per model the median and quartiles over the seeds that reached each point', async () => {
    const s = await ok('studies.series', { experimentId: 1 })
    expect(s).toMatchObject({ metric: 'extrapMse', unit: 'iteration', stride: 1 })
    const nau = s.groups[0]
    expect(nau.x).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000])
    // seeds' extrapolation MSE at point k is id·10 + k; nau runs are ids 1, 3, 5, 7
    expect(nau.median[0]).toBe(40)
    expect(nau.q1[0]).toBe(25)
    expect(nau.q3[0]).toBe(55)
    expect(nau.seeds).toBeUndefined()
    const nac = s.groups[1]
    expect(nac.count).toEqual([4, 4, 4, 3, 2, 1, 1, 1, 1, 1, 1])
  })

  it('thins long curves evenly and gives each seed’s own curve on demand', async () => {
    const s = await ok('studies.series', { experimentId: 1, maxPoints: 10, seeds: true, metric: 'interpMse' })
    expect(s.stride).toBe(2)
    expect(s.groups[0].x).toEqual([0, 2000, 4000, 6000, 8000, 10_000])
    expect(s.groups[1].seeds!.map((c) => [c.seed, c.x])).toEqual([
      [0, [0, 2000, 3000]],
      [1, [0, 2000, 4000, 6000, 8000, 10_000]],
      [2, [0, 2000, 4000]],
      [3, [0, 2000]]
    ])
    expect(s.groups[1].seeds![1].y[1]).toBe(epoch(3, ids[3]).interpMse)
  })
})

describe('studies.series of a large study', () => {
  it('keeps the band at maxPoints and thins each seed’s own curve so that all of them stay near 60k points', async () => {
    const big = ExperimentSpec.parse({
      ...study,
      name: 'big',
      seeds: [0, 1, 2, 3, 4, 5, 6],
      models: [study.models[0]],
      training: { ...study.training, iterations: 9999, evalEvery: 1 }
    })
    const runIds = store.createExperiment(big, planRuns(big)).runIds
    for (const id of runIds) {
      store.markRunning(id, ENV)
      store.appendEpochs(
        id,
        Array.from({ length: 10_000 }, (_, k) => ({ ...epoch(1, id), epoch: k, extrapMse: k }))
      )
      store.finishRun(id, { status: 'completed', final: final(true, 10) })
    }
    const s = await ok('studies.series', { experimentId: 2, seeds: true, maxPoints: 10_000 })
    const g = s.groups[0]
    expect(s.stride).toBe(1)
    expect(g.x).toHaveLength(10_000)
    expect(g.median[123]).toBe(123)
    // 7 seeds × 10,000 points is more than 60,000: every second point of each seed, and its last
    expect(g.seeds!.map((c) => c.x.length)).toEqual(Array(7).fill(5001))
    expect(g.seeds![0].x.slice(0, 3)).toEqual([0, 2, 4])
    expect(g.seeds![0].x.at(-1)).toBe(9999)
  })
})

describe('studies.addSeeds and studies.resume', () => {
  it('queues every model at the new seeds, skipping the seeds the study has', async () => {
    const r = await ok('studies.addSeeds', { experimentId: 1, seeds: [3, 4, 5, 4] })
    expect(r).toMatchObject({ added: [4, 5], skipped: [3] })
    expect(r.runIds).toHaveLength(4)
    expect(queued).toEqual([r.runIds])
    const s = await ok('studies.summary', { experimentId: 1 })
    expect(s.seeds).toEqual([0, 1, 2, 3, 4, 5])
    expect(s.progress).toMatchObject({ total: 12, byStatus: { queued: 4 } })
    expect(events).toContainEqual({ channel: 'runs.changed', payload: { reason: 'created' } })
    expect(await ok('studies.addSeeds', { experimentId: 1, seeds: [0] })).toEqual({ runIds: [], added: [], skipped: [0] })
  })

  it('refuses more seeds than an experiment may have, storing nothing', async () => {
    const r = await call('studies.addSeeds', { experimentId: 1, seeds: Array.from({ length: 1000 }, (_, i) => i + 10) })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid', field: 'seeds' } })
    expect(store.getStudy(1)!.runs).toHaveLength(8)
    expect(queued).toEqual([])
  })

  it('resumes: the interrupted run and a deleted one are queued again, finished and running runs kept', async () => {
    store.deleteRuns([ids[4]]) // nau→nau, seed 2
    const r = await ok('studies.resume', { experimentId: 1 })
    expect(r.requeued).toEqual([ids[5]])
    expect(r.created).toHaveLength(1)
    expect(queued).toEqual([[ids[5], r.created[0]]])
    const runs = store.getStudy(1)!.runs
    expect(runs.find((x) => x.id === r.created[0])).toMatchObject({ model: 'nau→nau', seed: 2, status: 'queued' })
    expect(runs.find((x) => x.id === ids[5])).toMatchObject({ status: 'queued', epochsDone: 0 })
    expect(runs.filter((x) => x.status === 'completed')).toHaveLength(4)
    expect(runs.find((x) => x.id === ids[1])!.status).toBe('diverged')
    expect(runs.find((x) => x.id === ids[7])!.status).toBe('running')
    expect(await ok('studies.resume', { experimentId: 1 })).toEqual({ requeued: [], created: [] })
  })
})
