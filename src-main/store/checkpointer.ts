import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/**
 * WAL checkpoints on a thread of their own, for a process that stays open (the app's main process,
 * browser mode). SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: it copies
 * them into the file and syncs it, 12–14 ms on this machine's disk and far more on a slow one, on
 * whatever thread committed, here the event loop every request and every live event waits on. The
 * opening connection stops doing that (wal_autocheckpoint = 0) and a second connection on a worker
 * thread checkpoints instead (PASSIVE: it waits for no reader or writer, and writers go on
 * appending meanwhile). A short CLI command keeps SQLite's own checkpoints: a thread would cost
 * more at its start than it saves.
 */

/** SQLite's own wal_autocheckpoint: past this many pages in the WAL the thread checkpoints at once. */
export const CHECKPOINT_PAGES = 1000
/** How often the thread looks at the WAL; a WAL that changed is checkpointed at most once a second. */
const POLL_MS = 250
const SETTLE_MS = 1000
/** close() waits this long for a checkpoint under way to end and the thread's connection to close. */
const STOP_WAIT_MS = 10_000

// flags[COMMAND]: RUN or STOP, set by this thread; flags[STATE]: the worker's, STARTING until it ends
const COMMAND = 0
const STATE = 1
const STOP = 1
const [STARTING, RUNNING, CLOSED] = [0, 1, 2]

// Evaluated by the worker, so no build entry is needed; the opener resolves better-sqlite3 for it.
// The WAL keeps its largest size once SQLite starts reusing it, so growth alone does not say there
// are new pages: a changed mtime does, and a size past the limit says there are many.
const CODE = `
const { workerData } = require('node:worker_threads')
const { statSync } = require('node:fs')
const flags = new Int32Array(workerData.flags)
let db = null
try {
  const Database = require(workerData.sqlite)
  db = new Database(workerData.path, { fileMustExist: true, nativeBinding: workerData.nativeBinding })
  const limit = workerData.pages * db.pragma('page_size', { simple: true })
  let seen = 0, size = 0, last = 0
  Atomics.store(flags, ${STATE}, ${RUNNING})
  Atomics.notify(flags, ${STATE})
  while (Atomics.load(flags, ${COMMAND}) !== ${STOP}) {
    Atomics.wait(flags, ${COMMAND}, 0, workerData.pollMs)
    if (Atomics.load(flags, ${COMMAND}) === ${STOP}) break
    let wal
    try { wal = statSync(workerData.path + '-wal') } catch { continue }
    const grown = wal.size > size && wal.size > limit
    if (wal.mtimeMs === seen || (!grown && Date.now() - last < workerData.settleMs)) continue
    seen = wal.mtimeMs
    size = Math.max(size, wal.size)
    last = Date.now()
    db.pragma('wal_checkpoint(PASSIVE)')
  }
} finally {
  try { db?.close() } finally {
    Atomics.store(flags, ${STATE}, ${CLOSED})
    Atomics.notify(flags, ${STATE})
  }
}`

export interface Checkpointer {
  /** Ends the thread and waits (at most STOP_WAIT_MS) until its connection is closed: call before closing the store's. */
  stop(): void
}

/**
 * Moves the checkpoints of `db` (open on `path`, in WAL mode) to a worker thread. If the thread
 * cannot open the file or fails later, `db` checkpoints as SQLite does by default again and
 * `onFailure` hears why; nothing is lost either way (the WAL is the data until it is copied).
 */
export function checkpointOnThread(
  db: Database.Database,
  path: string,
  options: { nativeBinding?: string; sqlite?: string; pollMs?: number; settleMs?: number; onFailure?: (err: Error) => void } = {}
): Checkpointer {
  const flags = new Int32Array(new SharedArrayBuffer(8))
  const sqlite = options.sqlite ?? createRequire(import.meta.url).resolve('better-sqlite3')
  const workerData = {
    flags: flags.buffer,
    path,
    sqlite,
    nativeBinding: options.nativeBinding,
    pages: CHECKPOINT_PAGES,
    pollMs: options.pollMs ?? POLL_MS,
    settleMs: options.settleMs ?? SETTLE_MS
  }
  db.pragma('wal_autocheckpoint = 0')
  let stopped = false
  const worker = new Worker(CODE, { eval: true, workerData })
  // it must not keep a process alive that is done with the store
  worker.unref()
  const fallBack = (err: Error): void => {
    if (stopped) return
    stopped = true
    if (db.open) db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`)
    options.onFailure?.(err)
  }
  worker.once('error', fallBack)
  worker.once('exit', (code) => fallBack(new Error(`the checkpoint thread ended (code ${code})`)))
  return {
    stop() {
      if (stopped) return
      stopped = true
      Atomics.store(flags, COMMAND, STOP)
      Atomics.notify(flags, COMMAND)
      // a thread still loading the addon has no connection yet, but will open one: wait for it too
      const deadline = Date.now() + STOP_WAIT_MS
      for (let state = Atomics.load(flags, STATE); state === STARTING || state === RUNNING; state = Atomics.load(flags, STATE)) {
        const left = deadline - Date.now()
        if (left <= 0) break
        Atomics.wait(flags, STATE, state, left)
      }
    }
  }
}
