import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RequestOf } from '@shared/contract'
import { setupRuns } from '../../../src-main/features/runs'
import { openStore, type LabStore } from '../../../src-main/store'
import type { LabContext } from '../../../src-main/ipc/context'
import { ENV, epochs, runsOf, spec } from '../store/fixtures'
import { strictContext } from '../../helpers/strictContext'
import { invoker } from '../../helpers/invoke'

let store: LabStore
let ctx: LabContext
let events: { channel: string; payload: unknown }[]
let ids: number[]
let experimentId: number

beforeEach(() => {
  store = openStore(':memory:')
  ;({ ctx, events } = strictContext(store))
  setupRuns(ctx)
  const s = spec({ tags: ['paper'], preset: 'mystery-article' })
  ;({ experimentId, runIds: ids } = store.createExperiment(s, runsOf(s)))
  ids.forEach((id, i) => {
    store.markRunning(id, ENV)
    store.appendEpochs(id, epochs(1, 12, id))
    store.finishRun(id, {
      status: i === 3 ? 'diverged' : 'completed',
      final: { trainMse: i, interpMse: i, extrapMse: 4 - i, success: [i % 2 === 0, true], thresholds: [1e-5, 1e-5] },
      weights: { units: [{ kind: 'nac', matrices: [{ name: 'W', rows: 2, cols: 4, data: [1, 0, 0, 0, 0, 0, 1, 1] }], gates: null }] }
    })
  })
})
afterEach(() => store.close())

const { call, ok } = invoker(() => ctx.router)

describe('runs channels', () => {
  it('leaves heavy parts out when asked: per-output losses by default in runs.series, the series in runs.get', async () => {
    const [lean] = await ok('runs.series', { ids: [ids[0]] })
    expect(lean.series).toHaveLength(12)
    expect(lean.series[0].perOutput).toEqual({ interp: [], extrap: [] })
    const [full] = await ok('runs.series', { ids: [ids[0]], perOutput: true })
    expect(full.series[0].perOutput.interp.length).toBeGreaterThan(0)
    expect(full.series.map((e) => e.trainMse)).toEqual(lean.series.map((e) => e.trainMse))
    const configOnly = await ok('runs.get', { id: ids[0], series: false })
    expect(configOnly.series).toEqual([])
    expect(configOnly.config).toEqual((await ok('runs.get', { id: ids[0] })).config)
  })

  it('runs.list filters, sorts and pages, within the contract', async () => {
    const page = await ok('runs.list', { status: 'completed', sort: 'extrapMse', dir: 'asc', limit: 2 })
    expect(page.total).toBe(3)
    expect(page.rows.map((r) => r.extrapMse)).toEqual([2, 3])
    expect((await ok('runs.list', { tag: 'paper', model: 'nalu' })).total).toBe(2)
  })

  it('runs.list refuses a bad query naming the field', async () => {
    const r = await call('runs.list', { sort: 'bogus' } as unknown as RequestOf<'runs.list'>)
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid', field: 'sort' } })
  })

  it('runs.get gives the run in full, or not_found', async () => {
    const run = await ok('runs.get', { id: ids[0] })
    expect(run.series).toHaveLength(12)
    expect(run.weights!.units[0].matrices[0].data).toEqual([1, 0, 0, 0, 0, 0, 1, 1])
    expect(await call('runs.get', { id: 9999 })).toEqual({ ok: false, error: { code: 'not_found', message: 'Run 9999 does not exist' } })
  })

  it('runs.series gives the asked runs in order, and names the ids that do not exist', async () => {
    const series = await ok('runs.series', { ids: [ids[2], ids[0]] })
    expect(series.map((s) => [s.id, s.series.length])).toEqual([
      [ids[2], 12],
      [ids[0], 12]
    ])
    const r = await call('runs.series', { ids: [ids[0], 500, 501] })
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Runs 500, 501 do not exist' } })
  })

  it('runs.update edits tags and notes and tells the windows', async () => {
    const row = await ok('runs.update', { id: ids[1], tags: ['best'], notes: 'keep' })
    expect(row).toMatchObject({ id: ids[1], tags: ['best'], notes: 'keep' })
    expect(events).toEqual([{ channel: 'runs.changed', payload: { reason: 'updated' } }])
    expect(await ok('runs.facets', {})).toEqual({ models: ['nac', 'nalu'], presets: ['mystery-article'], tags: ['best', 'paper'] })
    expect(await call('runs.update', { id: 777, notes: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(events).toHaveLength(1)
  })

  it('runs.delete and experiments.delete delete, tell the windows, and refuse unknown ids', async () => {
    expect(await ok('runs.delete', { ids: [ids[0]] })).toEqual({ deleted: 1 })
    expect(await call('runs.delete', { ids: [ids[0]] })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await ok('experiments.delete', { id: experimentId })).toEqual({ deletedRuns: 3 })
    expect(await call('experiments.delete', { id: experimentId })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: `Experiment ${experimentId} does not exist` }
    })
    expect(events.map((e) => e.payload)).toEqual([{ reason: 'deleted' }, { reason: 'deleted' }])
    expect((await ok('runs.list', {})).total).toBe(0)
  })

  it('a diverged run’s NaN and ±Infinity losses pass the contract and come back exactly', async () => {
    const s = spec({ name: 'blown up', seeds: [9], models: [{ units: [{ kind: 'nalu' }] }] })
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(id, ENV)
    store.appendEpochs(id, [
      {
        epoch: 1,
        trainMse: 3,
        interpMse: Infinity,
        extrapMse: NaN,
        perOutput: { interp: [Infinity, 1], extrap: [NaN, -Infinity] },
        wallMs: 5
      }
    ])
    store.finishRun(id, { status: 'diverged', error: 'Training diverged at epoch 2: the training loss became NaN', divergedAtEpoch: 2 })
    const run = await ok('runs.get', { id })
    expect(run).toMatchObject({
      status: 'diverged',
      divergedAtEpoch: 2,
      interpMse: null,
      extrapMse: null,
      error: expect.stringMatching(/epoch 2/)
    })
    expect(run.series[0]).toMatchObject({
      interpMse: Infinity,
      extrapMse: NaN,
      perOutput: { interp: [Infinity, 1], extrap: [NaN, -Infinity] }
    })
    const [series] = await ok('runs.series', { ids: [id], perOutput: true })
    expect(series.series[0].perOutput.extrap).toEqual([NaN, -Infinity])
    expect((await ok('runs.list', { status: 'diverged' })).rows.map((r) => r.id)).toContain(id)
  })
})
