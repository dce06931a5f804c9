import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { BundleFile } from '../../../src-main/store/bundle-schema'
import { openStore } from '../../../src-main/store'
import { ENV, epoch, runsOf, spec, tempDir } from './fixtures'
import { startWriter } from './child'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

describe('two processes writing one database', () => {
  it('neither sees "database is locked" and nothing is lost', async () => {
    const db = join(dir, 'lab.db')
    // short lock waits for the parent too, so contention is real rather than hidden by a long timeout
    const store = openStore(db, { busyTimeoutMs: 5_000 })
    const child = startWriter(db, 'hammer', '2500')
    const until = Date.now() + 2500
    let runs = 0
    const errors: unknown[] = []
    while (Date.now() < until) {
      try {
        const s = spec({ name: 'parent', seeds: [runs], models: [{ units: [{ kind: 'nmu' }] }] })
        const [id] = store.createExperiment(s, runsOf(s)).runIds
        store.markRunning(id, ENV)
        for (let n = 1; n <= 20; n++) store.appendEpochs(id, [epoch(n, id)])
        // a longer transaction too: a bundle import holds the write lock for all its rows
        const copy = store.exportBundle([id]) as BundleFile
        copy.experiments[0] = { ...copy.experiments[0], uid: randomUUID(), name: 'imported copy' }
        copy.runs[0] = { ...copy.runs[0], uid: randomUUID(), experimentUid: copy.experiments[0].uid }
        store.importBundle(copy)
        store.finishRun(id, { status: 'completed' })
        runs++
      } catch (err) {
        errors.push(err)
      }
      await new Promise((r) => setImmediate(r))
    }
    const [, childRuns, childEpochs] = (await child.waitFor(/^done (\d+) (\d+)$/, 60_000)).map(Number)
    expect(await child.exited).toBe(0)
    expect(errors).toEqual([])
    expect(runs).toBeGreaterThan(5)
    expect(childRuns).toBeGreaterThan(5)

    const mine = store.listRuns({ text: 'parent', sort: 'id', dir: 'asc', offset: 0, limit: 1000 })
    const theirs = store.listRuns({ text: 'hammer', sort: 'id', dir: 'asc', offset: 0, limit: 1000 })
    expect(mine.total).toBe(runs)
    expect(store.listRuns({ text: 'imported copy', sort: 'id', dir: 'asc', offset: 0, limit: 1000 }).total).toBe(runs)
    expect(theirs.total).toBe(childRuns)
    expect(theirs.rows.reduce((n, r) => n + r.epochsDone, 0)).toBe(childEpochs)
    for (const r of [...mine.rows, ...theirs.rows]) expect(r).toMatchObject({ status: 'completed', epochsDone: 20 })
    store.close()
    const raw = new Database(db, { readonly: true })
    expect(raw.prepare('SELECT count(*) FROM epochs').pluck().get()).toBe((2 * runs + childRuns) * 20)
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    raw.close()
  })

  it('two processes opening a new file at once migrate it exactly once', async () => {
    const db = join(dir, 'fresh.db')
    const children = [startWriter(db, 'hammer', '300'), startWriter(db, 'hammer', '300')]
    const results = await Promise.all(children.map((c) => c.waitFor(/^done (\d+) (\d+)$/, 60_000)))
    for (const c of children) expect(await c.exited).toBe(0)
    const store = openStore(db)
    const total = results.reduce((n, m) => n + Number(m[1]), 0)
    expect(store.listRuns({ text: 'hammer', sort: 'id', dir: 'asc', offset: 0, limit: 1000 }).total).toBe(total)
    store.close()
  })
})
