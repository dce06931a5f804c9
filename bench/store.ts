/**
 * Run-store benchmark (issue 4): `npm run bench:store`. Builds a temp database of
 * BENCH_RUNS runs × BENCH_EPOCHS epochs (default 10,000 × 250 = 2.5 M epoch rows, BENCH_OUTPUTS=10
 * outputs each, as in the article's mystery problem) and measures the store's own code paths
 * against the targets, each beside a reference measured in the same run. BENCH_KEEP=1 keeps the file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { HistoryQuery, type HistoryQueryInput } from '@shared/domain'
import { openStore } from '../src-main/store'
import { StoreDb } from '../src-main/store/db'
import { historyFilter, historyOrder, listRuns } from '../src-main/store/history'
import { appendEpochs, createExperiment, markRunning } from '../src-main/store/writes'
import { decodePerOutput } from '../src-main/store/codec'
import { generate } from './storeGenerate'
import { ms, report, stats, timeEach } from './storeStats'

const size = {
  runs: Number(process.env.BENCH_RUNS ?? 10_000),
  epochs: Number(process.env.BENCH_EPOCHS ?? 250),
  outputs: Number(process.env.BENCH_OUTPUTS ?? 10)
}
const dir = mkdtempSync(join(tmpdir(), 'nalu-bench-store-'))
const path = join(dir, 'bench.db')
const out = (line = ''): void => void process.stdout.write(`${line}\n`)

openStore(path).close()
const t = performance.now()
generate(path, size)
const rows = size.runs * size.epochs
const genS = (performance.now() - t) / 1000
out(
  `Generated ${size.runs} runs × ${size.epochs} epochs = ${(rows / 1e6).toFixed(2)} M epoch rows (${size.outputs} outputs) in ${genS.toFixed(1)} s (${Math.round(rows / genS / 1000)} k rows/s)`
)

const openMs = (check: 'none' | 'quick' | 'full'): number => {
  const t0 = performance.now()
  openStore(path, { integrityCheck: check, recover: false }).close()
  return performance.now() - t0
}
out(`Opening the file: no check ${ms(openMs('none'))}, quick_check ${ms(openMs('quick'))}, integrity_check ${ms(openMs('full'))}`)
out()

const store = openStore(path, { integrityCheck: 'none' })

// --- history page: 100 rows, a filter and a sort --------------------------------------------
const shapes: HistoryQueryInput[] = (
  [
    { model: 'nalu', sort: 'extrapMse', dir: 'asc' },
    { status: 'completed', sort: 'trainMse', dir: 'desc' },
    { tag: 'paper', sort: 'interpMse', dir: 'asc' },
    { preset: 'mystery-article', sort: 'successCount', dir: 'desc' },
    { text: 'saturates', sort: 'createdAt', dir: 'desc' },
    { model: 'nac', status: 'diverged', sort: 'seed', dir: 'asc' },
    { preset: 'arithmetic-mul', sort: 'model', dir: 'asc', offset: 500 },
    { status: 'completed', sort: 'extrapMse', dir: 'asc', offset: 3000 },
    { tag: 'sweep', model: 'npu', sort: 'preset', dir: 'desc' },
    { text: 'Sweep 7', sort: 'status', dir: 'asc' },
    { sort: 'extrapMse', dir: 'asc' },
    { sort: 'id', dir: 'desc', offset: 9000 }
  ] satisfies HistoryQueryInput[]
).map((q) => ({ limit: 100, ...q }))
const queries = shapes.map((q) => HistoryQuery.parse(q))
const history = (s: StoreDb | null): number[] => {
  const run = (q: HistoryQuery): unknown => (s ? listRuns(s, q) : store.listRuns(q))
  queries.forEach(run) // warm-up: statements prepared, pages cached
  return [1, 2, 3, 4, 5].flatMap(() => timeEach(queries, run))
}
const hist = stats(history(null))
// reference: the same code and queries on a connection where the runs/tag indexes are dropped
// (inside a transaction that is rolled back)
const raw = new Database(path)
raw.exec('BEGIN')
for (const name of raw
  .prepare(
    `SELECT name FROM sqlite_master WHERE type = 'index' AND (name LIKE 'runs_%' OR name = 'run_tags_tag' OR name = 'experiments_name')`
  )
  .pluck()
  .all() as string[]) {
  raw.exec(`DROP INDEX ${name}`)
}
const histRef = stats(history(new StoreDb(raw)))
raw.exec('ROLLBACK')
// reference 2: metric sorts without the denormalised columns, reading each run's last epoch instead
const metricShapes = queries.filter((q) => q.sort.endsWith('Mse'))
const lastEpochSort = (q: HistoryQuery): unknown => {
  const col = { trainMse: 'train_mse', interpMse: 'interp_mse', extrapMse: 'extrap_mse' }[q.sort as 'trainMse']
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC'
  const { where, params } = historyFilter(q)
  const ids = raw
    .prepare(
      `SELECT r.id FROM runs r ${where} ORDER BY (SELECT ${col} FROM epochs x WHERE x.run_id = r.id ORDER BY x.epoch DESC LIMIT 1) ${dir} NULLS LAST, r.id ${dir} LIMIT ? OFFSET ?`
    )
    .pluck()
    .all(...params, q.limit, q.offset) as number[]
  return [
    ids,
    raw
      .prepare(`SELECT count(*) FROM runs r ${where}`)
      .pluck()
      .get(...params)
  ]
}
metricShapes.forEach(lastEpochSort)
const metricMine = stats([1, 2, 3].flatMap(() => timeEach(metricShapes, (q) => store.listRuns(q))))
const metricRef = stats([1, 2, 3].flatMap(() => timeEach(metricShapes, lastEpochSort)))
out(
  report('History page (100 rows, filter + sort) median', hist.median, 20, { label: 'same queries without indexes', value: histRef.median })
)
out(report('History page p95', hist.p95, 20, { label: 'same queries without indexes', value: histRef.p95 }))
out(
  report(`History page sorted by a metric (${metricShapes.length} shapes) median`, metricMine.median, 20, {
    label: "metric read from each run's last epoch, ids only",
    value: metricRef.median
  })
)
for (const q of queries.slice(0, 3)) {
  const { where, params } = historyFilter(q)
  const plan = raw.prepare(`EXPLAIN QUERY PLAN SELECT r.id FROM runs r ${where} ${historyOrder(q)} LIMIT 100`).all(...params) as {
    detail: string
  }[]
  out(
    `   plan for ${JSON.stringify({ ...q, dir: undefined, offset: undefined, limit: undefined })}: ${plan.map((p) => p.detail).join('; ')}`
  )
}
out()

// --- 20 runs' full series ----------------------------------------------------------------------
const pick = (k: number, seed: number): number[] => Array.from({ length: 20 }, (_, i) => 1 + ((seed * 7919 + i * 104729 + k) % size.runs))
const sets = Array.from({ length: 30 }, (_, k) => pick(k, k + 1))
store.getSeries(sets[0])
const series = stats(timeEach(sets, (ids) => store.getSeries(ids)))
// reference: the same rows found by a plain full scan (the unary + keeps SQLite off the primary key)
const scan = raw.prepare(
  'SELECT run_id, epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output FROM epochs WHERE +run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, epoch'
)
const seriesRef = stats(
  timeEach(sets.slice(0, 3), (ids) =>
    (scan.all(JSON.stringify(ids)) as { per_output: Buffer }[]).forEach((r) => decodePerOutput(r.per_output))
  )
)
out(
  report(`20 runs' full series (${20 * size.epochs} epochs) median`, series.median, 50, {
    label: 'full scan of the epochs table',
    value: seriesRef.median
  })
)
out(report(`20 runs' full series p95`, series.p95, 50))

// per-output arrays: the Float64 BLOB against the same numbers as JSON text
const blobs = raw
  .prepare('SELECT per_output FROM epochs WHERE run_id IN (SELECT value FROM json_each(?))')
  .pluck()
  .all(JSON.stringify(sets[1])) as Buffer[]
const jsons = blobs.map((b) => JSON.stringify(decodePerOutput(b)))
const blobBytes = blobs.reduce((n, b) => n + b.length, 0)
const jsonBytes = jsons.reduce((n, j) => n + Buffer.byteLength(j), 0)
const tBlob = stats([1, 2, 3, 4, 5].map(() => timeEach([blobs], (bs) => bs.forEach(decodePerOutput))[0]))
const tJson = stats(
  [1, 2, 3, 4, 5].map(
    () =>
      timeEach([jsons], (js) =>
        js.forEach((j) => {
          JSON.parse(j)
        })
      )[0]
  )
)
out(
  `   per-output of ${blobs.length} epochs: BLOB ${blobBytes} B, decode ${ms(tBlob.median)}; as JSON ${jsonBytes} B (${(jsonBytes / blobBytes).toFixed(2)}×), parse ${ms(tJson.median)}`
)
out()

// --- appending one epoch -----------------------------------------------------------------------
const appendRun = (s: StoreDb, n: number): number[] => {
  const spec = store.getJobSpec(1)!.spec
  const [id] = createExperiment(s, { ...spec, name: 'append bench', training: { ...spec.training, epochs: n } }, [
    { model: 'nac', modelSpec: spec.models[1], seed: 1, config: store.getJobSpec(1)!.config, configHash: 'bench', outputs: size.outputs }
  ]).runIds
  markRunning(s, id, { path: 'fused', backend: 'wasm', versions: {} })
  const po = Array.from({ length: size.outputs }, (_, k) => 1 / (k + 3))
  return timeEach(
    Array.from({ length: n }, (_, i) => i + 1),
    (epoch) =>
      appendEpochs(s, id, [
        {
          epoch,
          trainMse: 1 / epoch,
          interpMse: 2 / epoch,
          extrapMse: 3 / epoch,
          perOutput: { interp: po, extrap: po },
          wallMs: epoch * 40
        }
      ])
  )
}
const storeDb = new StoreDb(raw)
raw.pragma('busy_timeout = 30000')
raw.pragma('synchronous = NORMAL')
const append = stats(appendRun(storeDb, 3000))
raw.pragma('synchronous = FULL')
const appendFull = stats(appendRun(storeDb, 500))
out(
  report('Append one epoch p99 (its own transaction)', append.p99, 1, {
    label: 'synchronous=FULL, an fsync per commit',
    value: appendFull.p99
  })
)
out(`   append median ${ms(append.median)}, max ${ms(append.max)} over ${append.n}; with synchronous=FULL median ${ms(appendFull.median)}`)
out()

// --- size --------------------------------------------------------------------------------------
raw.pragma('wal_checkpoint(TRUNCATE)')
const bytesOf = (names: string[]): number =>
  raw
    .prepare(`SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (SELECT value FROM json_each(?))`)
    .pluck()
    .get(JSON.stringify(names)) as number
const epochRows = raw.prepare('SELECT count(*) FROM epochs').pluck().get() as number
const epochBytes = bytesOf(['epochs'])
const file = statSync(path).size
out(
  `Database size: epochs table ${(epochBytes / 1e6).toFixed(1)} MB for ${epochRows} rows = ${(epochBytes / epochRows).toFixed(1)} B/row = ${(epochBytes / epochRows).toFixed(0)} MB per 1 M epoch rows`
)
out(
  `               whole file ${(file / 1e6).toFixed(1)} MB = ${(file / epochRows).toFixed(0)} MB per 1 M epoch rows (runs, details, tags, indexes included)`
)
out(
  `               runs table ${(bytesOf(['runs']) / 1e6).toFixed(1)} MB, its indexes ${(bytesOf(raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'`).pluck().all() as string[]) / 1e6).toFixed(1)} MB, run_details ${(bytesOf(['run_details']) / 1e6).toFixed(1)} MB`
)

raw.close()
store.close()
if (process.env.BENCH_KEEP) out(`kept ${path}`)
else rmSync(dir, { recursive: true, force: true })
