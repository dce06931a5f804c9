import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCommand } from '../../../src-main/cli/export'
import { seededStore } from '../export/seededStore'

let db: ReturnType<typeof seededStore>
let out: string
beforeAll(() => {
  db = seededStore()
  out = mkdtempSync(join(tmpdir(), 'nalu-cli-out-'))
})
afterAll(() => {
  db.cleanup()
  rmSync(out, { recursive: true, force: true })
})

async function run(args: string[]) {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await exportCommand(['--runs', String(db.runIds[0]), '--db', db.path, ...args], {
    stdout: (s) => stdout.push(s),
    stderr: (s) => stderr.push(s)
  })
  return { code, stdout: stdout.join(''), stderr: stderr.join('') }
}

describe('lab export --out', () => {
  it('keeps an existing file unless --force, in one sentence', async () => {
    const file = join(out, 'kept.csv')
    writeFileSync(file, 'mine')
    expect(await run(['--out', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `export: could not write ${file}: it already exists (add --force to replace it).\n`
    })
    expect(readFileSync(file, 'utf8')).toBe('mine')
    expect((await run(['--out', file, '--force'])).code).toBe(0)
    expect(readFileSync(file, 'utf8')).toMatch(/^run_id,/)
    expect(readdirSync(out)).toEqual(['kept.csv'])
  })

  it('says a folder given as --out is a folder', async () => {
    const folder = join(out, 'taken.csv')
    mkdirSync(folder)
    expect(await run(['--out', folder, '--force'])).toMatchObject({
      code: 1,
      stderr: `export: could not write ${folder}: it is a folder.\n`
    })
  })
})
