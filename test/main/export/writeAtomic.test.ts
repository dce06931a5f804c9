import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { smallTmpfs } from '../../helpers/tmpfs'

// a switch to make one fs call fail as the OS would (EACCES cannot be provoked as root)
const fault = vi.hoisted(() => ({ call: '', code: '' }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const failing = <F extends (...a: never[]) => unknown>(name: string, f: F) =>
    ((...a: Parameters<F>) => {
      if (fault.call === name) throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code })
      return f(...a)
    }) as F
  return { ...fs, openSync: failing('openSync', fs.openSync), writeSync: failing('writeSync', fs.writeSync) }
})
const { writeAtomic } = await import('../../../src-main/export/writeAtomic')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nalu-atomic-'))
  fault.call = ''
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const message = (f: () => void) => {
  try {
    f()
  } catch (err) {
    return (err as Error).message
  }
  return 'written'
}

describe('writeAtomic (export --out)', () => {
  it('writes the bytes, creating the folder, and leaves no temporary file', () => {
    const file = join(dir, 'sub', 'fig.svg')
    writeAtomic(file, Buffer.from('<svg/>'))
    expect(readFileSync(file, 'utf8')).toBe('<svg/>')
    expect(readdirSync(join(dir, 'sub'))).toEqual(['fig.svg'])
  })

  it('refuses to replace an existing file without force, and keeps it', () => {
    const file = join(dir, 'fig.png')
    writeFileSync(file, 'old')
    expect(message(() => writeAtomic(file, Buffer.from('new')))).toBe(
      `could not write ${file}: it already exists (add --force to replace it).`
    )
    expect(readFileSync(file, 'utf8')).toBe('old')
    writeAtomic(file, Buffer.from('new'), { force: true })
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['fig.png'])
  })

  it('says a folder is a folder (EISDIR), even with force', () => {
    mkdirSync(join(dir, 'out.csv'))
    expect(message(() => writeAtomic(join(dir, 'out.csv'), Buffer.from('x'), { force: true }))).toBe(
      `could not write ${join(dir, 'out.csv')}: it is a folder.`
    )
  })

  it.each([
    ['openSync', 'EACCES', 'permission denied'],
    ['writeSync', 'ENOSPC', 'the disk is full'],
    ['openSync', 'EROFS', 'the file system is read-only']
  ])('turns %s failing with %s into one sentence and leaves nothing behind', (call, code, reason) => {
    const file = join(dir, 'fig.pdf')
    writeFileSync(file, 'old')
    fault.call = call
    fault.code = code
    expect(message(() => writeAtomic(file, Buffer.alloc(1000), { force: true }))).toBe(`could not write ${file}: ${reason}.`)
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir)).toEqual(['fig.pdf'])
  })

  it.runIf(process.getuid?.() === 0)('on a really full disk keeps the old file whole and no partial one', () => {
    const disk = smallTmpfs(64 * 1024)
    if (!disk) return
    try {
      const file = join(disk.dir, 'fig.png')
      writeFileSync(file, 'old')
      expect(message(() => writeAtomic(file, Buffer.alloc(1024 * 1024, 1), { force: true }))).toBe(
        `could not write ${file}: the disk is full.`
      )
      expect(readFileSync(file, 'utf8')).toBe('old')
      expect(readdirSync(disk.dir)).toEqual(['fig.png'])
    } finally {
      disk.cleanup()
    }
  })
})
