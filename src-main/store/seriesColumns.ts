import { setImmediate as nextTurn } from 'node:timers/promises'
import { MinMaxColumns } from '@shared/series/minMax'
import {
  chartLevel,
  indicesOf,
  MAX_CHART_COLUMNS,
  minMaxIndices,
  packColumns,
  pickColumns,
  reduceColumns,
  unpackColumns,
  type ChartSeries,
  type SeriesColumns
} from '@shared/series/columns'
import { cutToPlot } from '@shared/series/lines'
import { packPlotBlock } from '@shared/series/plotBlock'
import type { StoreDb } from './db'
import { ACTIVE } from './db'
import { base64Of, realOrNaN } from './codec'
import { seriesOf } from './reads'
import { readRunRows } from './rows'

/**
 * Epochs per read. A slice of these five columns reads in 2–5 ms here (more with the machine
 * loaded), so a request never holds the event loop, and everyone's live progress, for long.
 */
const SLICE = 2048
const READ_SQL = `SELECT epoch, train_mse, interp_mse, extrap_mse, wall_ms FROM epochs
  WHERE run_id = ? AND epoch > ? ORDER BY epoch LIMIT ${SLICE}`

/** Below this a request derives its answer from the smallest stored reduction (a few thousand points). */
const SMALLEST_STORED = 1024

/**
 * The reductions kept for a run of `n` epochs: every power of two from 1024 with at least eight
 * epochs a column, so each is a small part of the run (a 50,000-epoch run keeps 1024, 2048 and
 * 4096 columns, about 1 MB together); shorter runs keep none and are read whole, which is as quick.
 */
export function storedLevels(n: number): number[] {
  const out: number[] = []
  for (let l = SMALLEST_STORED; l <= MAX_CHART_COLUMNS && n >= 8 * l; l *= 2) out.push(l)
  return out
}

type Row = [number, number | null, number | null, number | null, number]

/** Every epoch of the run as columns, read in slices with a turn of the event loop between them. */
async function readColumns(s: StoreDb, runId: number): Promise<SeriesColumns<number[]>> {
  const c: SeriesColumns<number[]> = { epoch: [], trainMse: [], interpMse: [], extrapMse: [], wallMs: [] }
  for (let after = -1; ;) {
    const rows = s.stmt(READ_SQL).raw(true).all(runId, after) as Row[]
    for (const [epoch, t, i, x, w] of rows) {
      c.epoch.push(epoch)
      c.trainMse.push(realOrNaN(t))
      c.interpMse.push(realOrNaN(i))
      c.extrapMse.push(realOrNaN(x))
      c.wallMs.push(w)
    }
    if (rows.length < SLICE) return c
    after = rows[rows.length - 1][0]
    await nextTurn()
  }
}

/** How the run stood when its epochs were read: its reductions are kept only if nothing changed since. */
interface RunState {
  status: string
  epochsDone: number
  endedAt: string | null
}
const ended = (st: RunState | undefined): st is RunState => st !== undefined && st.status !== 'queued' && st.status !== 'running'
function runState(s: StoreDb, runId: number): RunState | undefined {
  return s.stmt('SELECT status, epochs_done AS epochsDone, ended_at AS endedAt FROM runs WHERE id = ?').get(runId) as RunState | undefined
}

const hasStored = (s: StoreDb, runId: number) => s.stmt('SELECT 1 FROM series_columns WHERE run_id = ? LIMIT 1').get(runId) !== undefined

/**
 * Keeps a run's reductions (finest first, each derived exactly from the one before), unless the
 * run is still training or changed while it was read: one trained again is `queued` or `running`,
 * or has ended anew. Returns the reductions by level.
 */
async function keep(s: StoreDb, runId: number, was: RunState, all: SeriesColumns): Promise<Map<number, SeriesColumns<number[]>>> {
  const n = all.epoch.length
  const levels = storedLevels(n).reverse()
  const made = new Map<number, SeriesColumns<number[]>>()
  let finer: SeriesColumns = all
  for (const level of levels) {
    const r = pickColumns(finer, await minMaxSliced(finer, level))
    made.set(level, r)
    finer = r
  }
  // packed ahead, a level a turn, so the write's turn only writes (it packed them too: 44 ms cold)
  const packed: [number, Buffer][] = []
  for (const [level, r] of made) {
    await nextTurn()
    const bytes = packColumns(r)
    packed.push([level, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])
  }
  await nextTurn()
  s.write(() => {
    const still = s
      .stmt(`SELECT 1 FROM runs WHERE id = ? AND status NOT IN ${ACTIVE} AND status = ? AND epochs_done = ? AND ended_at IS ?`)
      .get(runId, was.status, was.epochsDone, was.endedAt)
    if (!still) return
    const ins = s.stmt('INSERT OR REPLACE INTO series_columns (run_id, columns, epoch_count, data) VALUES (?, ?, ?, ?)')
    for (const [level, data] of packed) ins.run(runId, level, n, data)
  })
  return made
}

