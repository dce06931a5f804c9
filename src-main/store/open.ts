import { existsSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { BUNDLED_MIGRATIONS } from './bundledMigrations'
import { latestVersion, loadMigrations, migrate, userVersion } from './migrations'
import { preflight, type IntegrityCheck } from './preflight'
import { openFailure, prepareCreation, undoCreation } from './openFailure'
import { deadSessions, openSession, type Session } from './sessions'
import { failedCheckMark, owedCheckInBackground } from './openOwedCheck'
import { errorCode } from './errors'
import { checkpointOnThread, type Checkpointer } from './checkpointer'

/** The check of an open after a clean shutdown (see openCheck.ts): its cost does not grow with the epochs. */
export const CLEAN_OPEN_CHECK: IntegrityCheck = 'bounded'

/** NALU_LAB_CHECK=full|quick|bounded|none: a check on demand (`NALU_LAB_CHECK=full npm run lab -- list`). */
function checkFromEnv(): IntegrityCheck | null {
  const v = process.env.NALU_LAB_CHECK
  if (v === undefined || v === '') return null
  if (v === 'full' || v === 'quick' || v === 'bounded' || v === 'none') return v
  throw new Error(`NALU_LAB_CHECK must be full, quick, bounded or none, not "${v.slice(0, 40)}"`)
}

export interface OpenOptions {
  /** folder of NNN_name.sql files; default: the project's db/, built into the code */
  migrationsDir?: string
  /** how long a writer waits for another process's write lock before failing (default 30 s) */
  busyTimeoutMs?: number
  /**
   * How an existing file is checked before use (openCheck.ts). Default: 'full' once after a
   * process ended with the file open (sessions.ts; in the background with fullCheckInBackground),
   * else NALU_LAB_CHECK if set, else CLEAN_OPEN_CHECK. Full and quick checks read the whole file
   * (docs/store.md has the times), so they run where they belong instead of at every start.
   */
  integrityCheck?: IntegrityCheck
  /** better-sqlite3 native addon to load instead of the Node build (the app's Electron build) */
  nativeBinding?: string
  /** run recoverInterrupted() once opened (default true) */
  recover?: boolean
  /**
   * For a process that stays open (the app, browser mode): the full check owed after an unclean
   * shutdown runs on a worker thread once the file is open (`owedCheck`) instead of before, so the
   * process is ready at once. A short command (the CLI) pays it at open, the default.
   */
  fullCheckInBackground?: boolean
  /**
   * For a process that stays open: WAL checkpoints on a worker thread (checkpointer.ts), so no
   * commit on the event loop copies and syncs the file. A short command keeps SQLite's own.
   */
  checkpointOnThread?: boolean
}

export interface OpenedDb {
  db: Database.Database
  /** marks the file open by this process until released (null for :memory:) */
  session: Session | null
  /** which check this open ran */
  checked: IntegrityCheck
  /** the dated copy made before migrating, if one was made */
  backupPath: string | null
  migratedFrom: number
  /** the full check running in the background (fullCheckInBackground): null when sound, else the sentence to show */
  owedCheck: Promise<string | null> | null
  /** the checkpoint thread, when asked for (stop it before closing db) */
  checkpointer: Checkpointer | null
}

function stamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
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
      const code = errorCode(err)
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err
      Atomics.wait(pause, 0, 0, waitMs)
    }
  }
}

/** Opens (or creates) the database file, refusing bad files untouched, and migrates it. */
export function openDatabase(path: string, options: OpenOptions = {}): OpenedDb {
  const migrations = options.migrationsDir ? loadMigrations(options.migrationsDir) : BUNDLED_MIGRATIONS
  const latest = latestVersion(migrations)
  const busyTimeoutMs = options.busyTimeoutMs ?? 30_000
  const memory = path === ':memory:'
  const dead = memory ? [] : deadSessions(path)
  // once the background check found damage, every open checks before opening (and so refuses the file)
  const defer =
    dead.length > 0 && !!options.fullCheckInBackground && options.integrityCheck === undefined && !existsSync(failedCheckMark(path))
  const checked = options.integrityCheck ?? (dead.length && !defer ? 'full' : (checkFromEnv() ?? CLEAN_OPEN_CHECK))
  const state = memory ? { exists: false, version: 0 } : preflight(path, latest, checked, busyTimeoutMs, options.nativeBinding)
  const creation = memory ? null : prepareCreation(path, state.exists || existsSync(path))

  let db: Database.Database
  try {
    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  } catch (err) {
    const failure = openFailure(path, err, !!creation?.newFile)
    if (creation) undoCreation(creation, err)
    throw failure
  }
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
    const session = memory ? null : openSession(path)
    if (checked === 'full' && session) {
      session.forget(dead)
      rmSync(failedCheckMark(path), { force: true })
    }
    const owedCheck = defer && checked !== 'full' && session ? owedCheckInBackground(path, options.nativeBinding, session, dead) : null
    const checkpointer =
      options.checkpointOnThread && !memory
        ? checkpointOnThread(db, path, {
            nativeBinding: options.nativeBinding,
            onFailure: (err) => console.error(`SQLite checkpoints of ${path} are back on the main thread: ${err.message}`)
          })
        : null
    return { db, session, checked, backupPath, migratedFrom: from, owedCheck, checkpointer }
  } catch (err) {
    db.close()
    const failure = openFailure(path, err, !!creation?.newFile)
    if (creation) undoCreation(creation, err)
    throw failure
  }
}
