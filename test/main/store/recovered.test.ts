import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LearnedWeights } from '@shared/domain'
import { openStore, type LabStore } from '../../../src-main/store'
import { ENV, runsOf, spec, tempDir } from './fixtures'

// the fixtures' problem: y0 = x0 + x1, y1 = x2 × x3; runs nac/1, nac/2, nalu/1, nalu/2
const nac = (data: number[]): LearnedWeights => ({
  units: [{ kind: 'nac', matrices: [{ name: 'W', rows: 2, cols: 4, data }], gates: null }]
})
const RIGHT_ADD = nac([1, 1, 0, 0, 0, 0, 1, 1]) // y0 right; a NAC cannot multiply, so y1 is not
const WRONG = nac([1, -1, 0, 0, 0, 0, 0, 0])

let dir: string
let cleanup: () => void
let path: string
let store: LabStore
let ids: number[]

function kept(): { outputs: number | null; recovered: number | null }[] {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT formula_outputs AS outputs, formula_recovered AS recovered FROM run_details ORDER BY run_id').all() as {
      outputs: number | null
      recovered: number | null
    }[]
  } finally {
    db.close()
  }
}

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
  path = join(dir, 'lab.db')
  store = openStore(path)
  const s = spec()
  ;({ runIds: ids } = store.createExperiment(s, runsOf(s)))
  store.markRunning(ids[0], ENV)
  store.finishRun(ids[0], { status: 'completed', final: null, weights: RIGHT_ADD })
  store.markRunning(ids[1], ENV)
  store.finishRun(ids[1], { status: 'completed', final: null, weights: WRONG })
  store.markRunning(ids[2], ENV)
  store.finishRun(ids[2], { status: 'diverged', error: 'NaN' })
})
afterEach(() => {
  store.close()
  cleanup()
})

describe('recovered counts (migration 005)', () => {
  it('counts a run once and keeps the count; runs without weights have none', () => {
    expect(kept().map((k) => k.outputs)).toEqual([null, null, null, null])
    const first = store.recoveredCounts(ids)
    expect(first).toEqual([
      { model: 'nac', counts: { outputs: 2, recovered: 1 } },
      { model: 'nac', counts: { outputs: 2, recovered: 0 } },
      { model: 'nalu', counts: null },
      { model: 'nalu', counts: null }
    ])
    expect(kept()).toEqual([
      { outputs: 2, recovered: 1 },
      { outputs: 2, recovered: 0 },
      { outputs: null, recovered: null },
      { outputs: null, recovered: null }
    ])
    // the second read comes from the columns: a count written there is what it returns
    const db = new Database(path)
    db.prepare('UPDATE run_details SET formula_recovered = 2 WHERE run_id = ?').run(ids[1])
    db.close()
    expect(store.recoveredCounts([ids[1]])[0].counts).toEqual({ outputs: 2, recovered: 2 })
  })

  it('forgets the count when the weights change (a run trained again)', () => {
    store.recoveredCounts(ids)
    store.requeueRuns([ids[1]])
    store.markRunning(ids[1], ENV)
    store.finishRun(ids[1], { status: 'completed', final: null, weights: RIGHT_ADD })
    expect(kept()[1]).toEqual({ outputs: null, recovered: null })
    expect(store.recoveredCounts([ids[1]])[0].counts).toEqual({ outputs: 2, recovered: 1 })
  })

  it('names the runs that do not exist', () => {
    expect(() => store.recoveredCounts([ids[0], 98, 99])).toThrow('Runs 98, 99 do not exist')
  })

  it('migrates a version-4 database with finished runs and counts them on first read', () => {
    store.close()
    // back to version 4 as it was: no count columns, no trigger (and nothing of version 6)
    const db = new Database(path)
    db.exec(`DROP TABLE series_columns; DROP TRIGGER epochs_added_series_columns;
      DROP TRIGGER epochs_removed_series_columns; DROP TRIGGER epochs_changed_series_columns;
      DROP TRIGGER run_details_weights_changed;
      ALTER TABLE run_details DROP COLUMN formula_outputs; ALTER TABLE run_details DROP COLUMN formula_recovered;`)
    db.pragma('user_version = 4')
    db.close()
    store = openStore(path)
    expect(kept()[0]).toEqual({ outputs: null, recovered: null })
    expect(store.recoveredCounts([ids[0], ids[1]]).map((r) => r.counts?.recovered)).toEqual([1, 0])
    expect(kept()[0]).toEqual({ outputs: 2, recovered: 1 })
  })
})
