import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, StoreOpenError } from '../../../src-main/store'
import { openDatabase, type OpenedDb } from '../../../src-main/store/open'
import { deadMarker, runsOf, spec, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir('nalu-owed-')))
afterEach(() => cleanup())

function storeWithRuns(path: string): void {
  const store = openStore(path)
  const s = spec({ seeds: [1, 2] })
  store.createExperiment(s, runsOf(s))
  store.close()
}

/**
 * Damage quick_check cannot see and integrity_check can: one run's uid changed inside the uid
 * index only, so the index no longer matches its table (pages and cells stay well formed).
 */
function damageIndex(path: string): void {
  const db = new Database(path, { readonly: true })
  const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_runs_1'").pluck().get() as number
  const uid = db.prepare('SELECT uid FROM runs WHERE id = 1').pluck().get() as string
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  const bytes = readFileSync(path)
  const at = bytes.indexOf(Buffer.from(uid), (root - 1) * pageSize)
  expect(at).toBeGreaterThanOrEqual((root - 1) * pageSize)
  expect(at).toBeLessThan(root * pageSize)
  bytes[at] = bytes[at] === 0x61 ? 0x62 : 0x61
  writeFileSync(path, bytes)
}

function close(opened: OpenedDb): void {
  opened.session?.release()
  opened.db.close()
}

describe('the full check after an unclean shutdown, in the background', () => {
  it('opens at once with the quick check, then checks every page off the thread and forgets the dead process', async () => {
    const path = join(dir, 'lab.db')
    storeWithRuns(path)
    const dead = deadMarker(path)
    const opened = openDatabase(path, { fullCheckInBackground: true })
    expect(opened.checked).toBe('bounded')
    expect(readdirSync(`${path}-sessions`)).toContain(dead)
    // the file is in use meanwhile
    expect(opened.db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(4)
    expect(await opened.owedCheck).toBeNull()
    expect(readdirSync(`${path}-sessions`)).not.toContain(dead)
    close(opened)
    expect(existsSync(`${path}-sessions`)).toBe(false)
  })

  it('owes nothing after a clean shutdown, and a short command still checks in full before opening', () => {
    const path = join(dir, 'lab.db')
    storeWithRuns(path)
    const clean = openDatabase(path, { fullCheckInBackground: true })
    expect(clean.owedCheck).toBeNull()
    close(clean)
    deadMarker(path)
    const command = openDatabase(path)
    expect(command.checked).toBe('full')
    expect(command.owedCheck).toBeNull()
    close(command)
  })

  it('reports damage it finds in one sentence and keeps the marker, so the next start refuses the file', async () => {
    const path = join(dir, 'lab.db')
    storeWithRuns(path)
    damageIndex(path)
    const dead = deadMarker(path)
    const opened = openDatabase(path, { fullCheckInBackground: true })
    expect(opened.checked).toBe('bounded')
    // the changed uid may also sort out of place: SQLite may name more than the missing row
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    expect(await opened.owedCheck).toMatch(
      new RegExp(
        `^${escaped} is damaged \\(SQLite integrity check: row 1 missing from index sqlite_autoindex_runs_1(; [^)]+)?\\), ` +
          'as the full check after an unclean shutdown found while it was in use: close NALU Lab and keep a copy of the file; ' +
          'the next start refuses it\\.$'
      )
    )
    close(opened)
    expect(readdirSync(`${path}-sessions`).sort()).toEqual([dead, 'full-check-failed'])
    // the next start checks before opening, even the app's, and refuses the file untouched
    const bytes = readFileSync(path)
    expect(() => openDatabase(path, { fullCheckInBackground: true })).toThrow(StoreOpenError)
    expect(() => openDatabase(path)).toThrow(/is damaged \(SQLite integrity check: row 1 missing from index .+\), so it was not opened/)
    expect(readFileSync(path).equals(bytes)).toBe(true)
  })
})
