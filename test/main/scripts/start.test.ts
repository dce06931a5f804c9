import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../helpers/serve'

describe('npm start without the Electron binary', () => {
  it('exits non-zero with one sentence that names the cause and points to npm run serve', (ctx) => {
    if (existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'))) ctx.skip('the Electron binary is installed here, so npm start opens the app')
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/Electron binary is missing/)
    expect(lines[0]).toMatch(/npm run serve/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stdout).toBe('')
  })
})
