import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/store'
import { epoch, ENV, runsOf, spec, tempDir } from './fixtures'
import { startWriter } from './child'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

describe('recovering runs of processes that are gone', () => {
  it('a writer killed mid-run leaves an interrupted run with every committed epoch, and a sound file', async () => {
    const db = join(dir, 'lab.db')
    const child = startWriter(db, 'run', '1000')
    const runId = Number((await child.waitFor(/^running (\d+)$/))[1])
    await child.waitFor(/^epoch 8$/)
    child.proc.kill('SIGKILL')
    await child.exited

    const untouched = openStore(db, { recover: false })
    expect(untouched.recoveredAtOpen).toBe(0)
    expect(untouched.getRun(runId)!.status).toBe('running')
    untouched.close()

    const store = openStore(db)
    expect(store.recoveredAtOpen).toBe(1)
    const run = store.getRun(runId)!
    expect(run.status).toBe('interrupted')
    expect(run.error).toMatch(new RegExp(`pid ${child.proc.pid}.*${run.epochsDone} committed epochs are kept`))
    // at least the 8 epochs it reported committed, all exact, none half-written
    expect(run.series.length).toBeGreaterThanOrEqual(8)
    expect(run.series.length).toBe(run.epochsDone)
    run.series.forEach((e, i) => expect(e).toEqual(epoch(i + 1, runId)))
    // the row keeps the metrics of the last committed epoch
    expect(run.trainMse).toBe(run.series.at(-1)!.trainMse)
    store.close()

    const raw = new Database(db, { readonly: true })
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    raw.close()
  })

  it('leaves the runs of a live process alone, and takes them once it is gone', async () => {
    const db = join(dir, 'lab.db')
    const child = startWriter(db, 'hold')
    const runId = Number((await child.waitFor(/^running (\d+)$/))[1])
    const store = openStore(db)
    expect(store.recoveredAtOpen).toBe(0)
    expect(store.recoverInterrupted()).toBe(0)
    expect(store.getRun(runId)!.status).toBe('running')
    child.proc.kill('SIGKILL')
    await child.exited
    expect(store.recoverInterrupted()).toBe(1)
    expect(store.getRun(runId)!.status).toBe('interrupted')
    store.close()
  })

  it('never takes this process’s own queued and running runs', () => {
    const db = join(dir, 'lab.db')
    const store = openStore(db)
    const s = spec()
    const ids = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(ids[0], ENV)
    expect(store.recoverInterrupted()).toBe(0)
    const again = openStore(db)
    expect(again.recoveredAtOpen).toBe(0)
    again.close()
    expect(store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).rows.map((r) => r.status)).toEqual([
      'running',
      'queued',
      'queued',
      'queued'
    ])
    store.close()
  })

  it('treats a run owned by this pid under another token (an earlier process with the same pid) as dead', () => {
    const db = join(dir, 'lab.db')
    const store = openStore(db)
    const s = spec()
    const [a, b] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(a, ENV)
    store.appendEpochs(a, [epoch(1, a), epoch(2, a)])
    const raw = new Database(db)
    raw.prepare(`UPDATE runs SET owner_token = 'earlier-process' WHERE id IN (?, ?)`).run(a, b)
    raw.close()
    expect(store.recoverInterrupted()).toBe(2)
    expect(store.getRun(a)).toMatchObject({ status: 'interrupted', epochsDone: 2 })
    expect(store.getRun(a)!.series).toHaveLength(2)
    expect(store.getRun(b)!.status).toBe('interrupted')
    expect(store.getRun(b)!.error).toMatch(/while the run was queued; 0 committed epochs/)
    store.close()
  })
})
