import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type LabStore } from '../../../src-main/store'
import { loadMigrations, migrate } from '../../../src-main/store/migrations'
import type { EpochMetrics, FinalMetrics } from '@shared/domain'
import { ENV, MIGRATIONS, epoch, epochs, runsOf, spec, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

const real = loadMigrations(MIGRATIONS)

const verdictFinal = (solved: boolean, solvedAt: number | null, sparsityError: number | null): FinalMetrics => ({
  trainMse: 1e-9,
  interpMse: 2e-9,
  extrapMse: solved ? 1e-7 : 3,
  success: [solved],
  thresholds: [1.48e-5],
  verdict: { rule: 'best-interpolation', solved, solvedAt, bestIteration: 4000, threshold: 1.48e-5, sparsityError }
})

/** Iteration-schedule points from 0, each with a sparsity error. */
function points(xs: number[], runId = 1): EpochMetrics[] {
  return xs.map((x, i) => ({ ...epoch(i + 1, runId), epoch: x, sparsityError: 0.5 / (i + 1) }))
}

describe('migration 002 on a version-1 file with data', () => {
  function v1File(): string {
    const path = join(dir, 'v1.db')
    const db = new Database(path)
    migrate(db, real, path, 1)
    const oldSpec = JSON.parse(JSON.stringify(spec())) as { training: Record<string, unknown> }
    delete oldSpec.training.shuffle
    delete oldSpec.training.dropLast
    db.prepare(
      `INSERT INTO experiments (id, uid, name, preset, spec, created_at) VALUES (1, 'e1', 'old', NULL, ?, '2026-01-01T00:00:00Z')`
    ).run(JSON.stringify(oldSpec))
    const run = db.prepare(
      `INSERT INTO runs (id, uid, experiment_id, model, seed, status, outputs, epochs, epochs_done, config_hash, created_at)
       VALUES (?, ?, 1, 'nau→nau', ?, 'completed', 1, 3, 3, 'h', '2026-01-01T00:00:00Z')`
    )
    const detail = db.prepare(`INSERT INTO run_details (run_id, model_spec, config, final) VALUES (?, '{}', '{}', ?)`)
    run.run(1, 'r1', 0)
    detail.run(1, JSON.stringify({ trainMse: 1, interpMse: 1, extrapMse: 1, success: [false], thresholds: [1] }))
    run.run(2, 'r2', 1)
    // a run whose engine already gave a verdict while the file was at version 1 (numbers as the codec writes them)
    detail.run(
      2,
      JSON.stringify({ ...verdictFinal(true, 3000, null), verdict: { ...verdictFinal(true, 3000, null).verdict, sparsityError: 'NaN' } })
    )
    db.prepare(
      `INSERT INTO epochs (run_id, epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output) VALUES (1, 1, 0.5, 0.5, 0.5, 1, ?)`
    ).run(Buffer.alloc(16))
    db.close()
    return path
  }

  it('keeps what old experiments did: no reshuffling, the short last batch kept', () => {
    const store = openStore(v1File())
    const run = store.getRun(1)!
    expect(run.spec.training).toMatchObject({ shuffle: false, dropLast: false, epochs: 10, batchSize: 32 })
    // the points and their values stay, without a sparsity error they never had
    expect(run.series).toEqual([
      { epoch: 1, trainMse: 0.5, interpMse: 0.5, extrapMse: 0.5, wallMs: 1, perOutput: { interp: [0], extrap: [0] } }
    ])
    store.close()
  })

  it('copies a stored verdict into the new columns and leaves runs without one unjudged', () => {
    const path = v1File()
    openStore(path).close()
    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT id, solved, solved_at, best_iteration, sparsity_error FROM runs ORDER BY id').all()).toEqual([
      { id: 1, solved: null, solved_at: null, best_iteration: null, sparsity_error: null },
      { id: 2, solved: 1, solved_at: 3000, best_iteration: 4000, sparsity_error: null }
    ])
    db.close()
  })

  it('does not touch a spec that already says how to batch', () => {
    const path = join(dir, 'new.db')
    const store = openStore(path)
    const s = spec({ training: { epochs: 10, batchSize: 32, optimizer: { kind: 'adam' }, shuffle: true, dropLast: true } })
    const { runIds } = store.createExperiment(s, runsOf(s))
    expect(store.getRun(runIds[0])!.spec.training).toMatchObject({ shuffle: true, dropLast: true })
    store.close()
  })
})

