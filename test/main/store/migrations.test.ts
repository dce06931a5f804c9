import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, StoreOpenError } from '../../../src-main/store'
import { BUNDLED_MIGRATIONS } from '../../../src-main/store/bundledMigrations'
import { latestVersion, loadMigrations, migrate } from '../../../src-main/store/migrations'
import { MIGRATIONS, runsOf, spec, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

const real = loadMigrations(MIGRATIONS)

/** A database at exactly `version` of the real migrations (0 = an empty file). */
function databaseAt(path: string, version: number): void {
  const db = new Database(path)
  if (version > 0) migrate(db, real, path, version)
  db.close()
}

describe('the real migrations in db/', () => {
  it('are all built into the code, as they are in db/, numbered without gaps', () => {
    expect(BUNDLED_MIGRATIONS).toEqual(real)
    expect(real.map((m) => m.version)).toEqual(real.map((_, i) => i + 1))
  })

  for (let from = 0; from < latestVersion(real); from++) {
    it(`migrate a database at version ${from} to ${latestVersion(real)}`, () => {
      const path = join(dir, `v${from}.db`)
      databaseAt(path, from)
      const store = openStore(path)
      store.close()
      const db = new Database(path, { readonly: true })
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(real))
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all()
      expect(tables).toEqual([
        'epochs',
        'experiments',
        'run_details',
        'run_tags',
        'runs',
        'series_columns',
        'slurm_jobs',
        'slurm_runs',
        'weight_snapshots'
      ])
      db.close()
    })
  }

  it('refuse a database written by a newer version and leave it untouched', () => {
    const path = join(dir, 'newer.db')
    databaseAt(path, latestVersion(real))
    const db = new Database(path)
    db.pragma(`user_version = ${latestVersion(real) + 1}`)
    db.close()
    const before = readdirSync(dir)
    let err: unknown
    try {
      openStore(path)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StoreOpenError)
    expect((err as StoreOpenError).reason).toBe('newer')
    expect((err as Error).message).toBe(
      `${path} was written by a newer version of NALU Lab (schema ${latestVersion(real) + 1}, this app knows up to ${latestVersion(real)}); update the app to open it — the file was not changed.`
    )
    const after = new Database(path, { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(latestVersion(real) + 1)
    after.close()
    expect(readdirSync(dir)).toEqual(before)
  })
})

describe('the migration runner', () => {
  /** db/ plus two synthetic later migrations: v2 adds a column, v3 rebuilds a table. */
  function laterMigrations(extra: Record<string, string>): string {
    const d = join(dir, 'migrations')
    mkdirSync(d)
    for (const m of real) writeFileSync(join(d, m.name), m.sql)
    for (const [name, sql] of Object.entries(extra)) writeFileSync(join(d, name), sql)
    return d
  }

  it('applies later migrations in order to a file with data, after a dated backup beside it', () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    const s = spec({ notes: 'keep me' })
    const { runIds } = store.createExperiment(s, runsOf(s))
    store.close()
    const n = latestVersion(real)
    const migrationsDir = laterMigrations({
      [`${String(n + 1).padStart(3, '0')}_add_flag.sql`]: 'ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;',
      [`${String(n + 2).padStart(3, '0')}_rebuild_tags.sql`]: `
        CREATE TABLE run_tags_new (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, pos INTEGER NOT NULL,
          tag TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (run_id, pos)) WITHOUT ROWID;
        INSERT INTO run_tags_new SELECT run_id, pos, tag FROM run_tags;
        DROP TABLE run_tags;
        ALTER TABLE run_tags_new RENAME TO run_tags;`
    })
    const migrated = openStore(path, { migrationsDir })
    expect(migrated.backupPath).toMatch(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}\\.v${n}-backup-\\d{8}T\\d{6}Z$`))
    expect(migrated.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual(runIds)
    expect(migrated.getRun(runIds[0])!.notes).toBe('keep me')
    migrated.close()
    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(n + 2)
    expect(db.prepare('SELECT count(*) FROM runs WHERE starred = 0').pluck().get()).toBe(runIds.length)
    db.close()
    const backup = new Database(migrated.backupPath!, { readonly: true })
    expect(backup.pragma('user_version', { simple: true })).toBe(n)
    expect(backup.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(runIds.length)
    backup.close()
  })

  it('rolls a failing migration back whole, leaving version and data as they were', () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    const s = spec({ tags: ['keep'] })
    store.createExperiment(s, runsOf(s))
    store.close()
    const n = latestVersion(real)
    const migrationsDir = laterMigrations({
      [`${String(n + 1).padStart(3, '0')}_broken.sql`]: 'DELETE FROM run_tags; ALTER TABLE runs ADD COLUMN x; SELECT * FROM no_such_table;'
    })
    expect(() => openStore(path, { migrationsDir })).toThrow(
      new RegExp(
        `^${path.replace(/[.\\]/g, '\\$&')} could not be upgraded to schema ${n + 1} \\(.*no such table: no_such_table\\); the upgrade was rolled back`
      )
    )
    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(n)
    expect(db.prepare(`SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'x'`).pluck().get()).toBe(0)
    expect(db.prepare('SELECT count(*) FROM run_tags').pluck().get()).toBe(4)
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(4)
    db.close()
  })

  it('refuses a migrations folder with a gap in its numbers', () => {
    const n = latestVersion(real)
    const d = laterMigrations({ [`${String(n + 2).padStart(3, '0')}_skips_one.sql`]: 'SELECT 1;' })
    expect(() => loadMigrations(d)).toThrow(new RegExp(`_skips_one\\.sql is number ${n + 2}, expected ${n + 1}`))
  })

  it('makes no backup of a brand-new file', () => {
    const path = join(dir, 'new.db')
    const store = openStore(path)
    expect(store.backupPath).toBeNull()
    store.close()
    expect(readdirSync(dir).filter((f) => f.includes('backup'))).toEqual([])
    expect(existsSync(path)).toBe(true)
  })
})
