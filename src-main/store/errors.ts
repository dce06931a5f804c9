/** The error code SQLite or the OS gave (`SQLITE_FULL`, `ENOENT`), or '' when the error carries none. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null | undefined)?.code
  return typeof code === 'string' ? code : ''
}

/** Why a database file could not be opened; the file is left exactly as it was. */
export type StoreOpenReason = 'not_sqlite' | 'corrupt' | 'newer' | 'foreign' | 'migration' | 'unreadable' | 'unwritable'

/** A database the store refuses to open, explained in one sentence that names the file. */
export class StoreOpenError extends Error {
  readonly path: string
  readonly reason: StoreOpenReason
  constructor(path: string, reason: StoreOpenReason, message: string) {
    super(message)
    this.name = 'StoreOpenError'
    this.path = path
    this.reason = reason
  }

  static notSqlite(path: string): StoreOpenError {
    return new StoreOpenError(path, 'not_sqlite', `${path} is not a SQLite database, so it was not opened (and not changed).`)
  }

  static corrupt(path: string, detail: string): StoreOpenError {
    return new StoreOpenError(
      path,
      'corrupt',
      `${path} is damaged (SQLite integrity check: ${detail}), so it was not opened (and not changed).`
    )
  }

  static newer(path: string, fileVersion: number, appVersion: number): StoreOpenError {
    return new StoreOpenError(
      path,
      'newer',
      `${path} was written by a newer version of NALU Lab (schema ${fileVersion}, this app knows up to ${appVersion}); update the app to open it — the file was not changed.`
    )
  }

  static foreign(path: string): StoreOpenError {
    return new StoreOpenError(
      path,
      'foreign',
      `${path} is a SQLite database of another application, not a NALU Lab run store, so it was not opened (and not changed).`
    )
  }

  static migration(path: string, version: number, detail: string): StoreOpenError {
    return new StoreOpenError(
      path,
      'migration',
      `${path} could not be upgraded to schema ${version} (${detail}); the upgrade was rolled back and the file is as it was.`
    )
  }

  static unreadable(path: string, detail: string): StoreOpenError {
    return new StoreOpenError(path, 'unreadable', `${path} could not be read (${detail}).`)
  }
}
