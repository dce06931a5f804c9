import type Database from 'better-sqlite3'
import { ApiError } from '@shared/api'

/** The connection plus a cache of prepared statements (preparing costs more than running). */
export class StoreDb {
  private readonly cache = new Map<string, Database.Statement>()
  constructor(readonly db: Database.Database) {}

  /**
   * A cached statement in its default row shape: `.pluck()`, `.raw()` and `.expand()` change the
   * statement itself, so one caller's mode must not reach the next caller of the same SQL.
   */
  stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.cache.set(sql, s)
    } else if (s.reader) {
      s.pluck(false).expand(false).raw(false)
    }
    return s
  }

  /**
   * Every write runs in an IMMEDIATE transaction: the write lock is taken (waiting up to
   * busy_timeout) before anything is read, so a second process never gets SQLITE_BUSY half-way.
   */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }
}

export const notFound = ApiError.notFound

export function conflict(message: string): ApiError {
  return new ApiError({ code: 'conflict', message })
}

export const ACTIVE = `('queued', 'running')`

export function now(): string {
  return new Date().toISOString()
}
