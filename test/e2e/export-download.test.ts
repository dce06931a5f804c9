import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { ROOT, startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser } from '../helpers/browser'
import { pressForDownloads } from '../helpers/downloads'

// without any browser the file skips (hooks included) and says why on the console
const noBrowser = browserMissing()

/*
 * Export in browser mode, as a researcher does it: open a comparison, press a chart's Export,
 * pick a format and save. Each format must arrive as a real download, and the file must be what
 * the menu promised (PNG pixel size, SVG legend as text, the data rows of the plotted runs).
 */
const EPOCHS = 30
const EXPERIMENT = 'Mystery arithmetic problem (the article)'
const STEM = 'mystery-arithmetic-problem-the-article'

let dir: string
let serve: ServeHandle
let browser: Browser
let page: Page

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nalu-export-dl-'))
  const dbPath = join(dir, 'lab.db')
  // three stored runs (vanilla, NAC, NALU of the article), trained by the CLI as a user would
  const cli = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'lab.mjs'), 'run', '--preset', 'article', '--epochs', String(EPOCHS), '--db', dbPath],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NALU_LAB_DB: '' }
    }
  )
  if (cli.status !== 0) throw new Error(`lab run failed: ${cli.stderr}`)
  serve = await startServe({ dbPath })
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  await page.goto(`${serve.url}#/compare?ids=1,2,3`)
  await page.locator('.loss-chart canvas').first().waitFor({ timeout: 30_000 })
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** Open the first chart's Export menu and choose a format (and a size: one journal column by default). */
async function openMenu(format: string, size?: string): Promise<void> {
  await page.getByRole('button', { name: 'Export', exact: true }).first().click()
  await page.locator('select[name="format"]').selectOption(format)
  if (size) await page.locator('select[name="size"]').selectOption(size)
}

const downloads = (button: string, count = 1) => pressForDownloads(page, dir, button, count)

/** The SVG's text, one space between words (Skia writes one <text> per word, some with a trailing space). */
function svgWords(bytes: Buffer): string {
  return [...bytes.toString('utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
    .map((m) => m[1])
    .join(' ')
    .replace(/\s+/g, ' ')
}

function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
}

const legend = ['vanilla · seed 0 · article', 'nac · seed 0 · article', 'nalu(article) · seed 0 · article']

describe.skipIf(noBrowser)('export from the UI in browser mode', () => {
  it('downloads a PNG for one journal column at 300 DPI with exactly the pixel size the menu showed', async () => {
    await openMenu('png')
    const promised = await page.locator('.export-menu .panel p.muted').first().innerText()
    expect(promised).toBe('Prints 3.5 × 2.5 in, text 8 pt · 1050 × 750 px at 300 DPI')
    const [file] = await downloads('Save')
    expect(file.name).toBe(`${STEM}-train-loss.png`)
    expect(pngSize(file.bytes)).toEqual([1050, 750])
    // the menu closes after saving
    await expect.poll(() => page.locator('.export-menu .panel').count()).toBe(0)
  })

  it('downloads an SVG with the title, axis titles and every legend entry as text', async () => {
    await openMenu('svg', 'screen')
    const [file] = await downloads('Save')
    expect(file.name).toBe(`${STEM}-train-loss.svg`)
    const svg = file.bytes.toString('utf8')
    expect(svg).toMatch(/^(<\?xml[^>]*>)?\s*<svg[\s>]/)
    expect(svg).not.toContain('<image')
    const words = svgWords(file.bytes)
    for (const entry of legend) expect(words).toContain(entry)
    expect(words).toContain(`${EXPERIMENT}: Training loss (MSE)`)
    expect(words).toContain('Epoch')
    expect(words).toContain('Training loss (MSE)')
  })

  it('downloads a one-page vector PDF the size of a journal column', async () => {
    // the menu keeps the last size chosen (the SVG above was "as on screen")
    await openMenu('pdf', 'one-column')
    const [file] = await downloads('Save')
    expect(file.name).toBe(`${STEM}-train-loss.pdf`)
    const text = file.bytes.toString('latin1')
    expect(text.startsWith('%PDF-')).toBe(true)
    expect(text.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1)
    // 3.5 × 2.5 in in points
    expect(text).toMatch(/\/MediaBox\s*\[0 0 252 180\]/)
  })

  it('downloads CSV and JSON with every epoch of every plotted run', async () => {
    await openMenu('csv')
    const [csv] = await downloads('Save')
    expect(csv.name).toBe(`${STEM}-train-loss.csv`)
    const lines = csv.bytes.toString('utf8').trim().split('\n')
    expect(lines[0]).toBe('run_id,label,experiment,model,seed,preset,metric,epoch,wall_time_s,value,smoothed')
    expect(lines).toHaveLength(1 + 3 * EPOCHS)
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(['1', '2', '3']))

    await openMenu('json')
    const [json] = await downloads('Save')
    expect(json.name).toBe(`${STEM}-train-loss.json`)
    const data = JSON.parse(json.bytes.toString('utf8')) as { metric: string; runs: { runId: number; label: string; epoch: number[] }[] }
    expect(data.metric).toBe('train')
    expect(data.runs.map((r) => r.runId)).toEqual([1, 2, 3])
    expect(data.runs.map((r) => r.label)).toEqual(legend)
    for (const r of data.runs) expect(r.epoch).toHaveLength(EPOCHS)
  })

  it('downloads the figure set: training and extrapolation loss, named after the experiment, legend by architecture', async () => {
    await openMenu('svg', 'two-column')
    const files = await downloads('Export figure set', 2)
    expect(files.map((f) => f.name)).toEqual([`${STEM}-train-loss.svg`, `${STEM}-extrap-loss.svg`])
    const [train, extrap] = files.map((f) => svgWords(f.bytes))
    expect(train).toContain(`${EXPERIMENT}: Training loss (MSE)`)
    expect(extrap).toContain(`${EXPERIMENT}: Extrapolation test loss (MSE)`)
    for (const words of [train, extrap]) for (const model of ['vanilla', 'nac', 'nalu(article)']) expect(words.split(' ')).toContain(model)
    await expect.poll(() => page.locator('.export-menu .panel').count()).toBe(0)
  })
})
