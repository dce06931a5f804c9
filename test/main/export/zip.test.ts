import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zipStore } from '../../../src-main/export/zip'
import { readZip } from './readZip'

const members = [
  { name: 'figure-train-loss.csv', bytes: Buffer.from('epoch,loss\n1,0.5\n') },
  { name: 'empty.txt', bytes: Buffer.alloc(0) },
  { name: 'größe ×.json', bytes: Buffer.from(JSON.stringify({ a: 1 })) },
  { name: 'binary.bin', bytes: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) & 0xff)) }
]

describe('zipStore', () => {
  it('writes every member stored, in order, readable from its central directory', () => {
    const zip = zipStore(members, new Date(2026, 10, 30, 15, 4, 6))
    const entries = readZip(zip)
    expect(entries.map((e) => e.name)).toEqual(members.map((m) => m.name))
    expect(entries.map((e) => e.method)).toEqual([0, 0, 0, 0])
    entries.forEach((e, i) => expect(e.bytes.equals(members[i].bytes)).toBe(true))
  })

  it.skipIf(!existsSync('/usr/bin/unzip'))('is a zip Info-ZIP lists and tests without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nalu-zip-'))
    try {
      const file = join(dir, 'b.zip')
      writeFileSync(file, zipStore(members, new Date(2026, 10, 30, 15, 4, 6)))
      const test = execFileSync('unzip', ['-t', file], { encoding: 'utf8' })
      expect(test).toMatch(/No errors detected/)
      const list = execFileSync('unzip', ['-l', file], { encoding: 'utf8' })
      expect(list).toContain('2026-11-30 15:04')
      for (const m of members) expect(list).toContain(m.name)
      expect(execFileSync('unzip', ['-p', file, 'binary.bin']).equals(members[3].bytes)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses the same name twice', () => {
    expect(() => zipStore([members[0], members[0]])).toThrow('zip: figure-train-loss.csv is in the archive twice')
  })
})
