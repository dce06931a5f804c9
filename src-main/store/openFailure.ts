import { accessSync, constants, existsSync, mkdirSync, rmSync, statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import { errorCode, StoreOpenError } from './errors'

/** What an open is about to create, so that a failed open can take exactly that away again. */
export interface Creation {
  path: string
  /** the file did not exist (or was empty) before this open */
  newFile: boolean
  /** the first folder this open created on the way to the file, if any */
  newFolder: string | undefined
}

/** Creates the folders up to the file, saying in one sentence why not (unwritable parent, a file in the way). */
export function prepareCreation(path: string, fileExists: boolean): Creation {
  try {
    return { path, newFile: !fileExists, newFolder: mkdirSync(dirname(path), { recursive: true }) }
  } catch (err) {
    throw openFailure(path, err, true)
  }
}

/** A failed open leaves nothing it made: no 0-byte file, no -wal/-shm/-journal, no new folder. */
export function undoCreation(c: Creation, err: unknown): void {
  // another process creating the same file at once holds it busy: that file is its, not ours to remove
  if (!c.newFile || /^SQLITE_(BUSY|LOCKED)/.test(errorCode(err))) return
  for (const suffix of ['', '-wal', '-shm', '-journal', '-sessions']) rmSync(`${c.path}${suffix}`, { recursive: true, force: true })
  if (c.newFolder) rmSync(c.newFolder, { recursive: true, force: true })
}

/** Why this process may not write at `path` ('read-only file system', 'permission denied'), or null. */
function notWritable(path: string): string | null {
  try {
    accessSync(path, constants.W_OK)
    return null
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'EROFS' ? 'the file system is read-only' : code === 'ENOENT' ? null : 'permission denied'
  }
}

/** The nearest existing folder on the way to `path`. */
function existingFolder(path: string): string {
  let dir = dirname(path)
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

function diskFull(code: string, path: string): boolean {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true
  if (!code.startsWith('SQLITE_IOERR')) return false
  // SQLite reports a failed extension of its shared memory or file as an I/O error: ask the disk
  try {
    const fs = statfsSync(existingFolder(path))
    return fs.bavail * fs.bsize < 1024 * 1024
  } catch {
    return false
  }
}

/**
 * One sentence naming the file for what SQLite or the OS said. SQLite's own messages ("unable to
 * open database file", "attempt to write a readonly database", "disk I/O error") name neither the
 * file nor the cause. Call it before undoing the creation: a full disk has room again after that.
 */
export function openFailure(path: string, err: unknown, creating: boolean): StoreOpenError {
  if (err instanceof StoreOpenError) return err
  const code = errorCode(err)
  const detail = err instanceof Error ? err.message : String(err)
  const refuse = (message: string) => new StoreOpenError(path, 'unwritable', message)
  if (diskFull(code, path)) {
    return refuse(
      creating
        ? `${path} could not be created: the disk is full (nothing was left behind).`
        : `${path} could not be opened: the disk is full (the file was not changed).`
    )
  }
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return refuse(`${path} could not be created: ${existingFolder(path)} is a file, not a folder.`)
  if (creating) {
    const folder = existingFolder(path)
    const why = notWritable(folder)
    if (why) return refuse(`${path} could not be created: the folder ${folder} is not writable (${why}).`)
  } else if (/^(SQLITE_READONLY|SQLITE_CANTOPEN|EROFS|EACCES|EPERM)/.test(code)) {
    const why = notWritable(path) ?? notWritable(dirname(path))
    if (why)
      return refuse(
        `${path} is not writable (${why}) and NALU Lab writes every run to it, so it was not opened (the file was not changed).`
      )
  }
  return StoreOpenError.unreadable(path, detail)
}
