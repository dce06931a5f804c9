import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setupSnapshots } from '../../../src-main/features/snapshots'
import { openStore, type LabStore } from '../../../src-main/store'
import type { LabContext } from '../../../src-main/ipc/context'
import { ENV, runsOf, spec } from '../store/fixtures'
import { strictContext } from '../../helpers/strictContext'
import { invoker } from '../../helpers/invoke'

let store: LabStore
let ctx: LabContext
let ids: number[]
let experimentId: number

// the fixtures' problem: y0 = x0 + x1, y1 = x2 × x3; models nac and nalu, seeds 1 and 2
const nacW = (data: number[]) => ({ units: [{ kind: 'nac', matrices: [{ name: 'W', rows: 2, cols: 4, data }], gates: null }] })
const naluW = (gates: number[]) => ({
  units: [
    {
      kind: 'nalu',
      gates,
      matrices: [
        { name: 'W', rows: 2, cols: 4, data: [0.98, 1, 0, 0, 0, 0, 1, 0.99] },
        { name: 'G', rows: 2, cols: 4, data: [0, 0, 0, 0, 0, 0, 0, 0] }
      ]
    }
  ]
})

beforeEach(() => {
  store = openStore(':memory:')
  ;({ ctx } = strictContext(store))
  setupSnapshots(ctx)
  const s = spec()
  ;({ experimentId, runIds: ids } = store.createExperiment(s, runsOf(s)))
  const weights = [nacW([1, 1, 0, 0, 0, 0, 1, 1]), nacW([1, -1, 0, 0, 0, 0, 0, 0]), naluW([0.99, 0.02]), null]
  ids.forEach((id, i) => {
    store.markRunning(id, ENV)
    store.finishRun(id, i === 3 ? { status: 'diverged', error: 'NaN' } : { status: 'completed', final: null, weights: weights[i] })
  })
  store.snapshots.save(ids[0], 0, nacW([0.1, 0, 0, 0, 0, 0, 0, 0]))
  store.snapshots.save(ids[0], 9, nacW([1, 1, 0, 0, 0, 0, 1, 1]))
})
afterEach(() => store.close())

const { call } = invoker(() => ctx.router)

describe('runs.snapshots and runs.recovered', () => {
  it('lists a run’s snapshots oldest first, and says which run does not exist', async () => {
    const r = await call('runs.snapshots', { id: ids[0] })
    expect(r.ok && r.value.map((s) => s.step)).toEqual([0, 9])
    const missing = await call('runs.snapshots', { id: 999 })
    expect(!missing.ok && missing.error.code).toBe('not_found')
    const bad = await call('runs.snapshots', { id: 0 })
    expect(!bad.ok && bad.error.code).toBe('invalid')
  })

  it('counts per model the outputs recovered exactly, for runs or a whole experiment', async () => {
    const byIds = await call('runs.recovered', { ids })
    const byExperiment = await call('runs.recovered', { experimentId })
    // nac: seed 1 recovers y0 only (a NAC cannot multiply), seed 2 nothing (a wrong sign);
    // nalu: seed 1 takes the add path for y0 and the multiply path for y1, both right; seed 2 diverged
    const want = [
      { model: 'nac', runs: 2, outputs: 4, recovered: 1, everyOutput: 0 },
      { model: 'nalu', runs: 1, outputs: 2, recovered: 2, everyOutput: 1 }
    ]
    expect(byIds.ok && byIds.value).toEqual(want)
    expect(byExperiment.ok && byExperiment.value).toEqual(want)
    const none = await call('runs.recovered', { experimentId: 77 })
    expect(!none.ok && none.error.code).toBe('not_found')
    const both = await call('runs.recovered', { ids, experimentId })
    expect(both.ok).toBe(false)
  })
})
