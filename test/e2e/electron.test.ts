import { describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { ROOT } from '../helpers/serve'

/** The Electron binary's path if it was fetched; never triggers the download itself. */
function electronBinary(): string | null {
  const dir = join(ROOT, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(bin) ? bin : null
}

const built = existsSync(join(ROOT, 'out', 'main', 'index.js')) && existsSync(join(ROOT, 'out', 'preload', 'index.cjs'))

/** Why the window cannot be opened here, or null. */
function unavailable(bin: string | null): string | null {
  if (!bin)
    return 'the Electron binary is not installed here (its download host is unreachable); this test runs wherever `node -e "require(\'electron\')"` succeeds'
  if (!built) return 'out/ is not built; `npm test` builds it first'
  if (!existsSync(join(ROOT, '.electron-native'))) return 'better-sqlite3 has no Electron build yet: run `npm run rebuild:electron`'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display for the Electron window: run the tests under `xvfb-run -a npm test`'
  }
  return null
}

describe('the desktop app (Playwright _electron)', () => {
  it('opens its window, renders the shell and answers over the preload bridge', async (ctx) => {
    const bin = electronBinary()
    const why = unavailable(bin)
    if (why) {
      // on screen too, not only in the JSON report
      console.warn(`Electron window test skipped: ${why}`)
      ctx.skip(why)
    }
    const db = join(mkdtempSync(join(tmpdir(), 'nalu-electron-')), 'lab.db')
    const app = await electron.launch({ executablePath: bin!, args: [ROOT, `--db=${db}`], env: { ...process.env, NALU_LAB_DB: '' } })
    try {
      const page = await app.firstWindow()
      await page.waitForSelector('#app > *')
      const info = await page.evaluate(async () => {
        const w = globalThis as unknown as { naluBridge: { invoke(c: string, p: unknown): Promise<unknown> } }
        return w.naluBridge.invoke('app.info', {})
      })
      expect(info).toMatchObject({ ok: true, value: { transport: 'electron', dbPath: db } })
      expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
    } finally {
      await app.close()
    }
  })
})
