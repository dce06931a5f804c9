import type { RunRow } from '@shared/domain'
import { ACTIVE, conflict, notFound, type StoreDb } from './db'
import { readRunRow, writeTags } from './rows'

export function updateRun(s: StoreDb, id: number, patch: { tags?: string[]; notes?: string }): RunRow {
  return s.write(() => {
    if (!s.stmt('SELECT 1 FROM runs WHERE id = ?').get(id)) throw notFound('Run', id)
    if (patch.notes !== undefined) s.stmt('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id)
    if (patch.tags !== undefined) writeTags(s, id, patch.tags)
    return readRunRow(s, id) as RunRow
  })
}

/**
 * All or nothing: an unknown id, or a run still queued or running (cancel it first), refuses the
 * whole request. Experiments left without runs go with their last run.
 */
export function deleteRuns(s: StoreDb, ids: readonly number[]): number {
  const list = JSON.stringify([...new Set(ids)])
  return s.write(() => {
    const found = s.stmt('SELECT id, status FROM runs WHERE id IN (SELECT value FROM json_each(?))').all(list) as {
      id: number
      status: string
    }[]
    const have = new Set(found.map((r) => r.id))
    const missing = ids.filter((id) => !have.has(id))
    if (missing.length) throw notFound('Run', missing)
    const active = found.filter((r) => r.status === 'queued' || r.status === 'running')
    if (active.length) {
      throw conflict(
        `Cannot delete run ${active
          .map((r) => r.id)
          .slice(0, 10)
          .join(', ')}: still ${active[0].status}; cancel it first`
      )
    }
    const experiments = s
      .stmt('SELECT DISTINCT experiment_id FROM runs WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(list) as number[]
    const n = s.stmt('DELETE FROM runs WHERE id IN (SELECT value FROM json_each(?))').run(list).changes
    s.stmt(
      'DELETE FROM experiments WHERE id IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM runs WHERE experiment_id = experiments.id)'
    ).run(JSON.stringify(experiments))
    return n
  })
}

/** Deletes the experiment with all its runs and their epochs; returns how many runs went. */
export function deleteExperiment(s: StoreDb, id: number): number {
  return s.write(() => {
    if (!s.stmt('SELECT 1 FROM experiments WHERE id = ?').get(id)) throw notFound('Experiment', id)
    const active = s.stmt(`SELECT id FROM runs WHERE experiment_id = ? AND status IN ${ACTIVE}`).pluck().all(id) as number[]
    if (active.length)
      throw conflict(`Cannot delete experiment ${id}: run ${active.slice(0, 10).join(', ')} is still queued or running; cancel it first`)
    const runs = s.stmt('SELECT count(*) FROM runs WHERE experiment_id = ?').pluck().get(id) as number
    s.stmt('DELETE FROM experiments WHERE id = ?').run(id)
    return runs
  })
}
