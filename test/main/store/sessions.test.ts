import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/store'
import { openDatabase } from '../../../src-main/store/open'
import { deadMarker, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

describe('clean and unclean shutdowns', () => {
  it('marks the file open while a store uses it and leaves nothing behind when closed', () => {
    const path = join(dir, 'lab.db')
    const a = openStore(path)
    const b = openStore(path)
    expect(readdirSync(`${path}-sessions`)).toHaveLength(2)
    a.close()
    expect(readdirSync(`${path}-sessions`)).toHaveLength(1)
    b.close()
    expect(existsSync(`${path}-sessions`)).toBe(false)
  })

  it('checks a file in full once after a process ended with it open, and cheaply again after that', () => {
    const path = join(dir, 'lab.db')
    openStore(path).close()
    const first = openDatabase(path)
    expect(first.checked).toBe('bounded')
    first.session?.release()
    first.db.close()

    const dead = deadMarker(path)
    const after = openDatabase(path)
    expect(after.checked).toBe('full')
    expect(readdirSync(`${path}-sessions`)).not.toContain(dead)
    after.session?.release()
    after.db.close()

    const next = openDatabase(path)
    expect(next.checked).toBe('bounded')
    next.session?.release()
    next.db.close()
  })

  it('leaves a dead process marked when the caller chose a lighter check, so a later open still checks in full', () => {
    const path = join(dir, 'lab.db')
    openStore(path).close()
    deadMarker(path)
    // an explicit check wins over the automatic one: the dead marker stays for the next open
    const explicit = openDatabase(path, { integrityCheck: 'none' })
    expect(explicit.checked).toBe('none')
    explicit.session?.release()
    explicit.db.close()
    expect(readdirSync(`${path}-sessions`)).toHaveLength(1)
  })

  it('runs the check NALU_LAB_CHECK asks for, and says what it accepts', () => {
    const path = join(dir, 'lab.db')
    openStore(path).close()
    process.env.NALU_LAB_CHECK = 'full'
    try {
      const d = openDatabase(path)
      expect(d.checked).toBe('full')
      d.session?.release()
      d.db.close()
      process.env.NALU_LAB_CHECK = 'thorough'
      expect(() => openDatabase(path)).toThrow('NALU_LAB_CHECK must be full, quick, bounded or none, not "thorough"')
    } finally {
      delete process.env.NALU_LAB_CHECK
    }
  })
})
