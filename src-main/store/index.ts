import type { LabStore } from './types'
import type { OpenOptions } from './open'
import { SqliteStore } from './store'

export { StoreOpenError, type StoreOpenReason } from './errors'
export type { OpenOptions } from './open'
export type { Bundle, LabStore, NewRun, RunEnd, RunJobSpec } from './types'
export type { Study, StudyRun } from './studies'
export { SqliteStore } from './store'

/**
 * Opens the run store at `path` (created if missing; ':memory:' for a throw-away one). Throws a
 * StoreOpenError naming the file if it is not SQLite, is damaged, belongs to another application or
 * to a newer app version; such a file is left untouched. Once open, runs left queued/running by
 * dead processes are marked interrupted (unless `recover: false`).
 */
export function openStore(
  path: string,
  options?: OpenOptions
): LabStore & { readonly backupPath: string | null; readonly recoveredAtOpen: number; readonly owedCheck: Promise<string | null> | null } {
  return new SqliteStore(path, options)
}
