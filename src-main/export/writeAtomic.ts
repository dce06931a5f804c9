import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

/** A file that could not be written, in one sentence naming it; nothing is left behind. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'WriteError'
  }
}

const REASONS: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists (add --force to replace it)'
}

function explain(path: string, err: unknown): WriteError {
  const code = String((err as NodeJS.ErrnoException)?.code ?? '')
  const known = REASONS[code]
  const detail = known ? `${known}` : err instanceof Error ? err.message : String(err)
  return new WriteError(path, code, `could not write ${path}: ${detail}.`)
}

const exists = (path: string) => statSync(path, { throwIfNoEntry: false }) !== undefined

/**
 * Writes the whole file or nothing: the bytes go to a temporary file beside the target, flushed,
 * then renamed over it, so a full disk or a crash never leaves a truncated figure under the final
 * name. Without `force` an existing file is kept (and said so); the no-overwrite check is atomic too
 * (a hard link, which fails if the name was taken meanwhile).
 */
export function writeAtomic(path: string, bytes: Uint8Array, opts: { force?: boolean } = {}): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' })
    if (!opts.force && exists(path)) throw Object.assign(new Error('exists'), { code: 'EEXIST' })
    mkdirSync(dirname(path), { recursive: true })
  } catch (err) {
    throw explain(path, err)
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const fd = openSync(temp, 'wx')
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (opts.force) renameSync(temp, path)
    else noReplace(temp, path)
  } catch (err) {
    rmSync(temp, { force: true })
    throw explain(path, err)
  }
}

/** Moves temp to path unless path exists; a file system without hard links gets a check, then a rename. */
function noReplace(temp: string, path: string): void {
  try {
    linkSync(temp, path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || exists(path)) throw err
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err
    renameSync(temp, path)
    return
  }
  rmSync(temp, { force: true })
}
