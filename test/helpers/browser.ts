import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags this machine's Chromium needs: no sandbox as root, no GPU, and no calls home. */
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

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`
}

export async function launchBrowser(): Promise<Browser> {
  const missing = chromiumMissing()
  if (missing) throw new Error(missing)
  return chromium.launch({
    executablePath: CHROMIUM,
    // Playwright gives every launch a fresh, empty profile of its own
    args: CHROMIUM_ARGS
  })
}

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots')
