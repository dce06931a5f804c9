import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type LabStore } from '../../../src-main/store'
import { ENV, epoch, epochs, runsOf, spec } from './fixtures'

let store: LabStore
beforeEach(() => {
  store = openStore(':memory:')
})
afterEach(() => store.close())

describe('writing runs', () => {
  it('creates one queued run per model × seed, copying the experiment tags and notes to each', () => {
    const s = spec({ tags: ['paper', 'nac'], notes: 'first try', preset: 'mystery' })
    const { experimentId, runIds } = store.createExperiment(s, runsOf(s))
    expect(runIds).toHaveLength(4)
    const page = store.listRuns({ experimentId, sort: 'id', dir: 'asc', offset: 0, limit: 100 })
    expect(page.total).toBe(4)
    expect(page.rows.map((r) => [r.model, r.seed, r.status])).toEqual([
      ['nac', 1, 'queued'],
      ['nac', 2, 'queued'],
      ['nalu', 1, 'queued'],
      ['nalu', 2, 'queued']
    ])
    for (const r of page.rows) {
      expect(r).toMatchObject({ tags: ['paper', 'nac'], notes: 'first try', preset: 'mystery', epochs: 10, epochsDone: 0, outputs: 2 })
      expect(r.trainMse).toBeNull()
      expect(r.successCount).toBeNull()
    }
  })

  it('gives the training side the job spec of a run', () => {
    const s = spec()
    const { experimentId, runIds } = store.createExperiment(s, runsOf(s))
    const job = store.getJobSpec(runIds[3])
    expect(job).toEqual({
      runId: runIds[3],
      experimentId,
      experimentName: 'Mystery problem',
      spec: s,
      modelSpec: s.models[1],
      model: 'nalu',
      seed: 2,
      config: runsOf(s)[3].config
    })
    expect(store.getJobSpec(9999)).toBeNull()
  })

  it('stores every epoch at full resolution and keeps the newest metrics on the row while running', () => {
    const s = spec()
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(id, ENV)
    const all = epochs(1, 10, id)
    for (const e of all) store.appendEpochs(id, [e])
    const run = store.getRun(id)!
    expect(run.status).toBe('running')
    expect(run.series).toEqual(all)
    expect(run.epochsDone).toBe(10)
    expect(run.trainMse).toBe(all[9].trainMse)
    expect(run.backend).toBe('cpu')
    expect(run.environment).toEqual(ENV)
    expect(run.startedAt).not.toBeNull()
  })

  it('keeps NaN, ±Infinity and -0 exactly as the engine reported them', () => {
    const s = spec()
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(id, ENV)
    const odd = {
      epoch: 1,
      trainMse: NaN,
      interpMse: Infinity,
      extrapMse: -Infinity,
      perOutput: { interp: [NaN, -0], extrap: [Infinity, 5e-324] },
      wallMs: 0
    }
    store.appendEpochs(id, [odd])
    const weights = { units: [{ kind: 'nac', matrices: [{ name: 'W', rows: 1, cols: 2, data: [NaN, -0] }], gates: null }] }
    store.finishRun(id, { status: 'diverged', error: 'loss became NaN', divergedAtEpoch: 1, weights })
    const run = store.getRun(id)!
    expect(run.series[0]).toEqual(odd)
    expect(Object.is(run.series[0].perOutput.interp[1], -0)).toBe(true)
    expect(run.weights).toEqual(weights)
    expect(Object.is(run.weights!.units[0].matrices[0].data[1], -0)).toBe(true)
    expect(run).toMatchObject({ status: 'diverged', error: 'loss became NaN', divergedAtEpoch: 1 })
    // the list shows finite values or nothing: NaN and ±Infinity cannot travel as JSON numbers
    expect(run).toMatchObject({ trainMse: null, interpMse: null, extrapMse: null })
  })

  it('finishing sets the final metrics, success count, weights and end time', () => {
    const s = spec()
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(id, ENV)
    store.appendEpochs(id, epochs(1, 10, id))
    const final = { trainMse: 1e-9, interpMse: 2e-9, extrapMse: 3e-7, success: [true, false], thresholds: [1e-5, 1e-5] }
    store.finishRun(id, { status: 'completed', final, weights: { units: [{ kind: 'nac', matrices: [], gates: [0.25] }] } })
    const run = store.getRun(id)!
    expect(run).toMatchObject({ status: 'completed', trainMse: 1e-9, interpMse: 2e-9, extrapMse: 3e-7, successCount: 1, final })
    expect(run.endedAt).not.toBeNull()
    expect(run.weights!.units[0].gates).toEqual([0.25])
  })

  it('a late epoch of an ended run is kept but does not overwrite its final metrics', () => {
    const s = spec()
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(id, ENV)
    store.appendEpochs(id, epochs(1, 3, id))
    store.finishRun(id, { status: 'cancelled' })
    store.appendEpochs(id, [epoch(4, id)])
    const run = store.getRun(id)!
    expect(run.series).toHaveLength(4)
    expect(run.trainMse).toBe(epoch(3, id).trainMse)
  })

  it('refuses impossible transitions, unknown runs and duplicate epochs with specific errors', () => {
    const s = spec()
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    expect(() => store.appendEpochs(424242, [epoch(1)])).toThrow(
      expect.objectContaining({ code: 'not_found', message: 'Run 424242 does not exist' })
    )
    expect(() => store.markRunning(424242, ENV)).toThrow(expect.objectContaining({ code: 'not_found' }))
    store.markRunning(id, ENV)
    expect(() => store.markRunning(id, ENV)).toThrow(
      expect.objectContaining({ code: 'conflict', message: `Cannot start run ${id}: it is running` })
    )
    store.appendEpochs(id, [epoch(1, id)])
    expect(() => store.appendEpochs(id, [epoch(2, id), epoch(1, id)])).toThrow(
      expect.objectContaining({ code: 'conflict', message: `Epoch 1 of run ${id} is already stored` })
    )
    // the failed batch is rolled back whole: epoch 2 is not half-written
    expect(store.getRun(id)!.series.map((e) => e.epoch)).toEqual([1])
    store.finishRun(id, { status: 'completed' })
    expect(() => store.finishRun(id, { status: 'failed' })).toThrow(expect.objectContaining({ code: 'conflict' }))
  })

  it('refuses per-output arrays of different lengths, naming both', () => {
    const s = spec()
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    const bad = { ...epoch(1), perOutput: { interp: [1, 2], extrap: [1] } }
    expect(() => store.appendEpochs(id, [bad])).toThrow('perOutput.interp has 2 entries but perOutput.extrap has 1')
  })
})