describe('study runs in the store', () => {
  let store: LabStore
  beforeEach(() => void (store = openStore(join(dir, 'lab.db'))))
  afterEach(() => store.close())

  function iterationStudy(seeds = [0, 1]) {
    const s = spec({
      models: [{ units: [{ kind: 'nau' }, { kind: 'nau' }] }],
      seeds,
      training: { schedule: 'iterations', iterations: 5000, evalEvery: 1000, batchSize: 128, optimizer: { kind: 'adam' } }
    })
    return { s, ...store.createExperiment(s, runsOf(s)) }
  }

  it('stores iteration points from 0 with their sparsity error, and the run length in iterations', () => {
    const { runIds } = iterationStudy()
    store.markRunning(runIds[0], ENV)
    store.appendEpochs(runIds[0], points([0, 1000, 2000]))
    const run = store.getRun(runIds[0])!
    expect(run.epochs).toBe(5000)
    expect(run.epochsDone).toBe(2000)
    expect(run.series.map((e) => [e.epoch, e.sparsityError])).toEqual([
      [0, 0.5],
      [1000, 0.25],
      [2000, 0.5 / 3]
    ])
    expect(run.interpMse).toBe(run.series[2].interpMse)
  })

  it('writes the verdict columns when a run ends and reads them back as the study', () => {
    const { experimentId, runIds } = iterationStudy()
    store.markRunning(runIds[0], ENV)
    store.finishRun(runIds[0], { status: 'completed', final: verdictFinal(true, 3000, 2e-5) })
    store.markRunning(runIds[1], ENV)
    store.finishRun(runIds[1], { status: 'completed', final: verdictFinal(false, null, Infinity) })
    const study = store.getStudy(experimentId)!
    expect(study.spec.seeds).toEqual([0, 1])
    expect(study.runs.map((r) => [r.seed, r.status, r.solved, r.solvedAt, r.sparsityError])).toEqual([
      [0, 'completed', true, 3000, 2e-5],
      [1, 'completed', false, null, null]
    ])
    expect(store.getRun(runIds[0])!.final!.verdict).toEqual(verdictFinal(true, 3000, 2e-5).verdict)
    expect(store.getStudy(999)).toBeNull()
  })

  it('reads one loss at the points asked for, always with each run’s last point', () => {
    const { runIds } = iterationStudy()
    store.markRunning(runIds[0], ENV)
    store.appendEpochs(runIds[0], points([0, 1000, 2000, 3000, 4000, 5000]))
    store.markRunning(runIds[1], ENV)
    store.appendEpochs(runIds[1], points([0, 1000, 2000, 3000], runIds[1]))
    const curves = store.readCurves(runIds, 'extrapMse', [0, 2000, 4000, 6000])
    expect(curves.get(runIds[0])!.x).toEqual([0, 2000, 4000, 5000])
    expect(curves.get(runIds[1])!.x).toEqual([0, 2000, 3000])
    expect(curves.get(runIds[1])!.y).toEqual([0, 2, 3].map((i) => epoch(i + 1, runIds[1]).extrapMse))
  })

  it('adds runs and the seeds to the stored spec together', () => {
    const { s, experimentId } = iterationStudy([0])
    const more = { ...s, seeds: [0, 5] }
    const ids = store.addRuns(experimentId, more, runsOf({ ...s, seeds: [5] }))
    const study = store.getStudy(experimentId)!
    expect(study.spec.seeds).toEqual([0, 5])
    expect(study.runs.map((r) => [r.id, r.seed, r.status])).toEqual([
      [1, 0, 'queued'],
      [ids[0], 5, 'queued']
    ])
    expect(() => store.addRuns(404, more, [])).toThrow(/Experiment 404 does not exist/)
  })

  it('puts an ended run back in the queue as new, and refuses an active one', () => {
    const { experimentId, runIds } = iterationStudy()
    store.markRunning(runIds[0], ENV)
    store.appendEpochs(runIds[0], points([0, 1000]))
    store.finishRun(runIds[0], { status: 'interrupted', error: 'Interrupted: shut down' })
    expect(() => store.requeueRuns([runIds[1]])).toThrow(/Cannot queue run 2 again: it is queued/)
    store.requeueRuns([runIds[0]])
    const run = store.getRun(runIds[0])!
    expect(run).toMatchObject({ status: 'queued', epochsDone: 0, error: null, final: null, startedAt: null, endedAt: null, series: [] })
    // it trains again from the start: iteration 0 can be stored again
    store.markRunning(runIds[0], ENV)
    store.appendEpochs(runIds[0], points([0]))
    expect(store.getStudy(experimentId)!.runs[0].status).toBe('running')
  })

  it('carries points from 0, the sparsity error and the verdict through a bundle exactly', () => {
    const { runIds } = iterationStudy([3])
    store.markRunning(runIds[0], ENV)
    store.appendEpochs(runIds[0], points([0, 1000]))
    store.appendEpochs(runIds[0], [{ ...epoch(9), epoch: 2000 }])
    store.finishRun(runIds[0], { status: 'completed', final: verdictFinal(true, 1000, NaN) })
    const bundle = store.exportBundle(runIds)
    expect(bundle.version).toBe(3)
    const other = openStore(join(dir, 'other.db'))
    const [id] = other.importBundle(JSON.parse(JSON.stringify(bundle)))
    const a = store.getRun(runIds[0])!
    const b = other.getRun(id)!
    expect(b.series).toEqual(a.series)
    expect(b.series.map((e) => e.sparsityError)).toEqual([0.5, 0.25, undefined])
    expect(Number.isNaN(b.final!.verdict!.sparsityError)).toBe(true)
    expect(other.getStudy(b.experimentId)!.runs[0]).toMatchObject({ solved: true, solvedAt: 1000, sparsityError: null })
    other.close()
  })

  it('imports a version-1 bundle with the old batching written into its spec', () => {
    const s = spec()
    const { runIds } = store.createExperiment(s, runsOf(s))
    store.markRunning(runIds[0], ENV)
    store.appendEpochs(runIds[0], epochs(1, 2))
    store.finishRun(runIds[0], {
      status: 'completed',
      final: { trainMse: 1, interpMse: 1, extrapMse: 1, success: [true, false], thresholds: [1, 1] }
    })
    const bundle = JSON.parse(JSON.stringify(store.exportBundle([runIds[0]]))) as {
      version: number
      experiments: { spec: { training: Record<string, unknown> } }[]
    }
    bundle.version = 1
    delete bundle.experiments[0].spec.training.shuffle
    delete bundle.experiments[0].spec.training.dropLast
    const other = openStore(join(dir, 'old-bundle.db'))
    const [id] = other.importBundle(bundle)
    expect(other.getRun(id)!.spec.training).toMatchObject({ shuffle: false, dropLast: false })
    expect(other.getRun(id)!.series).toEqual(store.getRun(runIds[0])!.series)
    other.close()
  })

  it('refuses a bundle from a newer app by name', () => {
    expect(() => store.importBundle({ format: 'nalu-lab-bundle', version: 4, exportedAt: '', experiments: [], runs: [] })).toThrow(
      /newer NALU Lab \(bundle version above 3\)/
    )
  })
})
