import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type LabStore } from '../../../src-main/store'
import { ENV, epochs, runsOf, spec } from './fixtures'

let store: LabStore
let exp: { experimentId: number; runIds: number[] }
beforeEach(() => {
  store = openStore(':memory:')
  const s = spec({ tags: ['paper'], notes: 'from the experiment', preset: 'mystery-article' })
  exp = store.createExperiment(s, runsOf(s))
  for (const id of exp.runIds) {
    store.markRunning(id, ENV)
    store.appendEpochs(id, epochs(1, 5, id))
    store.finishRun(id, { status: 'completed' })
  }
})
afterEach(() => store.close())

const count = (): number => store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 1000 }).total

describe('editing and reading runs', () => {
  it('edits tags and notes of one run only; tags are trimmed and kept once, in order', () => {
    const [a, b] = exp.runIds
    const row = store.updateRun(a, { tags: [' best ', 'nac', 'best'], notes: 'converged at 40' })
    expect(row).toMatchObject({ id: a, tags: ['best', 'nac'], notes: 'converged at 40' })
    expect(store.getRun(b)).toMatchObject({ tags: ['paper'], notes: 'from the experiment' })
    expect(store.updateRun(a, { notes: 'only notes' }).tags).toEqual(['best', 'nac'])
    expect(store.updateRun(a, { tags: [] }).tags).toEqual([])
    expect(store.facets()).toEqual({ models: ['nac', 'nalu'], presets: ['mystery-article'], tags: ['paper'] })
    expect(() => store.updateRun(999, { notes: 'x' })).toThrow(
      expect.objectContaining({ code: 'not_found', message: 'Run 999 does not exist' })
    )
  })

  it('gives the series of several runs in the order asked, leaving out unknown ids', () => {
    const [a, b, c] = exp.runIds
    const series = store.getSeries([c, a, 999, b])
    expect(series.map((s) => s.id)).toEqual([c, a, b])
    expect(series[0]).toMatchObject({ model: 'nalu', seed: 1, preset: 'mystery-article', experimentName: 'Mystery problem' })
    expect(series[0].label).toContain('nalu')
    expect(series[1].series).toEqual(epochs(1, 5, a))
  })

  it('deletes runs with their epochs; the experiment goes with its last run', () => {
    const [a, b, c, d] = exp.runIds
    expect(store.deleteRuns([a, b])).toBe(2)
    expect(store.getRun(a)).toBeNull()
    expect(store.getSeries([a])).toEqual([])
    expect(count()).toBe(2)
    expect(store.deleteRuns([c, d])).toBe(2)
    expect(() => store.deleteExperiment(exp.experimentId)).toThrow(expect.objectContaining({ code: 'not_found' }))
  })

  it('refuses to delete anything when an id is unknown', () => {
    expect(() => store.deleteRuns([exp.runIds[0], 998, 999])).toThrow(
      expect.objectContaining({ code: 'not_found', message: 'Runs 998, 999 do not exist' })
    )
    expect(count()).toBe(4)
  })

  it('refuses to delete a run that is still running, and an experiment with one', () => {
    const s = spec({ seeds: [9], models: [{ units: [{ kind: 'nac' }] }] })
    const other = store.createExperiment(s, runsOf(s))
    store.markRunning(other.runIds[0], ENV)
    expect(() => store.deleteRuns([exp.runIds[0], other.runIds[0]])).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining('cancel it first') })
    )
    expect(() => store.deleteExperiment(other.experimentId)).toThrow(expect.objectContaining({ code: 'conflict' }))
    expect(count()).toBe(5)
  })

  it('deleting an experiment cascades to its runs, tags and epochs', () => {
    expect(store.deleteExperiment(exp.experimentId)).toBe(4)
    expect(count()).toBe(0)
    expect(store.facets()).toEqual({ models: [], presets: [], tags: [] })
    expect(store.getRun(exp.runIds[0])).toBeNull()
  })

  it('gives one run in full', () => {
    const run = store.getRun(exp.runIds[2])!
    expect(run).toMatchObject({
      model: 'nalu',
      seed: 1,
      status: 'completed',
      configHash: 'hash-nalu-1',
      error: null,
      divergedAtEpoch: null,
      modelSpec: { units: [{ kind: 'nalu', variant: 'paper', eps: 1e-7 }], hidden: 2 },
      config: runsOf(spec())[2].config,
      environment: ENV,
      final: null,
      weights: null
    })
    expect(run.spec.name).toBe('Mystery problem')
    expect(run.series).toEqual(epochs(1, 5, run.id))
    expect(store.getRun(12345)).toBeNull()
  })
})
