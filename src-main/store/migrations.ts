import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { StoreOpenError } from './errors'

export interface Migration {
  version: number
  name: string
  sql: string
}

const FILE = /^(\d+)_[\w-]+\.sql$/

/** The numbered SQL files of a folder, in order; the numbers must run 1, 2, 3… without gaps. */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir).filter((f) => FILE.test(f))
  return parseMigrations(dir, Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')])))
}

/** Named SQL texts (NNN_name.sql) as migrations, in order, checked as loadMigrations checks them. */
export function parseMigrations(dir: string, files: Record<string, string>): Migration[] {
  const list = Object.entries(files)
    .map(([f, sql]) => ({ f, sql, m: FILE.exec(f) }))
    .filter((x): x is { f: string; sql: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, sql, m }) => ({ version: Number(m[1]), name: f, sql }))
    .sort((a, b) => a.version - b.version)
  if (list.length === 0) throw new Error(`no migrations (NNN_name.sql) in ${dir}`)
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations in ${dir} must be numbered 1, 2, 3… without gaps: ${m.name} is number ${m.version}, expected ${i + 1}`)
  })
  return list
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings the schema to the latest version, one migration per IMMEDIATE transaction. The version is
 * re-read after taking the write lock, so two processes opening the same new file at once apply
 * each migration exactly once. Foreign keys are off while migrating (a migration may rebuild a
 * table), and checked before each commit.
 */
export function migrate(db: Database.Database, migrations: Migration[], path: string, upTo = latestVersion(migrations)): void {
  const fk = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    for (;;) {
      db.exec('BEGIN IMMEDIATE')
      let next: Migration | undefined
      try {
        const current = userVersion(db)
        if (current > latestVersion(migrations)) throw StoreOpenError.newer(path, current, latestVersion(migrations))
        if (current >= upTo) {
          db.exec('COMMIT')
          return
        }
        next = migrations.find((m) => m.version === current + 1)
        if (!next) throw new Error(`no migration number ${current + 1}`)
        db.exec(next.sql)
        const broken = db.pragma('foreign_key_check') as unknown[]
        if (broken.length) throw new Error(`${broken.length} rows break foreign keys`)
        db.pragma(`user_version = ${next.version}`)
        db.exec('COMMIT')
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK')
        if (err instanceof StoreOpenError) throw err
        const detail = `${next?.name ?? 'migration'}: ${err instanceof Error ? err.message : String(err)}`
        throw StoreOpenError.migration(path, next?.version ?? upTo, detail)
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`)
  }
}
