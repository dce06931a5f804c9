import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportCommand } from '../../../src-main/cli/export'
import { captured } from './captured'
import { useExportFixture } from './exportFixture'

const fx = useExportFixture('nalu-cli-out-')

const run = (args: string[]) => captured(exportCommand, ['--runs', String(fx.db.runIds[0]), '--db', fx.db.path, ...args])

describe('lab export --out', () => {
  it('keeps an existing file unless --force, in one sentence', async () => {
    const file = join(fx.out, 'kept.csv')
    writeFileSync(file, 'mine')
    expect(await run(['--out', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `export: could not write ${file}: it already exists (add --force to replace it).\n`
    })
    expect(readFileSync(file, 'utf8')).toBe('mine')
    expect((await run(['--out', file, '--force'])).code).toBe(0)
    expect(readFileSync(file, 'utf8')).toMatch(/^run_id,/)
    expect(readdirSync(fx.out)).toEqual(['kept.csv'])
  })

  it('says a folder given as --out is a folder', async () => {
    const folder = join(fx.out, 'taken.csv')
    mkdirSync(folder)
    expect(await run(['--out', folder, '--force'])).toMatchObject({
      code: 1,
      stderr: `export: could not write ${folder}: it is a folder.\n`
    })
  })
})
