import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ROOT, startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser, SCREENSHOT_DIR, screenshotFromTop } from '../helpers/browser'

// without any browser the file skips (hooks included) and says why on the console
const noBrowser = browserMissing()

/*
 * A study as a researcher runs one: the CLI trains the paper's subtraction task for NAU and NALU
 * over three seeds (8,000 iterations: the NAU solves it within them), the study page in headless Chromium on browser mode shows the grouped
 * curves and the rate table; then ten more seeds are added from the page and trained by the server,
 * and the page follows them to 26 runs. Screenshots of both sizes go to test-results/screenshots.
 */
const ITERATIONS = 8000

let dir: string
let serve: ServeHandle
let browser: Browser
let page: Page
const pageErrors: string[] = []

// This file compiles without the DOM lib (tsconfig.node.json): the in-page callback uses this shape.
interface PageCanvas {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null
}

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'nalu-study-e2e-'))
  const dbPath = join(dir, 'lab.db')
  const cli = spawnSync(
    process.execPath,
    [
      join(ROOT, 'scripts', 'lab.mjs'),
      'run',
      '--preset',
      'arithmetic-sub',
      '--models',
      'nau,nalu',
      '--seeds',
      '0-2',
      '--iterations',
      String(ITERATIONS),
      '--eval-every',
      '250',
      '--db',
      dbPath,
      '--json'
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NALU_LAB_DB: '' }
    }
  )
  if (cli.status !== 0) throw new Error(`lab run failed (${cli.status}): ${cli.stderr}`)
  serve = await startServe({ dbPath })
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' })
  page.on('pageerror', (e) => pageErrors.push(e.message))
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const shot = (name: string) => screenshotFromTop(page, name)

/** How many distinct colours the chart canvas holds (a drawn chart has its lines' and bands' hues). */
function chartColours(): Promise<number> {
  return page.locator('.study-chart canvas').evaluate((el) => {
    const c = el as unknown as PageCanvas
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    const seen = new Set<string>()
    for (let i = 0; i < data.length; i += 16) seen.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`)
    return seen.size
  })
}

const rateRow = (model: string) => page.locator(`table.rates tbody tr[data-model="${model}"]`)

describe.skipIf(noBrowser)('the study page in Chromium', () => {
  it('shows three seeds per model: progress, the rate table with Wilson intervals and the paper’s rate, grouped curves', async () => {
    await page.goto(`${serve.url}#/experiments/1`)
    await page.locator('table.rates').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('.study-progress').innerText()).toContain('6 / 6 runs done')
    expect(await page.locator('h1').innerText()).toBe('Arithmetic task: subtraction (Madsen & Johansen)')
    const nau = await rateRow('nau→nau').innerText()
    expect(nau).toMatch(/nau→nau\s+−\s+3 \/ 3/)
    expect(nau).toMatch(/\d+(\.\d)? % – \d+(\.\d)? %/)
    expect(nau).toContain('100 % (96.3 % – 100 %) · NAU')
    expect(await rateRow('nalu→nalu').innerText()).toContain('14 % (')
    await page.locator('.study-chart canvas').waitFor()
    expect(await page.locator('.study-chart canvas').getAttribute('aria-label')).toMatch(/nau→nau: 3 seeds; nalu→nalu: 3 seeds/)
    await expect.poll(chartColours).toBeGreaterThan(6)
    await shot('study-3-seeds')

    await page.locator('input[name="study-seeds"]').check()
    await expect.poll(() => page.locator('.study-chart canvas').getAttribute('aria-label')).toContain('3 seeds')
    await page.waitForTimeout(300)
    await shot('study-3-seeds-each-seed')
  })

  it('adds ten seeds from the page; the server trains them and the page follows to 26 runs', async () => {
    await page.locator('input[name="add-seeds"]').fill('3-12')
    await page.getByRole('button', { name: 'Add seeds', exact: true }).click()
    await expect.poll(() => page.locator('[role="status"]').innerText()).toBe('Queued 20 runs for 10 new seeds.')
    await expect
      .poll(() => page.locator('.study-progress').innerText(), { timeout: 150_000, interval: 1000 })
      .toContain('26 / 26 runs done')
    await expect
      .poll(() => page.locator('.study-chart canvas').getAttribute('aria-label'), { timeout: 10_000 })
      .toMatch(/nau→nau: 13 seeds/)
    expect(await rateRow('nau→nau').innerText()).toMatch(/13 \/ 13/)
    expect(await page.locator('.study-progress').innerText()).toContain('Seeds 0-12 (13) × 2 models')
    await page.waitForTimeout(300)
    await shot('study-26-runs')
    expect(pageErrors).toEqual([])
  }, 200_000)
})
