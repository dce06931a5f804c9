import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const ROOT = join(import.meta.dirname, '..', '..')
const SPARTICUZ = '@sparticuz/chromium'

/** Flags every Chromium here needs: no sandbox as root, no GPU, and no calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/** Where a browser was found: a path to run, or the package whose binary is unpacked on first launch. */
export type BrowserSource =
  | { kind: 'path'; path: string; from: 'CHROMIUM_PATH' | 'system' }
  | { kind: 'package'; packageDir: string }
  | { kind: 'missing'; reason: string }

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

/** Fixed install places that are not on PATH (macOS app bundles, Windows program folders, snap). */
function knownPaths(): string[] {
  if (process.platform === 'darwin') {
    return [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
    ].map((p) => join('/Applications', p))
  }
  if (process.platform === 'win32') {
    const roots = [process.env.LOCALAPPDATA, process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)']].filter((r): r is string => !!r)
    return roots.flatMap((r) => [
      join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(r, 'Chromium', 'Application', 'chrome.exe'),
      join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')
    ])
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium']
}

function onPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const p = join(dir, process.platform === 'win32' ? `${name}.exe` : name)
    if (existsSync(p)) return p
  }
  return null
}

/**
 * The browser the end-to-end tests drive, in this order: CHROMIUM_PATH; a Chromium, Chrome or Edge
 * installed on the system; the Chromium inside the @sparticuz/chromium dev dependency (Linux x64
 * only: the package carries no other build). Synchronous, so test files can skip at collection.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserSource {
  const fromEnv = env.CHROMIUM_PATH
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { kind: 'path', path: fromEnv, from: 'CHROMIUM_PATH' }
      : { kind: 'missing', reason: `CHROMIUM_PATH is set to ${fromEnv}, which does not exist` }
  }
  for (const name of NAMES) {
    const p = onPath(name, env.PATH ?? '')
    if (p) return { kind: 'path', path: p, from: 'system' }
  }
  for (const p of knownPaths()) if (existsSync(p)) return { kind: 'path', path: p, from: 'system' }
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      // its exports map hides package.json: the entry is build/index.js, one folder below the package
      const entry = createRequire(join(ROOT, 'package.json')).resolve(SPARTICUZ)
      return { kind: 'package', packageDir: dirname(dirname(entry)) }
    } catch {
      return {
        kind: 'missing',
        reason: `no Chromium or Chrome found, and the dev dependency ${SPARTICUZ} is not installed (npm install, or set CHROMIUM_PATH)`
      }
    }
  }
  return {
    kind: 'missing',
    reason: `no Chromium, Chrome or Edge found on this ${process.platform}-${process.arch} machine (${SPARTICUZ} carries Linux x64 only); install one or set CHROMIUM_PATH`
  }
}

let announced = false
/**
 * Null when a browser is there; otherwise why not, also written once to the console so that a
 * skipped end-to-end file says so on screen and not only in the JSON report.
 */
export function browserMissing(): string | null {
  const found = findBrowser()
  if (found.kind !== 'missing') return null
  if (!announced) console.warn(`End-to-end browser tests skipped: ${found.reason}`)
  announced = true
  return found.reason
}

/**
 * Unpacks the package's brotli-compressed Chromium once into node_modules/.cache. The package
 * unpacks into os.tmpdir(), so it runs in a child whose TMPDIR is a fresh folder that is renamed
 * into place when complete: two test runs at once never launch a half-written binary.
 */
function unpackPackagedChromium(packageDir: string): { path: string; fontConfig: string } {
  const { version } = createRequire(import.meta.url)(join(packageDir, 'package.json')) as { version: string }
  const cacheRoot = join(ROOT, 'node_modules', '.cache')
  const dir = join(cacheRoot, `sparticuz-chromium-${version}`)
  const done = { path: join(dir, 'chromium'), fontConfig: join(dir, 'fonts.conf') }
  if (existsSync(done.path) && existsSync(done.fontConfig)) return done
  mkdirSync(cacheRoot, { recursive: true })
  const tmp = mkdtempSync(join(cacheRoot, 'sparticuz-unpacking-'))
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { default: c } = await import(${JSON.stringify(SPARTICUZ)}); process.stdout.write(await c.executablePath())`
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
      timeout: 120_000
    }
  )
  if (r.status !== 0 || r.stdout.trim() !== join(tmp, 'chromium')) {
    rmSync(tmp, { recursive: true, force: true })
    throw new Error(`Unpacking the Chromium of ${SPARTICUZ} failed: ${r.stderr || r.stdout || `exit ${r.status}`}`)
  }
  // The package's fonts.conf looks in Lambda's folders only: this one keeps the system's fonts
  // (where there are any) and adds the package's Open Sans, so pages never render without text.
  writeFileSync(
    join(tmp, 'fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <dir>${join(dir, 'fonts', 'fonts')}</dir>`,
      `  <cachedir>${join(dir, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      ''
    ].join('\n')
  )
  try {
    renameSync(tmp, dir)
  } catch (err) {
    // another run finished first: use its copy
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(done.path)) throw err
  }
  return done
}

/** What to start for the browser findBrowser() found: its binary, environment and arguments. */
export function browserExecutable(): { path: string; env: NodeJS.ProcessEnv; args: string[] } {
  const found = findBrowser()
  if (found.kind === 'missing') throw new Error(found.reason)
  if (found.kind === 'path') return { path: found.path, env: process.env, args: CHROMIUM_ARGS }
  const unpacked = unpackPackagedChromium(found.packageDir)
  // the package's own fonts, so text renders the same with or without system fonts
  return { path: unpacked.path, env: { ...process.env, FONTCONFIG_FILE: unpacked.fontConfig }, args: [...CHROMIUM_ARGS, '--no-zygote'] }
}

export async function launchBrowser(): Promise<Browser> {
  const { path, env, args } = browserExecutable()
  // Playwright gives every launch a fresh, empty profile of its own
  return chromium.launch({ executablePath: path, env, args })
}

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots')

/** A full-page screenshot into SCREENSHOT_DIR, taken from the top so the sticky header sits where a user sees it. */
export async function screenshotFromTop(page: Page, name: string): Promise<void> {
  // a Live chart draws only in view (src-renderer/composables/useInView.ts): each is brought into
  // view once, so the capture shows what a user scrolling down would see
  const live = await page.locator('.live-chart').all()
  for (const chart of live) await chart.scrollIntoViewIfNeeded()
  if (live.length) await page.waitForTimeout(300)
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}
