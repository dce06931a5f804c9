import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createJobQueue } from '../../../src-main/jobs'
import { RETRY_END_MS } from '../../../src-main/jobs/unsavedEnds'
import { EventHub } from '../../../src-main/ipc/events'
import { openStore, type LabStore } from '../../../src-main/store'
import { fillDisk, smallTmpfs } from '../../helpers/tmpfs'
import { createRuns, ENV, epoch, experiment, fakeSpawner, type FakeWorker } from './fakes'

/**
 * A full disk while runs train (browser mode: the server, and so the run's owner, lives on). After
 * the fault no run may stay queued or running: each ends failed with the epochs stored before it.
 * A real full disk on a small tmpfs where one can be mounted, else SQLITE_FULL injected into the store.
 */
type Disk = { store: LabStore; fill(): void; free(): void; cleanup(): void }

function tmpfsDisk(): Disk | null {
  const disk = smallTmpfs(4 * 1024 * 1024)
  if (!disk) return null
  const store = openStore(join(disk.dir, 'lab.db'))
  let filler = ''
  return {
    store,
    fill: () => void (filler = fillDisk(disk.dir)),
    free: () => rmSync(filler),
    cleanup: () => {
      store.close()
      disk.cleanup()
    }
  }
}

function injectedDisk(): Disk {
  const store = openStore(':memory:')
  let full = false
  const refuse =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
      return f(...a)
    }
  for (const name of ['appendEpochs', 'finishRun', 'markRunning'] as const) {
    const original = store[name].bind(store) as (...a: unknown[]) => unknown
    ;(store as unknown as Record<string, unknown>)[name] = refuse(original)
  }
  return { store, fill: () => (full = true), free: () => (full = false), cleanup: () => store.close() }
}

let cleanup = () => {}
afterEach(() => {
  vi.useRealTimers()
  cleanup()
  cleanup = () => {}
})

describe.each([
  ['a full tmpfs', tmpfsDisk],
  ['an injected SQLITE_FULL', injectedDisk]
])('disk full while runs train (%s)', (_name, make) => {
  it('leaves no run queued or running, each failed with its epochs, and says why', (ctx) => {
    const disk = make()
    if (!disk) return ctx.skip()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const events = new EventHub(true)
    const finished: { runId: number; error: string | null }[] = []
    events.subscribe(
      (channel, payload) => void (channel === 'jobs.finished' && finished.push(payload as { runId: number; error: string | null }))
    )
    const fake = fakeSpawner()
    const queue = createJobQueue({ store: disk.store, events, spawn: fake.spawn, concurrency: 2, log: () => {} })
    cleanup = () => {
      void queue.close()
      disk.cleanup()
    }
    const ids = createRuns(disk.store, experiment())
    queue.enqueue(ids)
    const start = (w: FakeWorker) => {
      w.say({ type: 'ready' })
      w.say({ type: 'started', runId: w.job!.runId, env: ENV })
      return w.job!.runId
    }
    const [a, b] = fake.workers.map(start)
    const worker = (id: number) => fake.workers.find((w) => w.job?.runId === id)!
    worker(a).say({ type: 'epochs', runId: a, epochs: [1, 2, 3].map((n) => epoch(n)) })
    worker(b).say({ type: 'epochs', runId: b, epochs: [1, 2].map((n) => epoch(n)) })

    disk.fill()
    // more than the WAL can take in the space it already has
    const big = Array.from({ length: 400 }, (_, i) => epoch(4 + i, 500))
    worker(a).say({ type: 'epochs', runId: a, epochs: big })
    worker(b).say({ type: 'epochs', runId: b, epochs: big.map((e) => ({ ...e, epoch: e.epoch - 1 })) })
    // the third run starts in a freed slot and cannot even be marked running
    for (const w of fake.workers.filter((w) => !w.killed && w.received.length === 0)) w.say({ type: 'ready' })
    for (const w of fake.workers.filter((w) => !w.killed && w.job && !([a, b] as number[]).includes(w.job.runId))) {
      w.say({ type: 'started', runId: w.job!.runId, env: ENV })
    }

    expect(queue.list()).toEqual([])
    expect(finished.map((f) => f.runId).sort()).toEqual([...ids].sort())
    for (const f of finished) expect(f.error).toMatch(/disk is full.*NALU Lab stores its end as soon as the database can be written again/)

    disk.free()
    vi.advanceTimersByTime(RETRY_END_MS * 2)
    const runs = ids.map((id) => disk.store.getRun(id, { series: false })!)
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed'])
    for (const r of runs) expect(r.error).toMatch(/could not be stored \(database or disk is full\)/)
    const done = Object.fromEntries(runs.map((r) => [r.id, r.epochsDone]))
    expect([done[a], done[b]]).toEqual([3, 2])
  })
})
