import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunRow } from '@shared/domain'
import { listCommand } from '../../../src-main/cli/list'
import { openStore } from '../../../src-main/store'
import { ENV, epochs, runsOf, spec, tempDir } from '../store/fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir('nalu-list-')))
afterEach(() => cleanup())

function list(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = listCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) })
  return { code, stdout: out.join(''), stderr: err.join('') }
}

describe('lab list', () => {
  it('shows the runs of a process that died (kill -9) as interrupted, with their epochs', () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    const s = spec({ seeds: [1] })
    const ids = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(ids[0], ENV)
    store.appendEpochs(ids[0], epochs(1, 4, ids[0]))
    store.close()
    // the owner as a crashed CLI left it: a pid that no longer runs
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    const db = new Database(path)
    db.prepare('UPDATE runs SET owner_pid = ?, owner_token = ?').run(dead, '1:gone')
    db.close()

    const r = list(['--db', path, '--json'])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as RunRow[]
    expect(rows.map((x) => x.status)).toEqual(ids.map(() => 'interrupted'))
    expect(rows[0].epochsDone).toBe(4)
  })

  it("names the unit of each run's progress: epochs, or iterations for an iterations schedule", () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    const byEpochs = spec({ seeds: [1], models: [{ units: [{ kind: 'nac' }] }] })
    const byIterations = spec({
      seeds: [2],
      models: [{ units: [{ kind: 'nac' }] }],
      training: { schedule: 'iterations', iterations: 5000, evalEvery: 1000, batchSize: 32, optimizer: { kind: 'adam' } }
    })
    store.createExperiment(byEpochs, runsOf(byEpochs))
    const [it] = store.createExperiment(byIterations, runsOf(byIterations)).runIds
    store.markRunning(it, ENV)
    store.appendEpochs(it, [...epochs(1000, 1000, it), ...epochs(2000, 2000, it)])
    store.close()

    const r = list(['--db', path])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/ status +progress +train MSE /)
    expect(lines[1]).toMatch(/ 1 +queued +0\/10 epochs /)
    expect(lines[2]).toMatch(/ 2 +running +2000\/5000 iterations /)
  })

  it('refuses a --db that names no file instead of creating an empty database (a typo)', () => {
    const path = join(dir, 'typo', 'lab.db')
    expect(list(['--db', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `list: there is no database at ${path} (check --db; list does not create one).\n`
    })
    expect(existsSync(join(dir, 'typo'))).toBe(false)
  })
})
