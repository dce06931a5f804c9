import type { HistoryPage, HistoryQuery } from '@shared/domain'
import type { StoreDb } from './db'
import { metricSql, readRunRows } from './rows'

type SortColumn = HistoryQuery['sort']

/** Sort keys; `nullable` ones sort their empty values last in both directions. */
const SORT_SQL: Record<SortColumn, { sql: string; nullable: boolean }> = {
  id: { sql: 'r.id', nullable: false },
  model: { sql: 'r.model', nullable: false },
  preset: { sql: 'r.preset', nullable: true },
  seed: { sql: 'r.seed', nullable: false },
  status: { sql: 'r.status', nullable: false },
  trainMse: { sql: metricSql('train_mse'), nullable: true },
  interpMse: { sql: metricSql('interp_mse'), nullable: true },
  extrapMse: { sql: metricSql('extrap_mse'), nullable: true },
  successCount: { sql: 'r.success_count', nullable: true },
  createdAt: { sql: 'r.created_at', nullable: false }
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** WHERE clause and its parameters; every filter is a bound parameter, never spliced text. */
export function historyFilter(q: HistoryQuery): { where: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  if (q.model !== undefined) {
    parts.push('r.model = ?')
    params.push(q.model)
  }
  if (q.status !== undefined) {
    parts.push('r.status = ?')
    params.push(q.status)
  }
  if (q.preset !== undefined) {
    parts.push('r.preset = ?')
    params.push(q.preset)
  }
  if (q.experimentId !== undefined) {
    parts.push('r.experiment_id = ?')
    params.push(q.experimentId)
  }
  if (q.tag !== undefined) {
    parts.push('r.id IN (SELECT run_id FROM run_tags WHERE tag = ?)')
    params.push(q.tag.trim())
  }
  const text = q.text?.trim()
  if (text) {
    const p = likePattern(text)
    parts.push(`(r.notes LIKE ? ESCAPE '\\' OR r.experiment_id IN (SELECT id FROM experiments WHERE name LIKE ? ESCAPE '\\'))`)
    params.push(p, p)
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/**
 * Empty values (runs without a preset, metrics of queued runs) sort last in both directions; the
 * id breaks ties so pages never overlap. NOT NULL columns leave out NULLS LAST: SQLite can then
 * walk their index instead of sorting.
 */
export function historyOrder(q: HistoryQuery): string {
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC'
  if (q.sort === 'id') return `ORDER BY r.id ${dir}`
  const key = SORT_SQL[q.sort]
  return `ORDER BY ${key.sql} ${dir}${key.nullable ? ' NULLS LAST' : ''}, r.id ${dir}`
}

/**
 * Two steps: the page's ids come from the slim runs table alone (filter, sort, limit), then only
 * those rows are joined with names and tags.
 */
export function listRuns(s: StoreDb, q: HistoryQuery): HistoryPage {
  const { where, params } = historyFilter(q)
  const ids = s
    .stmt(`SELECT r.id FROM runs r ${where} ${historyOrder(q)} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, q.limit, q.offset) as number[]
  const total = s
    .stmt(`SELECT count(*) FROM runs r ${where}`)
    .pluck()
    .get(...params) as number
  return { rows: readRunRows(s, ids), total }
}
