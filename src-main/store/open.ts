import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { StoreOpenError } from './errors'
import { findMigrationsDir, latestVersion, loadMigrations, migrate, userVersion } from './migrations'
import { preflight, type IntegrityCheck } from './preflight'

export interface OpenOptions {
  /** folder of NNN_name.sql files; default: the project's db/ */
  migrationsDir?: string
  /** how long a writer waits for another process's write lock before failing (default 30 s) */
  busyTimeoutMs?: number
  /**
   * How an existing file is checked before use: 'full' (default) is PRAGMA integrity_check, 'quick'
   * skips the index-content checks, 'none' trusts the file. At 2.5 M epochs (610 MB) bench/store.ts
   * measured ~0.9 s full, ~0.75 s quick: a CLI doing many short calls may choose 'quick'/'none'.
   */
  integrityCheck?: IntegrityCheck
  /** better-sqlite3 native addon to load instead of the Node build (the app's Electron build) */
  nativeBinding?: string
  /** run recoverInterrupted() once opened (default true) */
  recover?: boolean
}

export interface OpenedDb {
  db: Database.Database
  /** the dated copy made before migrating, if one was made */
  backupPath: string | null
  migratedFrom: number
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

/** A consistent copy beside the file (VACUUM INTO reads through the WAL, unlike a file copy). */
function backup(db: Database.Database, path: string, version: number): string {
  const base = `${path}.v${version}-backup-${stamp()}`
  let target = base
  for (let i = 2; existsSync(target); i++) target = `${base}-${i}`
  db.prepare('VACUUM INTO ?').run(target)
  return target
}

/**
 * `journal_mode = WAL` needs the file to itself for a moment, and SQLite answers SQLITE_BUSY at once
 * (the busy handler is not consulted) while another connection holds a lock it would otherwise
 * deadlock on: two processes creating one new file hit this. Retry until busy_timeout is spent.
 */
function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (let waitMs = 5; ; waitMs = Math.min(waitMs * 2, 100)) {
    try {
      db.pragma('journal_mode = WAL')
      return
    } catch (err) {
      const code = String((err as { code?: unknown }).code ?? '')
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err
      Atomics.wait(pause, 0, 0, waitMs)
    }
  }
}

/** Opens (or creates) the database file, refusing bad files untouched, and migrates it. */
export function openDatabase(path: string, options: OpenOptions = {}): OpenedDb {
  const migrations = loadMigrations(options.migrationsDir ?? findMigrationsDir())
  const latest = latestVersion(migrations)
  const busyTimeoutMs = options.busyTimeoutMs ?? 30_000
  const memory = path === ':memory:'
  const state = memory ? { exists: false, version: 0 } : preflight(path, latest, options.integrityCheck ?? 'full', busyTimeoutMs, options.nativeBinding)
  if (!memory) mkdirSync(dirname(path), { recursive: true })

  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    if (!memory) {
      enableWal(db, busyTimeoutMs)
      // WAL + NORMAL: a killed process loses no committed transaction; only a power cut may lose
      // the last few commits, and never corrupts the file.
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    let backupPath: string | null = null
    const from = userVersion(db)
    if (from < latest && state.exists && from > 0) backupPath = backup(db, path, from)
    migrate(db, migrations, path)
    return { db, backupPath, migratedFrom: from }
  } catch (err) {
    db.close()
    if (err instanceof StoreOpenError) throw err
    throw StoreOpenError.unreadable(path, (err as Error).message)
  }
}