/** minMaxIndices with a turn of the event loop every SLICE epochs (the finest level reduces every epoch of the run). */
async function minMaxSliced(c: SeriesColumns, level: number): Promise<number[]> {
  const n = c.epoch.length
  const core = new MinMaxColumns(c.epoch[0], c.epoch[n - 1], level)
  for (let i = 0; i < n; i++) {
    core.add(c.epoch[i], c.trainMse[i], c.interpMse[i], c.extrapMse[i])
    if (i % SLICE === SLICE - 1) await nextTurn()
  }
  return indicesOf(c.epoch, core.finish())
}

/**
 * A run's series for a chart `columns` pixels wide (chartLevel: the power of two at or above), as
 * reduceColumns of every epoch gives it, packed (packColumns). An ended long run answers from its
 * stored reduction at exactly that level (one indexed row, sent as it is stored) or, below the
 * smallest stored, derived exactly from that one; otherwise the epochs are read in slices, and an
 * ended long run's reductions are kept for the next request. With `plot` (Compare's plot in device
 * pixels) only what its three loss charts draw, a mask a point (cutToPlot), as a plot block
 * (series/plotBlock.ts: each loss only where its chart draws it, the wall time only with `wall`):
 * about a quarter of the bytes (20 runs at 1,400 px cut to a 1,000-pixel plot: 1.47 MB against
 * 5.70 MB), and the page reduces nothing. Null when the run does not exist.
 */
export async function chartSeries(
  s: StoreDb,
  runId: number,
  columns: number,
  plot?: number,
  { wall = false }: { wall?: boolean } = {}
): Promise<ChartSeries | null> {
  const [row] = readRunRows(s, [runId])
  if (!row) return null
  const level = chartLevel(columns)
  const { series: _none, ...identity } = seriesOf(row, [])
  const answer = async (epochCount: number, c: SeriesColumns): Promise<ChartSeries> => {
    const base = { ...identity, epochCount, columns: level }
    if (plot === undefined) return { ...base, points: c.epoch.length, data: base64Of(packColumns(c)) }
    // only what the three loss charts of that width draw, each point with its mask, as a plot block;
    // the cut and the packing in turns of their own: Compare has two requests in flight, and one's
    // whole answer in the turn of the other's write held the loop 40-67 ms (round 18)
    const { kept, masks } = cutToPlot(c, plot)
    await nextTurn()
    const data = base64Of(packPlotBlock(kept, masks, wall))
    return { ...base, points: kept.epoch.length, data, plot, lines: base64Of(masks), ...(wall ? { wall } : {}) }
  }
  const stored = s
    .stmt('SELECT columns, epoch_count AS epochCount, data FROM series_columns WHERE run_id = ? AND columns >= ? ORDER BY columns LIMIT 1')
    .get(runId, level) as { columns: number; epochCount: number; data: Buffer } | undefined
  if (stored?.columns === level) {
    if (plot !== undefined) return answer(stored.epochCount, unpackColumns(stored.data))
    return {
      ...identity,
      epochCount: stored.epochCount,
      columns: level,
      points: stored.data.length / 40,
      data: stored.data.toString('base64')
    }
  }
  if (stored && level < SMALLEST_STORED) {
    const fine = unpackColumns(stored.data)
    return answer(stored.epochCount, pickColumns(fine, minMaxIndices(fine, level)))
  }
  const was = runState(s, runId)
  const all = await readColumns(s, runId)
  const n = all.epoch.length
  if (ended(was) && storedLevels(n).length && !hasStored(s, runId)) {
    const made = await keep(s, runId, was, all)
    const exact = made.get(level)
    if (exact) return answer(n, exact)
    const smallest = made.get(SMALLEST_STORED)
    if (smallest && level < SMALLEST_STORED) return answer(n, pickColumns(smallest, minMaxIndices(smallest, level)))
  }
  return answer(n, reduceColumns(all, level))
}

/**
 * Makes and keeps an ended long run's reductions if it has none yet (what the app does as each run
 * ends, in the background). True when they are kept now.
 */
export async function prepareChartSeries(s: StoreDb, runId: number): Promise<boolean> {
  if (hasStored(s, runId)) return false
  const was = runState(s, runId)
  if (!ended(was)) return false
  const all = await readColumns(s, runId)
  if (!storedLevels(all.epoch.length).length) return false
  await keep(s, runId, was, all)
  return hasStored(s, runId)
}
