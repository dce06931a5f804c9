import type {
  EpochMetrics,
  ExperimentSpec,
  FinalMetrics,
  GeneratedConfig,
  LearnedWeights,
  ModelSpec,
  RunDetail,
  RunEnvironment,
  RunRow,
  RunSeries
} from '@shared/domain'
import type { RunJobSpec } from './types'
import { decodePerOutput, fromExactJson, realOrNaN } from './codec'
import type { StoreDb } from './db'
import { readRunRow, readRunRows } from './rows'

/** epoch, train, interp, extrap, wall, per_output, sparsity_error: raw arrays, cheaper than a keyed object a row */
export type EpochSql = [number, number | null, number | null, number | null, number, Buffer, number | null]

const NO_OUTPUTS = (): EpochMetrics['perOutput'] => ({ interp: [], extrap: [] })

export function toEpoch(e: EpochSql, perOutput: boolean): EpochMetrics {
  return {
    epoch: e[0],
    trainMse: realOrNaN(e[1]),
    interpMse: realOrNaN(e[2]),
    extrapMse: realOrNaN(e[3]),
    perOutput: perOutput ? decodePerOutput(e[5]) : NO_OUTPUTS(),
    wallMs: e[4],
    // absent, not null, where there is none (units without one, epochs stored before migration 002)
    ...(e[6] !== null && { sparsityError: e[6] })
  }
}

/** Every stored epoch of a run, in order (a primary-key range read). */
export function readEpochs(s: StoreDb, runId: number, perOutput = true): EpochMetrics[] {
  const rows = s
    .stmt(
      'SELECT epoch, train_mse, interp_mse, extrap_mse, wall_ms, per_output, sparsity_error FROM epochs WHERE run_id = ? ORDER BY epoch'
    )
    .raw(true)
    .all(runId) as EpochSql[]
  return rows.map((r) => toEpoch(r, perOutput))
}

interface DetailSql {
  spec: string
  model_spec: string
  config: string
  environment: string | null
  final: string | null
  weights: string | null
  config_hash: string
  error: string | null
  diverged_at_epoch: number | null
  started_at: string | null
  ended_at: string | null
}

export function getRun(s: StoreDb, id: number, withSeries = true, withWeights = true): RunDetail | null {
  const row = readRunRow(s, id)
  if (!row) return null
  const d = s
    .stmt(
      `SELECT e.spec, d.model_spec, d.config, d.environment, d.final, ${withWeights ? 'd.weights' : 'NULL AS weights'}, r.config_hash, r.error,
            r.diverged_at_epoch, r.started_at, r.ended_at
     FROM runs r JOIN experiments e ON e.id = r.experiment_id JOIN run_details d ON d.run_id = r.id WHERE r.id = ?`
    )
    .get(id) as DetailSql
  return {
    ...row,
    spec: JSON.parse(d.spec) as ExperimentSpec,
    modelSpec: JSON.parse(d.model_spec) as ModelSpec,
    config: JSON.parse(d.config) as GeneratedConfig,
    environment: d.environment === null ? null : (JSON.parse(d.environment) as RunEnvironment),
    configHash: d.config_hash,
    error: d.error,
    divergedAtEpoch: d.diverged_at_epoch,
    startedAt: d.started_at,
    endedAt: d.ended_at,
    final: fromExactJson<FinalMetrics>(d.final),
    weights: fromExactJson<LearnedWeights>(d.weights),
    series: withSeries ? readEpochs(s, id) : []
  }
}

/** A run's series as a chart gets it: the run's label and what its legend groups by, with `series`. */
export function seriesOf(r: RunRow, series: EpochMetrics[]): RunSeries {
  return {
    id: r.id,
    label: `${r.model} · seed ${r.seed} · #${r.id}`,
    model: r.model,
    seed: r.seed,
    preset: r.preset,
    experimentName: r.experimentName,
    series
  }
}

/** The series of these runs in the order asked; ids that do not exist are left out. */
export function getSeries(s: StoreDb, ids: readonly number[], perOutput = true): RunSeries[] {
  return readRunRows(s, ids).map((r) => seriesOf(r, readEpochs(s, r.id, perOutput)))
}

export function getJobSpec(s: StoreDb, runId: number): RunJobSpec | null {
  const r = s
    .stmt(
      `SELECT r.id, r.experiment_id, e.name, e.spec, d.model_spec, r.model, r.seed, d.config
     FROM runs r JOIN experiments e ON e.id = r.experiment_id JOIN run_details d ON d.run_id = r.id WHERE r.id = ?`
    )
    .get(runId) as
    | { id: number; experiment_id: number; name: string; spec: string; model_spec: string; model: string; seed: number; config: string }
    | undefined
  if (!r) return null
  return {
    runId: r.id,
    experimentId: r.experiment_id,
    experimentName: r.name,
    spec: JSON.parse(r.spec) as ExperimentSpec,
    modelSpec: JSON.parse(r.model_spec) as ModelSpec,
    model: r.model,
    seed: r.seed,
    config: JSON.parse(r.config) as GeneratedConfig
  }
}

export function facets(s: StoreDb): { models: string[]; presets: string[]; tags: string[] } {
  const col = (sql: string): string[] => s.stmt(sql).pluck().all() as string[]
  return {
    models: col('SELECT DISTINCT model FROM runs ORDER BY model'),
    presets: col('SELECT DISTINCT preset FROM runs WHERE preset IS NOT NULL ORDER BY preset'),
    tags: col('SELECT DISTINCT tag FROM run_tags ORDER BY tag')
  }
}
