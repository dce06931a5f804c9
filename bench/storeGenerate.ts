import { randomUUID } from 'node:crypto'
import { closeSync, fsyncSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ExperimentSpec } from '@shared/domain'
import { encodePerOutput } from '../src-main/store/codec'
import { xorshift32 } from '../test/helpers/xorshift'

export interface GenerateSize {
  runs: number
  epochs: number
  outputs: number
}

export const MODELS = ['vanilla', 'nac', 'nalu', 'nau→nmu', 'inalu', 'npu'] as const
export const PRESETS = ['mystery-article', 'arithmetic-add', 'arithmetic-mul', null] as const
export const TAGS = ['paper', 'baseline', 'sweep', 'nac', 'gate', 'long', 'ablation', 'check'] as const
const STATUSES = ['completed', 'completed', 'completed', 'completed', 'diverged', 'failed', 'cancelled', 'interrupted'] as const

function experimentSpec(i: number, preset: string | null, outputs: number, epochs: number): ExperimentSpec {
  return ExperimentSpec.parse({
    name: `Sweep ${i} ${preset ?? 'custom'}`,
    preset,
    problem: {
      kind: 'mystery',
      inDim: 100,
      outDim: outputs,
      ops: ['add', 'sub', 'mul', 'div'],
      train: { size: 1000, range: { lo: -10, hi: 10 } },
      interp: { size: 1000, range: { lo: -10, hi: 10 } },
      extrap: { size: 1000, range: { lo: -50, hi: 50 } }
    },
    models: MODELS.map((m) => ({ units: m.split('→').map((kind) => ({ kind })) })),
    training: { epochs, batchSize: 32, optimizer: { kind: 'adam' } },
    seeds: [1, 2],
    notes: i % 7 === 0 ? `run ${i}: checking whether the gate saturates` : ''
  })
}

/**
 * Fills an already migrated store file with `runs` finished runs of `epochs` epochs each, in one
 * transaction through prepared statements (bulk loading, so synchronous is off while it runs).
 */
export function generate(path: string, size: GenerateSize): void {
  const db = new Database(path)
  db.pragma('synchronous = OFF')
  const rand = xorshift32(42)
  const insExp = db.prepare('INSERT INTO experiments (uid, name, preset, spec, created_at) VALUES (?, ?, ?, ?, ?)')
  const insRun = db.prepare(`INSERT INTO runs (uid, experiment_id, model, preset, seed, status, outputs, epochs, epochs_done,
    train_mse, interp_mse, extrap_mse, success_count, notes, backend, config_hash, created_at, started_at, ended_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'wasm', ?, ?, ?, ?)`)
  const insDetail = db.prepare('INSERT INTO run_details (run_id, model_spec, config, environment, final) VALUES (?, ?, ?, ?, ?)')
  const insTag = db.prepare('INSERT INTO run_tags (run_id, pos, tag) VALUES (?, ?, ?)')
  const insEpoch = db.prepare(
    'INSERT INTO epochs (run_id, epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output) VALUES (?, ?, ?, ?, ?, ?, ?)'
  )
  const config = JSON.stringify({
    kind: 'pairs',
    inDim: 100,
    outputs: Array.from({ length: size.outputs }, (_, k) => ({ i: k, j: k + 1, op: 'add' }))
  })
  const env = JSON.stringify({ path: 'fused', backend: 'wasm', versions: { node: process.version } })
  const interp = new Array<number>(size.outputs)
  const extrap = new Array<number>(size.outputs)
  const perExperiment = MODELS.length * 2
  const t0 = Date.parse('2025-01-01T00:00:00Z')

  db.transaction(() => {
    let experimentId = 0
    let spec = ''
    for (let r = 0; r < size.runs; r++) {
      const e = Math.floor(r / perExperiment)
      const preset = PRESETS[e % PRESETS.length]
      const created = new Date(t0 + e * 600_000).toISOString()
      if (r % perExperiment === 0) {
        spec = JSON.stringify(experimentSpec(e, preset, size.outputs, size.epochs))
        experimentId = Number(insExp.run(randomUUID(), `Sweep ${e} ${preset ?? 'custom'}`, preset, spec, created).lastInsertRowid)
      }
      const model = MODELS[Math.floor(r / 2) % MODELS.length]
      const status = STATUSES[Math.floor(rand() * STATUSES.length)]
      // every run keeps all its epochs, so the file holds exactly runs × epochs rows
      const done = size.epochs
      const scale = 10 ** (4 - rand() * 12)
      const decay = 1 + rand() * 0.05
      const last = (n: number): number => scale / decay ** n
      const success = Math.floor(rand() * (size.outputs + 1))
      const final = {
        trainMse: last(done) * 0.5,
        interpMse: last(done),
        extrapMse: last(done) * 3,
        success: Array.from({ length: size.outputs }, (_, k) => k < success),
        thresholds: Array(size.outputs).fill(1e-5)
      }
      const runId = Number(
        insRun.run(
          randomUUID(),
          experimentId,
          model,
          preset,
          1 + (r % 2),
          status,
          size.outputs,
          size.epochs,
          done,
          final.trainMse,
          final.interpMse,
          final.extrapMse,
          success,
          r % 7 === 0 ? `run ${r}: checking whether the gate saturates` : '',
          `h${r}`,
          created,
          created,
          created
        ).lastInsertRowid
      )
      insDetail.run(
        runId,
        JSON.stringify({ units: model.split('→').map((kind) => ({ kind })), hidden: 2 }),
        config,
        env,
        JSON.stringify(final)
      )
      const nTags = Math.floor(rand() * 3)
      for (let t = 0; t < nTags; t++) insTag.run(runId, t, TAGS[(r + t * 3) % TAGS.length])
      for (let n = 1; n <= done; n++) {
        const base = last(n)
        for (let k = 0; k < size.outputs; k++) {
          interp[k] = base * (0.5 + rand())
          extrap[k] = base * (2 + rand() * 8)
        }
        insEpoch.run(runId, n, base * 0.5 * (0.9 + rand() * 0.2), base, base * 3, n * 41.7 + rand(), encodePerOutput(interp, extrap))
      }
    }
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  // bulk loading ran unsynced: flush the file now, or the first fsync of a measured commit pays for all of it
  const fd = openSync(path, 'r+')
  fsyncSync(fd)
  closeSync(fd)
}
