import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type LabStore } from '../../../src-main/store'
import { storedLevels } from '../../../src-main/store/seriesColumns'
import { chartColumns, reduceColumns, type ChartSeries, type SeriesColumns } from '@shared/series/columns'
import { chartLines } from '@shared/series/lines'
import { ENV, epochs, runsOf, spec, tempDir } from './fixtures'
import { turnsDuring } from '../../helpers/turns'

const LONG = 20_000
let dir: string
let cleanup: () => void
let path: string
let store: LabStore
let ids: number[]

function train(id: number, n: number, from = 1): void {
  store.markRunning(id, ENV)
  for (let a = from; a <= n; a += 1000) store.appendEpochs(id, epochs(a, Math.min(n, a + 999), id))
}
const finish = (id: number) => store.finishRun(id, { status: 'completed', final: null, weights: null })

/** Every epoch of a run as columns, read the plain way. */
function everyEpoch(id: number): SeriesColumns<number[]> {
  const s = store.getSeries([id], { perOutput: false })[0].series
  return {
    epoch: s.map((e) => e.epoch),
    trainMse: s.map((e) => e.trainMse),
    interpMse: s.map((e) => e.interpMse),
    extrapMse: s.map((e) => e.extrapMse),
    wallMs: s.map((e) => e.wallMs)
  }
}

/** A runs.chart answer's columns as plain arrays. */
function columnsOf(c: ChartSeries | null): SeriesColumns<number[]> {
  const x = chartColumns(c!)
  return { epoch: [...x.epoch], trainMse: [...x.trainMse], interpMse: [...x.interpMse], extrapMse: [...x.extrapMse], wallMs: [...x.wallMs] }
}

/** The stored reductions, read beside the store. */
function stored(): { runId: number; columns: number; epochCount: number; bytes: number }[] {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare(
        'SELECT run_id AS runId, columns, epoch_count AS epochCount, length(data) AS bytes FROM series_columns ORDER BY run_id, columns'
      )
      .all() as {
      runId: number
      columns: number
      epochCount: number
      bytes: number
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
  ids = store.createExperiment(s, runsOf(s)).runIds
  train(ids[0], LONG)
  finish(ids[0])
})
afterEach(() => {
  store.close()
  cleanup()
})

