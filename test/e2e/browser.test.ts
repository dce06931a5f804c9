import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findBrowser } from '../helpers/browser'

/* Which browser the end-to-end tests drive: the order the README promises. */
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nalu-browser-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function fakeBrowser(name: string): string {
  const p = join(dir, name)
  writeFileSync(p, '#!/bin/sh\n')
  chmodSync(p, 0o755)
  return p
}

describe('finding a browser for the end-to-end tests', () => {
  it('takes CHROMIUM_PATH first, even with a browser on PATH', () => {
    const mine = fakeBrowser('my-chromium')
    fakeBrowser('chromium')
    expect(findBrowser({ CHROMIUM_PATH: mine, PATH: dir })).toEqual({ kind: 'path', path: mine, from: 'CHROMIUM_PATH' })
  })

  it('refuses a CHROMIUM_PATH that does not exist, naming it, rather than quietly taking another', () => {
    fakeBrowser('chromium')
    const found = findBrowser({ CHROMIUM_PATH: join(dir, 'nope'), PATH: dir })
    expect(found).toEqual({ kind: 'missing', reason: `CHROMIUM_PATH is set to ${join(dir, 'nope')}, which does not exist` })
  })

  it.runIf(process.platform !== 'win32')('then a Chromium or Chrome on PATH', () => {
    const chrome = fakeBrowser('google-chrome')
    expect(findBrowser({ PATH: dir })).toEqual({ kind: 'path', path: chrome, from: 'system' })
  })

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'and with none on the system, the Chromium of @sparticuz/chromium on Linux x64',
    (ctx) => {
      const found = findBrowser({ PATH: dir })
      if (found.kind === 'path') ctx.skip(`this machine has a browser in a fixed place (${found.path})`)
      expect(found).toMatchObject({ kind: 'package', packageDir: expect.stringMatching(/node_modules[\\/]@sparticuz[\\/]chromium$/) })
    }
  )
})
