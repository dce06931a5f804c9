import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Download, Page } from 'playwright-core'

export interface Downloaded {
  name: string
  bytes: Buffer
}

/**
 * Presses the button named `button` and collects the `count` downloads it starts, saved into
 * `dir` under the names the page suggested. After `timeoutMs` it fails saying what the export
 * menu showed instead (an error from the main side, a refusal), not just that nothing came.
 */
export async function pressForDownloads(page: Page, dir: string, button: string, count = 1, timeoutMs = 30_000): Promise<Downloaded[]> {
  const got: Download[] = []
  const all = new Promise<void>((resolve) => {
    const on = (d: Download): void => {
      got.push(d)
      if (got.length === count) {
        page.off('download', on)
        resolve()
      }
    }
    page.on('download', on)
  })
  await page.getByRole('button', { name: button, exact: true }).click()
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void page
        .locator('.export-menu .panel')
        .first()
        .innerText()
        .catch(() => '(menu closed)')
        .then((panel) => reject(new Error(`${got.length} of ${count} downloads after ${timeoutMs / 1000} s; the menu said:\n${panel}`)))
    }, timeoutMs)
  })
  await Promise.race([all, late]).finally(() => clearTimeout(timer))
  return Promise.all(
    got.map(async (d) => {
      const path = join(dir, d.suggestedFilename())
      await d.saveAs(path)
      return { name: d.suggestedFilename(), bytes: readFileSync(path) }
    })
  )
}
