import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LearnedWeights } from '@shared/domain'
import { SNAPSHOT_BUDGET } from '@shared/weights'
import { openStore, type LabStore } from '../../../src-main/store'
import type { BundleFile } from '../../../src-main/store/bundle-schema'
import { ENV, runsOf, spec } from './fixtures'

const naluAt = (t: number): LearnedWeights => ({
  units: [
    {
      kind: 'nalu',
      gates: [0.25, 0.75],
      matrices: [
        { name: 'W', rows: 2, cols: 4, data: [t, -t, 0.5, 1, 0, 0, 1, 0.125] },
        { name: 'G', rows: 2, cols: 4, data: [0, 0, 0, 0, 0, 0, 0, -2] }
      ]
    }
  ]
})

let from: LabStore
let to: LabStore
let ids: number[]
beforeEach(() => {
  from = openStore(':memory:')
  to = openStore(':memory:')
  const s = spec()
  ids = from.createExperiment(s, runsOf(s)).runIds
  from.markRunning(ids[2], ENV)
  for (const step of [0, 3, 10]) from.snapshots.save(ids[2], step, naluAt(step / 16))
  from.finishRun(ids[2], { status: 'completed', final: null, weights: naluAt(1) })
})
/** A bundle as it comes back from its file. */
const wire = (runIds: number[]) => JSON.parse(JSON.stringify(from.exportBundle(runIds))) as BundleFile

afterEach(() => {
  from.close()
  to.close()
})

describe('weight snapshots in bundles (version 3)', () => {
  it('go through export and import unchanged, runs without snapshots carry none', () => {
    const bundle = wire([ids[0], ids[2]])
    expect(bundle.version).toBe(3)
    expect(bundle.runs[0].snapshots).toBeUndefined()
    expect(bundle.runs[1].snapshots?.map((s) => s.step)).toEqual([0, 3, 10])
    const [a, b] = to.importBundle(bundle)
    expect(to.snapshots.list(a)).toEqual([])
    expect(to.snapshots.list(b)).toEqual(from.snapshots.list(ids[2]))
    expect(to.snapshots.list(b)[1].weights.units[0].matrices[0].data.slice(0, 2)).toEqual([3 / 16, -3 / 16])
  })

  it('a version-2 bundle (no snapshots) still imports', () => {
    const bundle = wire([ids[2]])
    delete bundle.runs[0].snapshots
    bundle.version = 2
    const [id] = to.importBundle(bundle)
    expect(to.getRun(id, { series: false })?.status).toBe('completed')
    expect(to.snapshots.list(id)).toEqual([])
  })

  it('refuses snapshots whose values do not fit their layout, naming the field, and imports nothing', () => {
    const bundle = wire([ids[2]])
    const snaps = bundle.runs[0].snapshots ?? []
    snaps[1].data = Buffer.alloc(12).toString('base64')
    expect(() => to.importBundle(bundle)).toThrow(
      'Invalid bundle: runs[0].snapshots[1]: data holds 12 bytes where its matrices need 64 (4 per value)'
    )
    snaps[1].data = 'not base64!'
    expect(() => to.importBundle(bundle)).toThrow(/runs\.0\.snapshots\.1\.data|runs\[0\]\.snapshots\[1\]\.data/)
    bundle.runs[0].snapshots = Array.from({ length: SNAPSHOT_BUDGET + 1 }, (_, step) => ({ ...snaps[0], step }))
    expect(() => to.importBundle(bundle)).toThrow(/snapshots/)
    expect(to.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).total).toBe(0)
  })
})
