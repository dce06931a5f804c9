import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { errorCode, StoreOpenError } from './errors'
import { openFailure } from './openFailure'
import { checkPragmas, type IntegrityCheck } from './openCheck'

/** PRAGMA application_id set by db/001_init.sql ('NALU' in ASCII). */
export const APPLICATION_ID = 0x4e414c55
const HEADER = Buffer.from('SQLite format 3\0', 'latin1')

export type { IntegrityCheck }

export interface FileState {
  /** false: no file or an empty one, the store creates it */
  exists: boolean
  version: number
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(HEADER.length)
    const n = readSync(fd, buf, 0, buf.length, 0)
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

/**
 * Looks at an existing file read-only before anything may write to it: a file that is not SQLite,
 * is damaged, belongs to another application or to a newer app version is refused untouched.
 */
export function preflight(path: string, latest: number, check: IntegrityCheck, busyTimeoutMs: number, nativeBinding?: string): FileState {
  if (!existsSync(path) || statSync(path).size === 0) return { exists: false, version: 0 }
  let header: Buffer
  try {
    header = readHeader(path)
  } catch (err) {
    throw StoreOpenError.unreadable(path, (err as Error).message)
  }
  if (!header.equals(HEADER)) throw StoreOpenError.notSqlite(path)

  // a read-only look at a WAL-mode file creates -wal/-shm beside it: remove those it made on refusal
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p))
  let db: Database.Database | null = null
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding })
    // another process may be creating or migrating the file right now: wait for it like a writer would
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    const version = db.pragma('user_version', { simple: true }) as number
    const appId = db.pragma('application_id', { simple: true }) as number
    const tables = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n
    if (version > latest && appId === APPLICATION_ID) throw StoreOpenError.newer(path, version, latest)
    if (appId !== APPLICATION_ID && !(version === 0 && tables === 0)) throw StoreOpenError.foreign(path)
    for (const pragma of checkPragmas(db, path, check)) {
      const rows = db.pragma(pragma) as Record<string, string>[]
      const msgs = rows.map((r) => Object.values(r)[0])
      if (msgs.length !== 1 || msgs[0] !== 'ok') throw StoreOpenError.corrupt(path, msgs.slice(0, 3).join('; '))
    }
    return { exists: version > 0 || tables > 0, version }
  } catch (err) {
    db?.close()
    db = null
    for (const p of sidecars) rmSync(p, { force: true })
    if (err instanceof StoreOpenError) throw err
    const code = errorCode(err)
    if (code === 'SQLITE_NOTADB') throw StoreOpenError.notSqlite(path)
    if (code.startsWith('SQLITE_CORRUPT')) throw StoreOpenError.corrupt(path, (err as Error).message)
    // a WAL file on a read-only disk cannot even be read ("unable to open database file"): say why
    throw openFailure(path, err, false)
  } finally {
    db?.close()
  }
}
