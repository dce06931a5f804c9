import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser, SCREENSHOT_DIR, screenshotFromTop } from '../helpers/browser'

// without any browser the file skips (hooks included) and says why on the console
const noBrowser = browserMissing()

/*
 * The whole workbench journey of issue 5 in headless Chromium against browser mode with the real
 * engine and store: design → run → watch → cancel → history → run detail → compare. One test, in
 * order, because each step uses what the previous one produced (as a researcher would).
 */

let serve: ServeHandle
let browser: Browser
let page: Page
const pageErrors: string[] = []
const consoleErrors: string[] = []

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  serve = await startServe()
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' })
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })
})
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

const shot = (name: string) => screenshotFromTop(page, name)
const runIdsOnPage = () =>
  page.locator('tbody tr[data-run-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-run-id'))))
const chartLabel = (i: number) => page.locator('.loss-chart canvas').nth(i).getAttribute('aria-label')
const chartPixels = (i: number) =>
  page
    .locator('.loss-chart canvas')
    .nth(i)
    .evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL())
/**
 * The chart's pixels once they stop changing: the label changes with the settings at once, the
 * drawing a frame (or, on a busy machine, many frames) later.
 */
async function settledPixels(i: number): Promise<string> {
  let last = await chartPixels(i)
  await expect
    .poll(
      async () => {
        await page.waitForTimeout(150)
        const now = await chartPixels(i)
        const same = now === last
        last = now
        return same
      },
      { timeout: 30_000 }
    )
    .toBe(true)
  return last
}
/** Waits for the chart to be redrawn into something other than `before`, then for it to settle. */
async function redrawnPixels(i: number, before: string): Promise<string> {
  await expect.poll(() => chartPixels(i), { timeout: 30_000 }).not.toBe(before)
  return settledPixels(i)
}

describe.skipIf(noBrowser)('workbench journey in browser mode', () => {
  it('designs, runs, watches, cancels, finds, inspects and compares runs', async () => {
    try {
      await journey()
    } catch (err) {
      // leave evidence: what the page showed and said when a step failed
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'failure.png'), fullPage: true }).catch(() => undefined)
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '(no page text)')
      throw new Error(
        `${(err as Error).message}\n--- page text ---\n${text.slice(0, 2000)}\n--- console ---\n${consoleErrors.join('\n')}\n--- server stderr ---\n${serve.stderr().slice(-2000)}`
      )
    }
  }, 300_000)
})

