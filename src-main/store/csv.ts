import { exactNumberText, realOrNaN } from './codec'
import { notFound, type StoreDb } from './db'

export const CSV_HEADER = ['run_id', 'model', 'seed', 'epoch', 'train_mse', 'interp_mse', 'extrap_mse', 'wall_ms'] as const

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

interface CsvRow {
  epoch: number
  train_mse: number | null
  interp_mse: number | null
  extrap_mse: number | null
  wall_ms: number
}

/**
 * Every stored epoch of the runs, in the order of the ids. Numbers are written in their shortest
 * exact form (parseFloat gives the same double back); NaN and ±Infinity are spelled out.
 */
export function epochsCsv(s: StoreDb, ids: readonly number[]): string {
  const lines: string[] = [CSV_HEADER.join(',')]
  for (const id of ids) {
    const run = s.stmt('SELECT model, seed FROM runs WHERE id = ?').get(id) as { model: string; seed: number } | undefined
    if (!run) throw notFound('Run', id)
    const prefix = `${id},${field(run.model)},${run.seed}`
    const rows = s.stmt('SELECT epoch, train_mse, interp_mse, extrap_mse, wall_ms FROM epochs WHERE run_id = ? ORDER BY epoch').all(id) as CsvRow[]
    for (const e of rows) {
      const nums = [e.train_mse, e.interp_mse, e.extrap_mse].map((v) => exactNumberText(realOrNaN(v)))
      lines.push(`${prefix},${e.epoch},${nums.join(',')},${exactNumberText(e.wall_ms)}`)
    }
  }
  return `${lines.join('\n')}\n`
}
