import { setImmediate as nextTurn } from 'node:timers/promises'
import type { RunSeries } from '@shared/domain'
import { MinMaxColumns } from '@shared/series/minMax'
import type { StoreDb } from './db'
import { realOrNaN } from './codec'
import { seriesOf, toEpoch, type EpochSql } from './reads'
import { readRunRows } from './rows'

/**
 * Epochs per slice. A slice reads in a few milliseconds, so a comparison of 20 runs × 100,000
 * epochs never holds the event loop (and everyone's live progress) for long: the read yields
 * between slices.
 */
const SLICE = 4096

/*
 * Only the three losses are read for the reduction: the per-output blob is two thirds of a row's
 * read time. The few epochs kept are then read whole. (Measured on 50,000 epochs: these four
 * columns 120 ms, all six 330 ms; SQLite's bare-column MIN() per pixel column needs a sort per
 * loss and extreme, 60 ms each, 0.5 s for the nine.)
 */
const LOSSES_SQL = `SELECT epoch, train_mse, interp_mse, extrap_mse FROM epochs
  WHERE run_id = ? AND epoch > ? ORDER BY epoch LIMIT ${SLICE}`
const ROWS_SQL = `SELECT epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output, sparsity_error
  FROM epochs WHERE run_id = ? AND epoch IN (SELECT value FROM json_each(?)) ORDER BY epoch`

type LossSql = [number, number | null, number | null, number | null]

/**
 * The series of these runs reduced to a chart `columns` pixels wide (MinMaxReducer: each column's
 * lowest and highest epoch of each loss, the first NaN, the first and last epoch), read in slices
 * with a turn of the event loop between them. Ids that do not exist are left out, as in getSeries.
 */
export async function getSeriesReduced(s: StoreDb, ids: readonly number[], columns: number, perOutput: boolean): Promise<RunSeries[]> {
  const out: RunSeries[] = []
  for (const r of readRunRows(s, ids)) {
    const span = s.stmt('SELECT min(epoch) AS lo, max(epoch) AS hi, count(*) AS n FROM epochs WHERE run_id = ?').get(r.id) as {
      lo: number | null
      hi: number | null
      n: number
    }
    // bare numbers, no object per row: a 50,000-epoch run reduces in about its read time
    const reducer = new MinMaxColumns(span.lo ?? 0, span.hi ?? 0, columns)
    for (let after = -1; span.lo !== null;) {
      const rows = s.stmt(LOSSES_SQL).raw(true).all(r.id, after) as LossSql[]
      for (const [epoch, t, i, x] of rows) reducer.add(epoch, realOrNaN(t), realOrNaN(i), realOrNaN(x))
      if (rows.length < SLICE) break
      after = rows[rows.length - 1][0]
      await nextTurn()
    }
    const kept = reducer.finish()
    const series = (s.stmt(ROWS_SQL).raw(true).all(r.id, JSON.stringify(kept)) as EpochSql[]).map((row) => toEpoch(row, perOutput))
    await nextTurn()
    out.push({ ...seriesOf(r, series), epochCount: span.n })
  }
  return out
}