async function journey(): Promise<void> {
  // New experiment: the article's preset comes first; a bad value is flagged before anything is sent
  await page.goto(serve.url)
  await expect.poll(() => page.locator('#f-name').inputValue(), { timeout: 30_000 }).not.toBe('')
  await expect.poll(() => page.locator('#preset-select').inputValue()).toBe('article')
  await page.fill('#f-problem-inDim', '1')
  await expect.poll(() => page.locator('#f-problem-inDim-error').textContent()).toBe('needs at least two inputs')
  await page.fill('#f-problem-inDim', '100')
  await page.fill('#f-name', 'E2E article')
  await page.fill('#f-training-epochs', '150')
  await page.fill('#f-seedCount', '3')
  await expect(page.getByText('9 runs (3 models × 3 seeds)').isVisible()).resolves.toBe(true)
  await shot('new-experiment')
  await page.getByRole('button', { name: 'Run', exact: true }).click()

  // Live training: a row per job with progress and Cancel, curves filling in
  await page.waitForURL(/#\/live$/)
  await page.locator('tr.progress-row').first().waitFor()
  const lastRow = page.locator('tr.progress-row').last()
  const cancelledId = Number(await lastRow.getAttribute('data-run-id'))
  const cancelledModel = (await lastRow.locator('td').nth(2).textContent())!.split(' · ')[0]
  await lastRow.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect
    .poll(
      () => page.locator('tr.progress-row progress').evaluateAll((ps) => ps.some((p) => (p as unknown as { value: number }).value > 0)),
      { timeout: 60_000 }
    )
    .toBe(true)
  await expect.poll(() => page.locator('.loss-chart canvas').count(), { timeout: 60_000 }).toBe(3)
  expect(await chartLabel(0)).toContain('log y')
  await page.waitForTimeout(500)
  await shot('live-training')
  const finished = page.locator('[aria-labelledby="finished-heading"]')
  await expect.poll(() => finished.locator(`tr:has(a:text-is("${cancelledId}"))`).textContent(), { timeout: 60_000 }).toContain('cancelled')
  await expect.poll(() => page.getByText('No job is queued or running').count(), { timeout: 150_000 }).toBe(1)

  // History: all nine runs, filterable and sortable on the main side
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'History' }).click()
  await expect.poll(runIdsOnPage, { timeout: 15_000 }).toHaveLength(9)
  await shot('history')
  const filter = (label: string) => page.locator('.filters label', { hasText: label }).locator('select')
  await filter('Status').selectOption('cancelled')
  await expect.poll(runIdsOnPage).toEqual([cancelledId])
  await filter('Status').selectOption('completed')
  await expect.poll(runIdsOnPage).toHaveLength(8)
  // a model none of whose runs was cancelled: its three seeds all completed
  const model = ['vanilla', 'nac', 'nalu(article)'].find((m) => m !== cancelledModel)!
  await filter('Model').selectOption(model)
  await expect.poll(runIdsOnPage).toHaveLength(3)
  await page.locator('th', { hasText: 'Train MSE' }).getByRole('button').click()
  await expect.poll(() => page.locator('th', { hasText: 'Train MSE' }).getAttribute('aria-sort')).toBe('ascending')
  await shot('history-filtered')

  // Run detail: curves, the weight heatmap beside the true configuration, per-output table
  const detailRun = (await runIdsOnPage())[0]
  await page.getByRole('link', { name: `Open run ${detailRun}`, exact: true }).click()
  await page.waitForURL(new RegExp(`#/runs/${detailRun}$`))
  await page.locator('figure.heatmap').first().waitFor()
  const captions = await page.locator('figure.heatmap figcaption').allTextContents()
  expect(captions.some((c) => c.startsWith('Learned'))).toBe(true)
  expect(captions).toContain('True configuration · 10 × 100')
  const painted = await page
    .locator('figure.heatmap canvas')
    .first()
    // the callback runs in the page, so it cannot call helpers of this file: the type names the element
    .evaluate((canvas: HTMLCanvasElement) => {
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      let coloured = 0
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] === d[i + 1] && d[i + 1] === d[i + 2])) coloured++
      return coloured
    })
  expect(painted).toBeGreaterThan(100)
  await expect.poll(() => page.locator('[aria-labelledby="outputs-heading"] tbody tr').count()).toBe(10)
  await shot('run-detail')

  // Clone and edit: New experiment pre-filled with this run's model and seed
  await page.getByRole('button', { name: 'Clone and edit', exact: true }).click()
  await page.waitForURL(/#\/new$/)
  expect(await page.locator('#f-name').inputValue()).toBe(`E2E article (clone of run ${detailRun})`)
  await expect(page.getByText('1 run (1 model × 1 seed)').isVisible()).resolves.toBe(true)

  // Compare three runs: one per model, seed of the first run
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'History' }).click()
  await filter('Model').selectOption('')
  await filter('Status').selectOption('completed')
  await expect.poll(runIdsOnPage).toHaveLength(8)
  const models = await page.locator('tbody tr[data-run-id] td:nth-child(3)').allTextContents()
  const ids = await runIdsOnPage()
  const pick = ['vanilla', 'nac', 'nalu(article)'].map((m) => ids[models.indexOf(m)])
  for (const id of pick) await page.getByRole('checkbox', { name: `Select run ${id}`, exact: true }).check()
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await page.waitForURL(/#\/compare\?ids=/)
  await expect.poll(() => page.locator('.loss-chart canvas').count(), { timeout: 15_000 }).toBe(3)
  await expect.poll(() => page.locator('[aria-labelledby="summary-heading"] tbody tr').count()).toBe(3)
  expect(await page.getByRole('button', { name: 'Export', exact: true }).count()).toBe(3)
  const settings = page.getByRole('group', { name: 'Chart settings' })

  const before = await settledPixels(0)
  await settings.getByLabel('Log scale').uncheck()
  await expect.poll(() => chartLabel(0)).toContain('linear y')
  const linear = await redrawnPixels(0, before)
  await settings.getByLabel('Log scale').check()
  await expect.poll(() => chartLabel(0)).toContain('log y')

  const unsmoothed = await redrawnPixels(0, linear)
  await settings.getByRole('slider', { name: 'Smoothing' }).fill('0.9')
  await expect.poll(() => chartLabel(0)).toContain('smoothing 0.90')
  await redrawnPixels(0, unsmoothed)
  await shot('compare')

  expect(pageErrors).toEqual([])
  expect(consoleErrors).toEqual([])
  expect(await page.locator('.notice.error').allTextContents()).toEqual([])
}
