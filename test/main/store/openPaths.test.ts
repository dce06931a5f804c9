import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/store'
import { smallTmpfs } from '../../helpers/tmpfs'
import { tempDir } from './fixtures'

/**
 * Database paths the store cannot use. Root ignores file modes, so as root a read-only tmpfs stands
 * in for a read-only file or folder; as another user plain chmod does.
 */
const root = process.getuid?.() === 0
let cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.reverse()) c()
  cleanups = []
})

function folder(bytes = 8 * 1024 * 1024): string {
  if (root) {
    const disk = smallTmpfs(bytes)
    if (disk) {
      cleanups.push(disk.cleanup)
      return disk.dir
    }
  }
  const t = tempDir('nalu-paths-')
  cleanups.push(t.cleanup)
  return t.dir
}

/** Makes `dir` (and what is in it) unwritable for this process; false where that is impossible. */
function readOnly(dir: string, file?: string): boolean {
  if (root) {
    try {
      execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  }
  chmodSync(file ?? dir, file ? 0o444 : 0o555)
  cleanups.unshift(() => chmodSync(file ?? dir, file ? 0o644 : 0o755))
  return true
}

function openError(path: string): string {
  try {
    openStore(path).close()
  } catch (err) {
    return (err as Error).message
  }
  return 'opened'
}

describe('database paths the store cannot use: one sentence with the path, nothing left behind', () => {
  let dir: string
  beforeEach(() => {
    dir = folder()
  })

  it('a read-only database file', (ctx) => {
    const path = join(dir, 'lab.db')
    openStore(path).close()
    const before = readdirSync(dir).sort()
    if (!readOnly(dir, path)) return ctx.skip()
    expect(openError(path)).toMatch(
      new RegExp(
        `^${path} is not writable \\((the file system is read-only|permission denied)\\) and NALU Lab writes every run to it, so it was not opened \\(the file was not changed\\)\\.$`
      )
    )
    expect(readdirSync(dir).sort()).toEqual(before)
  })

  it('a new database in a folder it may not write', (ctx) => {
    const sub = join(dir, 'locked')
    mkdirSync(sub)
    if (!readOnly(root ? dir : sub)) return ctx.skip()
    const path = join(sub, 'new', 'lab.db')
    expect(openError(path)).toMatch(
      new RegExp(
        `^${path} could not be created: the folder ${sub} is not writable \\((the file system is read-only|permission denied)\\)\\.$`
      )
    )
    expect(readdirSync(sub)).toEqual([])
  })

  it('a new database under a file', () => {
    writeFileSync(join(dir, 'file'), 'x')
    const path = join(dir, 'file', 'lab.db')
    expect(openError(path)).toBe(`${path} could not be created: ${join(dir, 'file')} is a file, not a folder.`)
  })

  it.runIf(root)('a new database on a full disk leaves no 0-byte file', (ctx) => {
    const disk = smallTmpfs(24 * 1024)
    if (!disk) return ctx.skip()
    cleanups.push(disk.cleanup)
    const path = join(disk.dir, 'sub', 'lab.db')
    expect(openError(path)).toBe(`${path} could not be created: the disk is full (nothing was left behind).`)
    expect(readdirSync(disk.dir)).toEqual([])
  })
})
