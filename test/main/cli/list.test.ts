import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunRow } from '@shared/domain'
import { listCommand, TABLE_PAGE } from '../../../src-main/cli/list'
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

  it('shows the newest runs in the table and says how to see the rest; --json, --all and --limit', () => {
    const path = join(dir, 'lab.db')
    const store = openStore(path)
    const s = spec({ seeds: Array.from({ length: TABLE_PAGE + 5 }, (_, i) => i + 1), models: [{ units: [{ kind: 'nac' }] }] })
    const ids = store.createExperiment(s, runsOf(s)).runIds
    store.close()
    const total = ids.length
    const shownIds = (stdout: string) =>
      stdout
        .split('\n')
        .slice(1)
        .filter((l) => /^\s*\d+ /.test(l))
        .map((l) => Number(l.trim().split(/\s+/)[0]))

    const page = list(['--db', path])
    expect(page.code).toBe(0)
    // the newest page, oldest first, so the newest run is the line above the prompt
    expect(shownIds(page.stdout)).toEqual(ids.slice(-TABLE_PAGE))
    expect(page.stdout.trimEnd().split('\n').at(-1)).toBe(
      `The newest ${TABLE_PAGE} of ${total} runs; --all lists every run, --limit N the newest N.`
    )

    const three = list(['--db', path, '--limit', '3'])
    expect(shownIds(three.stdout)).toEqual(ids.slice(-3))
    expect(three.stdout).toMatch(new RegExp(`The newest 3 of ${total} runs;`))

    const all = list(['--db', path, '--all'])
    expect(shownIds(all.stdout)).toEqual(ids)
    expect(all.stdout).not.toMatch(/The newest/)

    // scripts read every run unless they ask for fewer
    expect((JSON.parse(list(['--db', path, '--json']).stdout) as RunRow[]).map((r) => r.id)).toEqual(ids)
    expect((JSON.parse(list(['--db', path, '--json', '--limit', '2']).stdout) as RunRow[]).map((r) => r.id)).toEqual(ids.slice(-2))
  })

  it('refuses a --limit that is not a positive whole number, and --limit with --all', () => {
    const path = join(dir, 'lab.db')
    openStore(path).close()
    expect(list(['--db', path, '--limit', '0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'list: --limit must be a positive whole number (at most 1000000), got "0"\n'
    })
    expect(list(['--db', path, '--limit', '3', '--all'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--limit and --all/) })
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