describe('chart series from stored reductions (migration 006)', () => {
  it('answers as the reduction of every epoch at the power of two at or above the width, and keeps it', async () => {
    const all = everyEpoch(ids[0])
    const chart = await store.chartSeries(ids[0], 300)
    expect(chart).toMatchObject({ id: ids[0], model: 'nac', seed: 1, epochCount: LONG, columns: 512 })
    expect(columnsOf(chart)).toEqual(reduceColumns(all, 512))
    expect(chart!.points).toBeLessThan(512 * 6)
    // an ended 20,000-epoch run keeps 1024 and 2048 columns (eight epochs a column at least)
    expect(storedLevels(LONG)).toEqual([1024, 2048])
    expect(stored().map((r) => [r.runId, r.columns, r.epochCount])).toEqual([
      [ids[0], 1024, LONG],
      [ids[0], 2048, LONG]
    ])
    expect(stored()[1].bytes).toBeLessThan(LONG * 40 * 0.4)
    // stored levels answer as stored, smaller ones are derived from the smallest, exactly; a finer one reads the epochs again
    for (const w of [16, 1000, 1400, 2048, 3000]) {
      const again = await store.chartSeries(ids[0], w)
      expect(columnsOf(again)).toEqual(reduceColumns(all, again!.columns))
    }
  })

  it('reads the stored row, not the epochs, once it has one', async () => {
    const first = await store.chartSeries(ids[0], 1400)
    // take the epochs away behind the store's back, without the trigger that forgets the reduction
    const db = new Database(path)
    db.exec('DROP TRIGGER epochs_removed_series_columns')
    db.prepare('DELETE FROM epochs WHERE run_id = ?').run(ids[0])
    db.close()
    expect(await store.chartSeries(ids[0], 1400)).toEqual(first)
    // cut to a plot from the stored row too: the same lines as cutting the whole answer
    const cut = (await store.chartSeries(ids[0], 1400, 900, { wall: true }))!
    expect(cut).toMatchObject({ columns: 2048, plot: 900 })
    expect(cut.points).toBeLessThan(first!.points)
    expect(chartLines(cut, 900)).toEqual(chartLines(first!, 900))
  })

  it('keeps spikes and a divergence visible at any width', async () => {
    const id = ids[1]
    store.markRunning(id, ENV)
    const es = epochs(1, LONG, id)
    es[12_344].extrapMse = 1e30
    es[15_000].interpMse = NaN
    for (let a = 0; a < LONG; a += 1000) store.appendEpochs(id, es.slice(a, a + 1000))
    finish(id)
    const chart = (await store.chartSeries(id, 16))!
    const c = columnsOf(chart)
    expect(c.epoch).toContain(12_345)
    expect(c.extrapMse[c.epoch.indexOf(12_345)]).toBe(1e30)
    expect(Number.isNaN(c.interpMse[c.epoch.indexOf(15_001)])).toBe(true)
  })

  it('keeps nothing for a run still training or too short, and answers them from their epochs', async () => {
    train(ids[1], LONG)
    const running = await store.chartSeries(ids[1], 256)
    expect(columnsOf(running)).toEqual(reduceColumns(everyEpoch(ids[1]), 256))
    train(ids[2], 1500)
    finish(ids[2])
    const short = (await store.chartSeries(ids[2], 1024))!
    expect(short.points).toBe(1500) // 1500 ≤ 2 × 1024: whole
    expect(columnsOf(short).wallMs).toEqual(everyEpoch(ids[2]).wallMs)
    expect(await store.prepareChartSeries(ids[2])).toBe(false)
    expect(stored()).toEqual([])
    expect(await store.chartSeries(9999, 256)).toBeNull()
  })

  it('makes the reduction when asked as a run ends, and forgets it when the epochs change', async () => {
    expect(await store.prepareChartSeries(ids[0])).toBe(true)
    expect(stored().map((r) => r.runId)).toEqual([ids[0], ids[0]])
    expect(await store.prepareChartSeries(ids[0])).toBe(false) // already there
    // trained again from scratch: the old epochs go, and the reduction with them
    store.requeueRuns([ids[0]])
    expect(stored()).toEqual([])
    train(ids[0], 17_000)
    expect(await store.prepareChartSeries(ids[0])).toBe(false) // running: its epochs still grow
    finish(ids[0])
    const chart = (await store.chartSeries(ids[0], 100))!
    expect(chart.epochCount).toBe(17_000)
    expect(stored()[1]).toMatchObject({ columns: 2048, epochCount: 17_000 })
    // one more epoch (as a Slurm shard filling a run) forgets it too; deleting the run deletes it
    store.appendEpochs(ids[0], epochs(17_001, 17_001, ids[0]))
    expect(stored()).toEqual([])
    expect((await store.chartSeries(ids[0], 100))!.epochCount).toBe(17_001)
    expect(stored()).toHaveLength(2)
    store.deleteRuns([ids[0]])
    expect(stored()).toEqual([])
  })

  it('lets the event loop run between slices of a long read', async () => {
    const { turns } = await turnsDuring(() => store.chartSeries(ids[0], 512))
    // 20,000 epochs in 2048-epoch slices
    expect(turns).toBeGreaterThanOrEqual(5)
  })

  it('cuts a plot answer and packs it in turns of their own, even from a stored reduction', async () => {
    await store.chartSeries(ids[0], 1400)
    // Compare keeps two requests in flight: one's whole answer in the turn of the other's write held
    // the server's loop 40-67 ms
    const { value: cut, turns } = await turnsDuring(() => store.chartSeries(ids[0], 1400, 900))
    expect(cut).toMatchObject({ columns: 2048, plot: 900 })
    expect(turns).toBeGreaterThanOrEqual(1)
  })
})
