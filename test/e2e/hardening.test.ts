import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser } from '../helpers/browser'
import { sendRaw } from '../main/transport/rawClient'

// without any browser the file skips (hooks included) and says why on the console
const noBrowser = browserMissing()

let serve: ServeHandle
let browser: Browser

beforeAll(async () => {
  if (noBrowser) return
  serve = await startServe()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe.skipIf(noBrowser)('browser mode under attack and under its own CSP', () => {
  it('loads with no CSP violation at all: zod is configured before anything can probe eval', async () => {
    const page = await browser.newPage()
    const messages: string[] = []
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`))
    // page-side code as text: this file is type-checked without the DOM library
    await page.addInitScript(`window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI))`)
    await page.goto(serve.url)
    await page.waitForSelector('#app nav')
    // the presets came through zod-validated responses: every schema has parsed by now
    await expect.poll(() => page.getByText(/article/i).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await page.evaluate('window.violations')).toEqual([])
    expect(messages.filter((m) => /eval|Content Security Policy/i.test(m))).toEqual([])
    // a refused script of the page's own: the listener sees it (once per policy, header and meta), so the
    // empty list above means something
    await page.evaluate(`document.body.append(Object.assign(document.createElement('script'), { textContent: 'void 0' }))`)
    await expect.poll(() => page.evaluate('window.violations.length')).toBeGreaterThan(0)
    await page.close()
  })

  it('a page on another origin sending `//[` (an <img>) does not stop the server', async () => {
    const attacker = await browser.newPage()
    await attacker.setContent(`<img src="http://127.0.0.1:${new URL(serve.origin).port}//[">`)
    expect(
      await sendRaw(
        Number(new URL(serve.origin).port),
        `GET //[ HTTP/1.1\r\nHost: ${new URL(serve.origin).host}\r\nConnection: close\r\n\r\n`
      )
    ).toMatch(/^HTTP\/1\.1 400/)
    await attacker.close()
    const page = await browser.newPage()
    expect((await page.goto(serve.url))?.status()).toBe(200)
    await page.waitForSelector('#app nav')
    await page.close()
  })
})
