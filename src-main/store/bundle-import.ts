import type { z } from 'zod'
import { ApiError } from '@shared/api'
import { ExperimentSpec, GeneratedConfig, ModelSpec, RunEnvironment, type FinalMetrics } from '@shared/domain'
import { describeIssues } from '@shared/validate'
import { decodeNumbers, encodePerOutput, toExactJson } from './codec'
import { now, type StoreDb } from './db'
import { BundleFile, type BundleRun } from './bundle-schema'
import { writeTags } from './rows'
import { fillPlaceholder } from './bundle-fill'
import { writeSnapshots } from './bundle-snapshots'
import { verdictColumns } from './writes'

/** Validates a part of the bundle, naming the field from the bundle's root on failure. */
function check<S extends z.ZodType>(schema: S, value: unknown, path: PropertyKey[]): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issues = r.error.issues.map((i) => ({ ...i, path: [...path, ...i.path] }))
  throw new ApiError(describeIssues(issues, 'bundle'))
}

function invalid(field: string, message: string): ApiError {
  return new ApiError({ code: 'invalid', field, message: `Invalid bundle: ${field}: ${message}` })
}

const num = (v: unknown): number => decodeNumbers(v) as number
const numOrNull = (v: unknown): number | null => (v === null ? null : num(v))

export function insertEpochs(s: StoreDb, runId: number, run: BundleRun, at: number): void {
  const ins = s.stmt(
    `INSERT INTO epochs (run_id, epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output, sparsity_error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const x = run.series
  const sparsity = (i: number): number | null => {
    const v = x.sparsityError?.[i]
    return v === undefined || v === null ? null : num(v)
  }
  x.epoch.forEach((epoch, i) => {
    if (x.interp[i].length !== x.extrap[i].length) {
      throw invalid(
        `runs[${at}].series.extrap[${i}]`,
        `has ${x.extrap[i].length} entries, interp has ${x.interp[i].length} (one per output each)`
      )
    }
    ins.run(
      runId,
      epoch,
      num(x.trainMse[i]),
      num(x.interpMse[i]),
      num(x.extrapMse[i]),
      num(x.wallMs[i]),
      encodePerOutput(x.interp[i].map(num), x.extrap[i].map(num)),
      sparsity(i)
    )
  })
}

function insertRun(s: StoreDb, run: BundleRun, experimentId: number, at: number): number {
  const modelSpec = check(ModelSpec, run.modelSpec, ['runs', at, 'modelSpec'])
  check(GeneratedConfig, run.config, ['runs', at, 'config'])
  if (run.environment !== null) check(RunEnvironment, run.environment, ['runs', at, 'environment'])
  // nothing in this database will continue a run that was active where it was exported
  const active = run.status === 'queued' || run.status === 'running'
  const final = run.final ? (decodeNumbers(run.final) as FinalMetrics) : null
  const status = active ? 'interrupted' : run.status
  const error = active
    ? `Interrupted: imported from a bundle while it was ${run.status}; ${run.epochsDone} epochs were exported.`
    : run.error
  const id = Number(
    s
      .stmt(
        `INSERT INTO runs (uid, experiment_id, model, preset, seed, status, outputs, epochs, epochs_done, train_mse, interp_mse,
         extrap_mse, success_count, notes, backend, config_hash, error, diverged_at_epoch, created_at, started_at, ended_at,
         solved, solved_at, best_iteration, sparsity_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        run.uid,
        experimentId,
        run.model,
        run.preset,
        run.seed,
        status,
        run.outputs,
        run.epochs,
        run.epochsDone,
        numOrNull(run.trainMse),
        numOrNull(run.interpMse),
        numOrNull(run.extrapMse),
        run.successCount,
        run.notes,
        run.backend,
        run.configHash,
        error,
        run.divergedAtEpoch,
        run.createdAt,
        run.startedAt,
        active ? (run.endedAt ?? now()) : run.endedAt,
        // the verdict columns are derived, as finishRun derives them: a bundle carries final.verdict only
        ...verdictColumns(final)
      ).lastInsertRowid
  )
  // config and environment are stored as written (key order included): a round trip is byte-identical
  s.stmt('INSERT INTO run_details (run_id, model_spec, config, environment, final, weights) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    JSON.stringify(modelSpec),
    JSON.stringify(run.config),
    run.environment === null ? null : JSON.stringify(run.environment),
    final ? toExactJson(final) : null,
    run.weights ? toExactJson(decodeNumbers(run.weights)) : null
  )
  writeTags(s, id, run.tags)
  insertEpochs(s, id, run, at)
  writeSnapshots(s, id, run.snapshots, at)
  return id
}

/**
 * A spec without `training.shuffle`/`dropLast` was written before they existed, when epochs ran in
 * one fixed order with the short last batch: say so explicitly, as migration 002 does for stored
 * experiments, instead of letting the schema's new defaults (true) change what the runs did.
 */
export function legacyTraining(spec: unknown): unknown {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return spec
  const training = (spec as { training?: unknown }).training
  if (!training || typeof training !== 'object' || Array.isArray(training)) return spec
  return { ...spec, training: { shuffle: false, dropLast: false, ...training } }
}

export interface ImportOptions {
  /** a run already here that is still queued or running takes the bundle's content (a Slurm shard coming home) */
  fillPlaceholders?: boolean
}

/**
 * Imports every run of a bundle in one transaction (all or nothing). Ids are new; everything else
 * is kept. Experiments and runs already here (same uid, e.g. a bundle imported twice) are reused,
 * not duplicated; their ids are returned in the bundle's order.
 */
export function importBundle(s: StoreDb, input: unknown, opts: ImportOptions = {}): number[] {
  const bundle = check(BundleFile, input, [])
  const specs = bundle.experiments.map((e, i) => check(ExperimentSpec, legacyTraining(e.spec), ['experiments', i, 'spec']))
  return s.write(() => {
    const experimentIds = new Map<string, number>()
    bundle.experiments.forEach((e, i) => {
      const existing = s.stmt('SELECT id FROM experiments WHERE uid = ?').pluck().get(e.uid) as number | undefined
      const id =
        existing ??
        Number(
          s
            .stmt('INSERT INTO experiments (uid, name, preset, spec, created_at) VALUES (?, ?, ?, ?, ?)')
            .run(e.uid, e.name, e.preset, JSON.stringify(specs[i]), e.createdAt).lastInsertRowid
        )
      experimentIds.set(e.uid, id)
    })
    return bundle.runs.map((run, i) => {
      const existing = s.stmt('SELECT id FROM runs WHERE uid = ?').pluck().get(run.uid) as number | undefined
      if (existing !== undefined) {
        if (opts.fillPlaceholders) fillPlaceholder(s, existing, run, i)
        return existing
      }
      const experimentId = experimentIds.get(run.experimentUid)
      if (experimentId === undefined) {
        throw invalid(`runs[${i}].experimentUid`, `no experiment ${run.experimentUid} in the bundle`)
      }
      return insertRun(s, run, experimentId, i)
    })
  })
}
