import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser, SCREENSHOT_DIR } from '../helpers/browser'
import { pressForDownloads } from '../helpers/downloads'
import { figureStore, NMU_ZERO_FROM, SIGN_EPOCHS } from '../helpers/figureStore'
import { FONT_FAMILY } from '@shared/figures/axes'
import { modelColor } from '@shared/figures/palette'
import { loadCanvas } from '../../src-main/export/canvasModule'
import { pngDpi } from '../../src-main/export/pngDpi'
import { parseSvg, elements } from '../main/export/inspect'
import { readZip } from '../main/export/readZip'

const noBrowser = browserMissing()

/*
 * Figures as a researcher reproducing the article uses them: 25 runs of the sign-caveat preset
 * (5 models × 5 seeds), the NMU's loss reaching exactly 0, the article's outputs per operation,
 * and files meant for a journal column. The data is written into the store directly
 * (test/helpers/figureStore.ts): what is under test is how it is drawn.
 */
let db: ReturnType<typeof figureStore>
let serve: ServeHandle
let browser: Browser
let page: Page
let dir: string

beforeAll(async () => {
  db = figureStore()
  dir = mkdtempSync(join(tmpdir(), 'nalu-figures-dl-'))
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  serve = await startServe({ dbPath: db.path })
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1400, height: 950 }, acceptDownloads: true })
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  db?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function go(hash: string): Promise<void> {
  await page.goto(`${serve.url}#${hash}`)
  await page.locator('.loss-chart canvas').first().waitFor({ timeout: 30_000 })
  // charts draw one per animation frame
  await page.waitForTimeout(400)
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `figures-${name}.png`), fullPage: true })

/** RGBA pixels of a PNG (a screenshot or an exported figure). */
async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const canvas = await loadCanvas()
  const img = await canvas.loadImage(png)
  const c = canvas.createCanvas(img.width, img.height)
  const ctx = c.getContext('2d')
  ctx.drawImage(img, 0, 0)
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data }
}

/** The rightmost column holding a pixel of this colour (±24 per channel), or -1. */
function rightmostOf(img: Awaited<ReturnType<typeof pixels>>, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
  for (let x = img.width - 1; x >= 0; x--) {
    for (let y = 0; y < img.height; y++) {
      const i = (y * img.width + x) * 4
      if (Math.abs(img.data[i] - r) < 24 && Math.abs(img.data[i + 1] - g) < 24 && Math.abs(img.data[i + 2] - b) < 24) return x
    }
  }
  return -1
}

const download = (button: string, count = 1) => pressForDownloads(page, dir, button, count)

const ids = (list: number[]) => list.join(',')

