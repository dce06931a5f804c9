import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, StoreOpenError } from '../../../src-main/store'
import { ENV, epochs, ROOT, runsOf, spec, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

function refusal(path: string): StoreOpenError {
  try {
    openStore(path).close()
  } catch (err) {
    if (err instanceof StoreOpenError) return err
    throw err
  }
  throw new Error(`${path} was opened`)
}

/** A real store file with a few hundred epochs, closed (WAL folded back into the file). */
function storeWithData(path: string): void {
  const store = openStore(path)
  const s = spec()
  const ids = store.createExperiment(s, runsOf(s)).runIds
  for (const id of ids) {
    store.markRunning(id, ENV)
    store.appendEpochs(id, epochs(1, 200, id))
    store.finishRun(id, { status: 'completed' })
  }
  store.close()
}

describe('opening a database file', () => {
  it('creates a missing file (and its folder) in WAL mode', () => {
    const path = join(dir, 'nested', 'deeper', 'lab.db')
    openStore(path).close()
    const db = new Database(path, { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('application_id', { simple: true })).toBe(0x4e414c55)
    db.close()
  })

  it('refuses a file that is not SQLite, in one sentence with the path, without changing a byte', () => {
    const path = join(dir, 'notes.db')
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(200))
    const bytes = readFileSync(path)
    const err = refusal(path)
    expect(err.reason).toBe('not_sqlite')
    expect(err.message).toBe(`${path} is not a SQLite database, so it was not opened (and not changed).`)
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(readdirSync(dir)).toEqual(['notes.db'])
  })

  it('refuses a damaged SQLite file (pages overwritten), without changing a byte', () => {
    const path = join(dir, 'lab.db')
    storeWithData(path)
    const bytes = readFileSync(path)
    const page = 4096
    expect(bytes.length).toBeGreaterThan(20 * page)
    // scribble over pages 3 to 12: the B-trees of the tables, past the 100-byte header
    for (let i = 2 * page; i < 12 * page; i++) bytes[i] = (i * 31) & 0xff
    writeFileSync(path, bytes)
    const err = refusal(path)
    expect(err.reason).toBe('corrupt')
    expect(err.message).toMatch(
      new RegExp(
        `^${path.replace(/\./g, '\\.')} is damaged \\(SQLite integrity check: .+\\), so it was not opened \\(and not changed\\)\\.$`
      )
    )
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(readdirSync(dir)).toEqual(['lab.db'])
  })

  it('refuses a truncated SQLite file without changing it', () => {
    const path = join(dir, 'lab.db')
    storeWithData(path)
    const cut = readFileSync(path).subarray(0, 3 * 4096 + 100)
    writeFileSync(path, cut)
    const err = refusal(path)
    expect(['corrupt', 'not_sqlite']).toContain(err.reason)
    expect(err.message.startsWith(`${path} `)).toBe(true)
    expect(readFileSync(path).equals(cut)).toBe(true)
  })

  it('refuses the SQLite database of another application', () => {
    const path = join(dir, 'other.sqlite')
    const db = new Database(path)
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')")
    db.close()
    const size = statSync(path).size
    const err = refusal(path)
    expect(err.reason).toBe('foreign')
    expect(err.message).toBe(
      `${path} is a SQLite database of another application, not a NALU Lab run store, so it was not opened (and not changed).`
    )
    expect(statSync(path).size).toBe(size)
    const again = new Database(path, { readonly: true })
    expect(again.pragma('user_version', { simple: true })).toBe(0)
    again.close()
  })

  it('opens an empty file as a new store', () => {
    const path = join(dir, 'empty.db')
    writeFileSync(path, '')
    const store = openStore(path)
    expect(store.listRuns({ sort: 'id', dir: 'desc', offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 })
    store.close()
  })

  it('reopens its own file with everything in it, with the full integrity check too', () => {
    const path = join(dir, 'lab.db')
    storeWithData(path)
    const store = openStore(path, { integrityCheck: 'full' })
    expect(store.listRuns({ sort: 'id', dir: 'desc', offset: 0, limit: 10 }).total).toBe(4)
    expect(store.getSeries([1])[0].series).toHaveLength(200)
    store.close()
    expect(existsSync(`${path}-wal`)).toBe(false) // a clean close folds the WAL back in
  })

  it('waits for another process’s lock while switching the file to WAL, instead of failing at once', async () => {
    // SQLite answers `journal_mode = WAL` with SQLITE_BUSY at once, without the busy handler, while
    // another connection holds the write lock: two processes creating one new file hit exactly that
    const path = join(dir, 'lab.db')
    storeWithData(path)
    const raw = new Database(path)
    raw.pragma('journal_mode = DELETE')
    raw.close()
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `
      const db = new (require('better-sqlite3'))(process.argv[1])
      db.exec('BEGIN IMMEDIATE')
      console.log('locked')
      setTimeout(() => { db.exec('COMMIT'); db.close() }, 400)
    `,
        path
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
    )
    await once(holder.stdout, 'data')
    const started = Date.now()
    const store = openStore(path, { busyTimeoutMs: 10_000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(store.listRuns({ sort: 'id', dir: 'desc', offset: 0, limit: 10 }).total).toBe(4)
    store.close()
    await once(holder, 'exit')
    const db = new Database(path, { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })
})
