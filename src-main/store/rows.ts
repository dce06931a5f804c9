import type { RunRow, RunStatus } from '@shared/domain'
import { ACTIVE, type StoreDb } from './db'

/** A runs row joined with its experiment, as the history list and getRun read it. */
export interface RunRowSql {
  id: number
  experiment_id: number
  experiment_name: string
  preset: string | null
  model: string
  seed: number
  status: RunStatus
  epochs_done: number
  epochs: number
  train_mse: number | null
  interp_mse: number | null
  extrap_mse: number | null
  success_count: number | null
  outputs: number
  notes: string
  created_at: string
  started_at: string | null
  ended_at: string | null
  backend: string | null
  tags: string
}

/**
 * A metric as the list shows and sorts it: an active run's newest epoch's (one primary-key lookup),
 * an ended run's own; NULL when there is none or it is not finite (NaN is already NULL in SQLite).
 */
export function metricSql(col: 'train_mse' | 'interp_mse' | 'extrap_mse'): string {
  const value = `CASE WHEN r.status IN ${ACTIVE} THEN (SELECT ${col} FROM epochs x WHERE x.run_id = r.id AND x.epoch = r.epochs_done) ELSE r.${col} END`
  return `nullif(nullif(${value}, 9e999), -9e999)`
}

export const RUN_ROW_SELECT = `
  SELECT r.id, r.experiment_id, e.name AS experiment_name, r.preset, r.model, r.seed, r.status,
         r.epochs_done, r.epochs, ${metricSql('train_mse')} AS train_mse, ${metricSql('interp_mse')} AS interp_mse,
         ${metricSql('extrap_mse')} AS extrap_mse, r.success_count, r.outputs,
         r.notes, r.created_at, r.started_at, r.ended_at, r.backend,
         (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags t WHERE t.run_id = r.id ORDER BY pos)) AS tags
  FROM runs r JOIN experiments e ON e.id = r.experiment_id`

export function toRunRow(r: RunRowSql): RunRow {
  return {
    id: r.id,
    experimentId: r.experiment_id,
    experimentName: r.experiment_name,
    preset: r.preset,
    model: r.model,
    seed: r.seed,
    status: r.status,
    epochsDone: r.epochs_done,
    epochs: r.epochs,
    trainMse: r.train_mse,
    interpMse: r.interp_mse,
    extrapMse: r.extrap_mse,
    successCount: r.success_count,
    outputs: r.outputs,
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    backend: r.backend
  }
}

export function readRunRow(s: StoreDb, id: number): RunRow | null {
  const r = s.stmt(`${RUN_ROW_SELECT} WHERE r.id = ?`).get(id) as RunRowSql | undefined
  return r ? toRunRow(r) : null
}

/** Rows of these ids, in the order of the ids (ids that do not exist are left out). */
export function readRunRows(s: StoreDb, ids: readonly number[]): RunRow[] {
  if (ids.length === 0) return []
  const rows = s.stmt(`${RUN_ROW_SELECT} WHERE r.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RunRowSql[]
  const byId = new Map(rows.map((r) => [r.id, toRunRow(r)]))
  return ids.map((id) => byId.get(id)).filter((r): r is RunRow => r !== undefined)
}

/** Tags as a run keeps them: trimmed, each once, in the order given. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))]
}

export function writeTags(s: StoreDb, runId: number, tags: readonly string[]): void {
  s.stmt('DELETE FROM run_tags WHERE run_id = ?').run(runId)
  const ins = s.stmt('INSERT INTO run_tags (run_id, pos, tag) VALUES (?, ?, ?)')
  normaliseTags(tags).forEach((t, i) => ins.run(runId, i, t))
}
