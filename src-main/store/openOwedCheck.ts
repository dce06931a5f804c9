import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { errorCode } from './errors'
import type { Session } from './sessions'

// Evaluated by the worker, so no build entry is needed; the opener resolves better-sqlite3 for it.
const CHECK = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const db = new Database(workerData.path, { readonly: true, fileMustExist: true, nativeBinding: workerData.nativeBinding })
try {
  parentPort.postMessage(db.pragma('integrity_check(20)').map((row) => Object.values(row)[0]))
} finally {
  db.close()
}`

/**
 * Left beside the dead processes' markers when the background check found damage: the next open
 * checks in full before opening, even in a process that would defer the check (open.ts).
 */
export const failedCheckMark = (path: string): string => join(`${path}-sessions`, 'full-check-failed')

/** What integrity_check reports, read on a worker thread: ['ok'] for a sound file. */
function integrityCheckOffThread(path: string, nativeBinding: string | undefined): Promise<string[]> {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3')
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK, { eval: true, workerData: { path, sqlite, nativeBinding } })
    // the process may end before the check does: the markers stay and the next open checks again
    worker.unref()
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the checking thread ended (code ${code})`)))
  })
}

/**
 * The full check owed after an unclean shutdown, for a process that stays open (the app, browser
 * mode) and so need not make its user wait for it: the file is opened with the quick check, this
 * reads every page meanwhile. Sound: the dead processes' markers are forgotten, resolves null.
 * Damaged, or the check could not run: resolves the sentence to show, and the markers stay, so
 * the next start checks again (before opening, and so refuses the file, once damage was found).
 */
export async function owedCheckInBackground(
  path: string,
  nativeBinding: string | undefined,
  session: Session,
  dead: readonly string[]
): Promise<string | null> {
  let found: string[]
  try {
    found = await integrityCheckOffThread(path, nativeBinding)
  } catch (err) {
    const code = errorCode(err)
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) found = [(err as Error).message]
    else
      return `The full check of ${path} after an unclean shutdown could not run (${(err as Error).message}); the next start runs it again.`
  }
  if (found.length === 1 && found[0] === 'ok') {
    session.forget(dead)
    return null
  }
  const sentence =
    `${path} is damaged (SQLite integrity check: ${found.slice(0, 3).join('; ')}), as the full check after an unclean ` +
    'shutdown found while it was in use: close NALU Lab and keep a copy of the file; the next start refuses it.'
  writeFileSync(failedCheckMark(path), `${sentence}\n`)
  return sentence
}
