import { decodePerOutput, encodeNumbers, fromExactJson, realOrNaN } from './codec'
import { notFound, now, type StoreDb } from './db'
import { readSnapshots } from './bundle-snapshots'
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleExperiment, type BundleFile, type BundleRun, type BundleSeries } from './bundle-schema'

interface RunSql {
  id: number
  uid: string
  experiment_id: number
  experiment_uid: string
  model: string
  preset: string | null
  seed: number
  status: BundleRun['status']
  outputs: number
  epochs: number
  epochs_done: number
  train_mse: number | null
  interp_mse: number | null
  extrap_mse: number | null
  success_count: number | null
  notes: string
  backend: string | null
  config_hash: string
  error: string | null
  diverged_at_epoch: number | null
  created_at: string
  started_at: string | null
  ended_at: string | null
  model_spec: string
  config: string
  environment: string | null
  final: string | null
  weights: string | null
}

interface EpochSql {
  epoch: number
  train_mse: number | null
  interp_mse: number | null
  extrap_mse: number | null
  wall_ms: number
  per_output: Buffer
  sparsity_error: number | null
}

function readSeries(s: StoreDb, runId: number): BundleSeries {
  const rows = s
    .stmt(
      'SELECT epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output, sparsity_error FROM epochs WHERE run_id = ? ORDER BY epoch'
    )
    .all(runId) as EpochSql[]
  const num = (v: number | null): BundleSeries['trainMse'][number] => encodeNumbers(realOrNaN(v)) as BundleSeries['trainMse'][number]
  const out: BundleSeries = { epoch: [], trainMse: [], interpMse: [], extrapMse: [], wallMs: [], interp: [], extrap: [] }
  for (const e of rows) {
    const po = decodePerOutput(e.per_output)
    out.epoch.push(e.epoch)
    out.trainMse.push(num(e.train_mse))
    out.interpMse.push(num(e.interp_mse))
    out.extrapMse.push(num(e.extrap_mse))
    out.wallMs.push(num(e.wall_ms))
    out.interp.push(encodeNumbers(po.interp) as BundleSeries['interp'][number])
    out.extrap.push(encodeNumbers(po.extrap) as BundleSeries['extrap'][number])
  }
  // the column only for runs that have a sparsity error, so other runs' bundles stay as they were
  if (rows.some((e) => e.sparsity_error !== null)) out.sparsityError = rows.map((e) => e.sparsity_error)
  return out
}

const orNull = (v: number | null): BundleRun['trainMse'] => (v === null ? null : (encodeNumbers(v) as BundleRun['trainMse']))

function toBundleRun(s: StoreDb, r: RunSql): BundleRun {
  const tags = s.stmt('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY pos').pluck().all(r.id) as string[]
  return {
    uid: r.uid,
    experimentUid: r.experiment_uid,
    model: r.model,
    preset: r.preset,
    seed: r.seed,
    status: r.status,
    outputs: r.outputs,
    epochs: r.epochs,
    epochsDone: r.epochs_done,
    trainMse: orNull(r.train_mse),
    interpMse: orNull(r.interp_mse),
    extrapMse: orNull(r.extrap_mse),
    successCount: r.success_count,
    notes: r.notes,
    tags,
    backend: r.backend,
    configHash: r.config_hash,
    error: r.error,
    divergedAtEpoch: r.diverged_at_epoch,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    modelSpec: JSON.parse(r.model_spec),
    config: JSON.parse(r.config),
    environment: r.environment === null ? null : JSON.parse(r.environment),
    final: encodeNumbers(fromExactJson(r.final)) as BundleRun['final'],
    weights: encodeNumbers(fromExactJson(r.weights)) as BundleRun['weights'],
    series: readSeries(s, r.id),
    snapshots: readSnapshots(s, r.id)
  }
}

/** The runs with their experiments and every epoch, as one JSON-ready object. Unknown ids refuse. */
export function exportBundle(s: StoreDb, ids: readonly number[]): BundleFile {
  const unique = [...new Set(ids)]
  // one read transaction: a consistent snapshot even while another process appends epochs
  return s.db
    .transaction(() => {
      const runs = unique.map((id) => {
        const r = s
          .stmt(
            `SELECT r.*, e.uid AS experiment_uid, d.model_spec, d.config, d.environment, d.final, d.weights
         FROM runs r JOIN experiments e ON e.id = r.experiment_id JOIN run_details d ON d.run_id = r.id WHERE r.id = ?`
          )
          .get(id) as RunSql | undefined
        if (!r) throw notFound('Run', id)
        return r
      })
      const experimentIds = [...new Set(runs.map((r) => r.experiment_id))]
      const experiments: BundleExperiment[] = experimentIds.map((eid) => {
        const e = s.stmt('SELECT uid, name, preset, spec, created_at FROM experiments WHERE id = ?').get(eid) as {
          uid: string
          name: string
          preset: string | null
          spec: string
          created_at: string
        }
        return { uid: e.uid, name: e.name, preset: e.preset, spec: JSON.parse(e.spec) as unknown, createdAt: e.created_at }
      })
      return {
        format: BUNDLE_FORMAT,
        version: BUNDLE_VERSION,
        exportedAt: now(),
        experiments,
        runs: runs.map((r) => toBundleRun(s, r))
      } satisfies BundleFile
    })
    .deferred()
}
