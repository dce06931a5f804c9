import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { currentOwner, ownerAlive } from './owner'

/*
 * Which processes have the database open: one empty file each in `<db>-sessions/`, named
 * `<pid>_<n>_<token>`, removed when the store is closed or the process exits normally. A file
 * whose process is gone means it ended with the database open (killed, crashed, power cut): the
 * next open runs the full integrity check once, instead of every open paying for one.
 */

const sessionsDir = (path: string) => `${path}-sessions`
let opened = 0
/** every open store's release, run by one exit handler (not one listener per store) */
const open = new Set<() => void>()
let exitHooked = false

/** Markers left by processes that are gone (read only: a refused open must leave nothing behind). */
export function deadSessions(path: string): string[] {
  let names: string[]
  try {
    names = readdirSync(sessionsDir(path))
  } catch {
    return []
  }
  return names.filter((n) => {
    const m = /^(\d+)_\d+_(.+)$/.exec(n)
    // the token starts with the process start time: a reused pid does not pass for the dead process
    return m !== null && !ownerAlive(Number(m[1]), m[2].replace('-', ':'))
  })
}

export interface Session {
  /** forget the dead processes' markers (once the full check has passed) */
  forget(dead: readonly string[]): void
  /** this store is done with the file */
  release(): void
}

/** Marks the file open by this store until release() or a normal exit of the process. */
export function openSession(path: string): Session {
  const dir = sessionsDir(path)
  const me = currentOwner()
  const mine = join(dir, `${me.pid}_${++opened}_${me.token.replace(/[^\w.-]/g, '-')}`)
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    open.delete(release)
    rmSync(mine, { force: true })
    try {
      if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true })
    } catch {
      // already gone (another process removed it)
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(dir, { recursive: true })
      writeFileSync(mine, '')
      break
    } catch (err) {
      // another process removed the emptied folder between our mkdir and write: once more
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 3) throw err
    }
  }
  open.add(release)
  if (!exitHooked) {
    exitHooked = true
    process.on('exit', () => [...open].forEach((r) => r()))
  }
  return { forget: (dead) => dead.forEach((n) => rmSync(join(dir, n), { force: true })), release }
}