describe.skipIf(noBrowser)('figures in the browser', () => {
  it('draws 25 runs with a legend beside the plot, one colour per model, and groups them by model', async () => {
    await go(`/compare?ids=${ids(db.signRuns)}&metric=extrap`)
    const legend = page.locator('.chart-legend').first()
    await expect.poll(() => legend.locator('button.entry').count()).toBe(25)
    expect(await legend.evaluate((el) => el.classList.contains('beside'))).toBe(true)
    // the plot keeps its height: the legend scrolls beside it instead of eating it
    const box = (await page.locator('.loss-chart').first().boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(330)
    expect(box.width).toBeGreaterThan(700)
    const swatches = await legend.locator('button.entry line').evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke')))
    expect(new Set(swatches).size).toBe(5)
    expect(swatches.slice(0, 5)).toEqual(Array(5).fill(modelColor('nalu')))
    await shot('25-runs')

    // click hides a line, hover highlights one
    const first = legend.locator('button.entry').first()
    await first.click()
    expect(await first.getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => legend.getByRole('button', { name: /Show all \(1 hidden\)/ }).count()).toBe(1)
    await legend.getByRole('button', { name: /Show all/ }).click()

    await page.locator('select[name="group"]').selectOption('model')
    await expect.poll(() => page.locator('.chart-legend').first().locator('button.entry').count()).toBe(5)
    const labels = await page.locator('.chart-legend').first().locator('button.entry').allInnerTexts()
    expect(labels.map((l) => l.trim())).toEqual([
      'nalu (median, IQR of 5 runs)',
      'nmu (median, IQR of 5 runs) (reaches 0)',
      'inalu(reduced) (median, IQR of 5 runs)',
      'npu (median, IQR of 5 runs)',
      'realnpu (median, IQR of 5 runs)'
    ])
    expect(
      await page
        .locator('.chart-legend')
        .first()
        .evaluate((el) => el.classList.contains('beside'))
    ).toBe(false)
    expect(new URL(page.url().replace('#/', '')).searchParams.get('group')).toBe('model')
    await page.waitForTimeout(300)
    await shot('25-runs-by-model')
    // the Summary groups too: one row per model, how many of its runs solved the task
    const byModel = page.getByRole('table', { name: 'Summary by model' })
    await expect.poll(() => byModel.locator('tbody tr').count()).toBe(5)
    await expect
      .poll(() => byModel.locator('tbody tr td:last-child').allInnerTexts())
      .toEqual(Array(5).fill(expect.stringMatching(/^\d of 5$/)))
    expect((await byModel.locator('tbody tr').first().locator('td').allInnerTexts()).slice(0, 2)).toEqual(['nalu', '5'])
    await byModel.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'figures-summary-by-model.png') })
    // the sign-caveat comparison says why the NALU fails, and links the docs
    await expect.poll(() => page.getByRole('complementary', { name: 'Why the NALU must fail here' }).count()).toBe(1)
    await page.getByRole('link', { name: /docs\/engine\.md/ }).click()
    const section = page.locator('#the-article-s-claims-and-the-sign-caveat-measured')
    await section.waitFor({ timeout: 10_000 })
    expect(await section.innerText()).toMatch(/^The article.s claims and the sign caveat \(measured\)$/)
    // scrolled to, and not under the sticky navigation bar
    const top = () => section.evaluate((el) => Math.round(el.getBoundingClientRect().top))
    await expect.poll(top).toBeLessThan(200)
    const nav = await page
      .locator('header')
      .first()
      .evaluate((el) => el.getBoundingClientRect().bottom)
    expect(await top()).toBeGreaterThanOrEqual(nav)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'figures-docs.png') })
  })

  it('draws a run whose loss reaches 0 to its last epoch on a log axis', async () => {
    const nmu = db.signRuns[5]
    await go(`/runs/${nmu}`)
    expect(await page.locator('h1').innerText()).toContain('nmu')
    const panel = page.locator('[aria-labelledby="run-curves-heading"] .loss-chart').nth(2)
    await expect
      .poll(() => page.locator('[aria-labelledby="run-curves-heading"] .chart-legend').nth(2).innerText())
      .toContain('(reaches 0)')
    const img = await pixels(await panel.locator('canvas').screenshot())
    const end = rightmostOf(img, modelColor('nmu'))
    // the loss is 0 from epoch NMU_ZERO_FROM of SIGN_EPOCHS: a dropped zero would end the line before ~40% of the width
    expect(NMU_ZERO_FROM / SIGN_EPOCHS).toBeLessThan(0.5)
    expect(end).toBeGreaterThan(img.width * 0.85)
    await shot('run-reaches-zero')

    // the same in Compare, and in an exported file
    await go(`/compare?ids=${nmu}&metric=extrap`)
    const compareImg = await pixels(await page.locator('.loss-chart canvas').first().screenshot())
    expect(rightmostOf(compareImg, modelColor('nmu'))).toBeGreaterThan(compareImg.width * 0.85)
    await page.getByRole('button', { name: 'Export', exact: true }).first().click()
    await page.locator('select[name="size"]').selectOption('two-column')
    const [png] = await download('Save')
    const fileImg = await pixels(png.bytes)
    expect(rightmostOf(fileImg, modelColor('nmu', 'print'))).toBeGreaterThan(fileImg.width * 0.85)
  })

  it('plots loss per output and per operation, for a run and across runs', async () => {
    const nalu = db.articleRuns[2]
    await go(`/runs/${nalu}`)
    const split = page.locator('[aria-labelledby="run-split-heading"]')
    await expect
      .poll(() => split.locator('button.entry').allInnerTexts())
      .toEqual(['nalu(article) · seed 0 · article · +', 'nalu(article) · seed 0 · article · −', 'nalu(article) · seed 0 · article · ×'])
    await split.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'figures-run-per-op.png') })
    await page.locator('select[name="split"]').selectOption('output')
    await expect.poll(() => split.locator('button.entry').count()).toBe(10)
    expect(await split.locator('button.entry').first().innerText()).toContain('y0 = x0 + x3')
    // failed outputs say how far above their threshold they are
    expect(await page.locator('[aria-labelledby="outputs-heading"]').innerText()).toMatch(/×[0-9.]*·?10⁷ above/)

    await go(`/compare?ids=${ids(db.articleRuns)}&per=op&metric=extrap`)
    const entries = await page.locator('.chart-legend').first().locator('button.entry').allInnerTexts()
    expect(entries).toHaveLength(9)
    expect(entries.filter((e) => e.includes(' · ×'))).toHaveLength(3)
    await shot('compare-per-op')
  })

  it('exports a PNG for one journal column: pHYs at the DPI asked for, text at the point size asked for', async () => {
    // in dark mode too, a file is for paper: print style (white) by default
    await page.emulateMedia({ colorScheme: 'dark' })
    await go(`/compare?ids=${ids(db.articleRuns)}&metric=extrap`)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'figures-compare-dark.png') })
    await page.getByRole('button', { name: 'Export', exact: true }).first().click()
    await page.locator('select[name="format"]').selectOption('png')
    await page.locator('input[name="font-pt"]').fill('9')
    await page.locator('input[name="dpi"]').fill('600')
    expect(await page.locator('.export-menu .panel').innerText()).toContain('2100 × 1500 px at 600 DPI')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'figures-export-menu.png') })
    const [file] = await download('Save')
    writeFileSync(join(SCREENSHOT_DIR, 'figures-exported-3.5in-600dpi.png'), file.bytes)
    expect([file.bytes.readUInt32BE(16), file.bytes.readUInt32BE(20)]).toEqual([2100, 1500])
    const dpi = pngDpi(file.bytes)!
    expect(Math.round(dpi.x)).toBe(600)
    expect(Math.round(dpi.y)).toBe(600)

    // the x-axis title "Epoch" is the lowest line of text between the y-axis title (left) and the
    // edge; the first letter of it, "E", is a capital's height of the font
    const img = await pixels(file.bytes)
    await page.emulateMedia({ colorScheme: 'light' })
    expect([...img.data.subarray(0, 3)]).toEqual([255, 255, 255])
    const dark = (x: number, y: number) => {
      const i = (y * img.width + x) * 4
      return img.data[i] + img.data[i + 1] + img.data[i + 2] < 300
    }
    const x0 = Math.round(img.width * 0.2)
    const x1 = Math.round(img.width * 0.95)
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k)
    const rowDark = (y: number) => range(x0, x1).some((x) => dark(x, y))
    let bottom = img.height - 1
    while (bottom > 0 && !rowDark(bottom)) bottom--
    let top = bottom
    while (top > 0 && rowDark(top - 1)) top--
    const band = range(top, bottom + 1)
    let left = x0
    while (left < x1 && !band.some((y) => dark(left, y))) left++
    let right = left
    while (right < x1 && band.some((y) => dark(right, y))) right++
    const rows = band.filter((y) => range(left, right).some((x) => dark(x, y)))
    const capHeight = rows[rows.length - 1] - rows[0] + 1
    const canvas = await loadCanvas()
    const ctx = canvas.createCanvas(10, 10).getContext('2d')
    ctx.font = `${(9 * 600) / 72}px ${FONT_FAMILY}`
    const expected = ctx.measureText('E').actualBoundingBoxAscent
    expect(capHeight / expected).toBeGreaterThan(0.93)
    expect(capHeight / expected).toBeLessThan(1.07)
  })

  it('exports a comparison’s bundle as one .zip download holding the figures, the CSV and the configs', async () => {
    await go(`/compare?ids=${ids(db.articleRuns)}&metric=extrap`)
    await page.getByRole('button', { name: 'Export', exact: true }).first().click()
    const [zip] = await download('Export bundle')
    expect(zip.name).toMatch(/-bundle\.zip$/)
    const names = readZip(zip.bytes).map((m) => m.name)
    expect(names).toHaveLength(10)
    for (const ext of ['png', 'svg', 'pdf', 'csv', 'json']) {
      expect(names.filter((n) => n.endsWith(`-train-loss.${ext}`) || n.endsWith(`-extrap-loss.${ext}`))).toHaveLength(2)
    }
  })

  it('exports SVG with each label as one text element', async () => {
    await go(`/compare?ids=${ids(db.articleRuns)}&metric=extrap`)
    await page.getByRole('button', { name: 'Export', exact: true }).first().click()
    await page.locator('select[name="format"]').selectOption('svg')
    await page.locator('select[name="size"]').selectOption('two-column')
    const [file] = await download('Save')
    writeFileSync(join(SCREENSHOT_DIR, 'figures-exported-7in.svg'), file.bytes)
    const texts = elements(parseSvg(file.bytes.toString('utf8')), 'text').map((t) => t.text)
    expect(texts).toContain('Extrapolation test loss (MSE)')
    expect(texts).toContain('Mystery arithmetic problem (the article): Extrapolation test loss (MSE)')
    for (const label of ['vanilla · seed 0 · article', 'nac · seed 0 · article', 'nalu(article) · seed 0 · article'])
      expect(texts).toContain(label)
    expect(texts).not.toContain('')
    expect(texts).not.toContain('loss')
  })

  it('keeps the Compare view in the URL: a copied link opens the same view', async () => {
    await go(`/compare?ids=${ids(db.signRuns.slice(0, 10))}`)
    await page.locator('select[name="metric"]').selectOption('extrap')
    await page.locator('input[name="log"]').uncheck()
    await page.locator('select[name="group"]').selectOption('model')
    await page.locator('input[type="range"]').fill('0.5')
    await expect.poll(() => page.url()).toContain('smooth=0.5')
    const link = page.url()
    expect(link).toContain('metric=extrap')
    expect(link).toContain('scale=linear')
    expect(link).toContain('group=model')

    const other = await browser.newPage({ viewport: { width: 1400, height: 950 } })
    await other.goto(link)
    await other.locator('.loss-chart canvas').first().waitFor({ timeout: 30_000 })
    expect(await other.locator('.loss-chart').count()).toBe(1)
    expect(await other.locator('select[name="metric"]').inputValue()).toBe('extrap')
    expect(await other.locator('input[name="log"]').isChecked()).toBe(false)
    expect(await other.locator('select[name="group"]').inputValue()).toBe('model')
    expect(await other.locator('input[type="range"]').inputValue()).toBe('0.5')
    expect(await other.locator('.chart-legend').first().locator('button.entry').count()).toBe(2)
    await other.close()

    // a link with a bad run id shows the others and names it
    await go(`/compare?ids=${db.signRuns[0]},9999,${db.signRuns[1]}`)
    expect(await page.locator('.notice').innerText()).toContain('run 9999 is not in this database')
    expect(await page.locator('.chart-legend').first().locator('button.entry').count()).toBe(2)
    await shot('bad-run-id')
  })
})
