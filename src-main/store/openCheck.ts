import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'

/**
 * How an existing file is checked before use:
 * - 'full': PRAGMA integrity_check, every page and every index entry (~1.4 s at 1.5 GB);
 * - 'quick': PRAGMA quick_check, every page without the index contents (~1.1 s at 1.5 GB);
 * - 'bounded': quick_check of the whole file up to BOUNDED_WHOLE_FILE_BYTES, above that of every
 *   table except the two that grow with training (epochs, run_details: nearly all of a big file),
 *   so an open costs the same at 100 MB and at 10 GB;
 * - 'none': only the header, owner and version checks every open makes.
 */
export type IntegrityCheck = 'full' | 'quick' | 'bounded' | 'none'

/** Up to this size a whole-file quick_check costs under ~0.1 s (0.75 s at 610 MB, bench/store.ts). */
export const BOUNDED_WHOLE_FILE_BYTES = 64 * 2 ** 20
const GROWING_TABLES = ['epochs', 'run_details']

/** The PRAGMAs a check runs, each of which must answer one row `ok`. */
export function checkPragmas(db: Database.Database, path: string, check: IntegrityCheck): string[] {
  if (check === 'none') return []
  if (check === 'full') return ['integrity_check(20)']
  if (check === 'quick' || statSync(path).size <= BOUNDED_WHOLE_FILE_BYTES) return ['quick_check(20)']
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  return tables.filter((t) => !GROWING_TABLES.includes(t)).map((t) => `quick_check("${t.replace(/"/g, '""')}")`)
}
