import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/store'
import { CHECKPOINT_PAGES, checkpointOnThread } from '../../../src-main/store/checkpointer'
import { runsOf, spec, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir('nalu-ckpt-')))
afterEach(() => cleanup())

/** A WAL-mode file with a table of blobs, as the store opens it (WAL, synchronous NORMAL). */
function walFile(path: string): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)')
  return db
}

/** Commits `mb` megabytes of blobs, 256 KB a transaction: past SQLite's checkpoint of 1,000 pages. */
function write(db: Database.Database, mb: number): void {
  const ins = db.prepare('INSERT INTO blobs (data) VALUES (?)')
  for (let i = 0; i < mb * 4; i++) db.transaction(() => ins.run(Buffer.alloc(256 * 1024, i)))()
}

describe('WAL checkpoints on a thread (checkpointer.ts)', () => {
  it('the opening connection stops checkpointing by itself', () => {
    const path = join(dir, 'lab.db')
    const db = walFile(path)
    const before = statSync(path).size
    const ckpt = checkpointOnThread(db, path, { pollMs: 10, settleMs: 10 })
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    // 6 MB is 1,500 pages of 4 KB: a connection checkpointing by itself copies most of them into the
    // file during these commits. With the thread stopped, nothing may.
    ckpt.stop()
    write(db, 6)
    expect(statSync(path).size).toBe(before)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(6 * 2 ** 20)
    db.close()
  })

  it('checkpoints what is written while it runs, and close() leaves no WAL', async () => {
    const path = join(dir, 'lab.db')
    const db = walFile(path)
    const ckpt = checkpointOnThread(db, path, { pollMs: 10, settleMs: 10 })
    write(db, 6)
    // pages reach the file itself only through a checkpoint
    await expect.poll(() => statSync(path).size, { timeout: 10_000, interval: 20 }).toBeGreaterThan(6 * 2 ** 20)
    ckpt.stop()
    db.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
    const again = new Database(path, { readonly: true })
    expect(again.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(24)
    again.close()
  })

  it('a thread that cannot open the file gives the checkpoints back and says why', async () => {
    const path = join(dir, 'lab.db')
    const db = walFile(path)
    const failures: string[] = []
    checkpointOnThread(db, path, { sqlite: join(dir, 'no-such-module.js'), onFailure: (e) => failures.push(e.message) })
    await expect.poll(() => failures.length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(CHECKPOINT_PAGES)
    write(db, 6)
    db.close()
  })

  it('a store opened with it (the app, browser mode) works as before and closes without a WAL', () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path, { checkpointOnThread: true })
    const s = spec({ seeds: [1, 2, 3] })
    const { runIds } = store.createExperiment(s, runsOf(s))
    store.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
    const again = openStore(path)
    expect(again.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual(runIds)
    again.close()
  })
})
