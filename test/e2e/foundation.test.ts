import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser } from '../helpers/browser'

// without any browser the file skips (hooks included) and says why on the console
const noBrowser = browserMissing()

let serve: ServeHandle
let browser: Browser

beforeAll(async () => {
  serve = await startServe()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe.skipIf(noBrowser)('browser mode, end to end', () => {
  it('renders the shell in Chromium with no console errors and answers over the contract', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    const res = await page.goto(serve.url)
    expect(res?.status()).toBe(200)
    await page.waitForSelector('#app nav')
    expect(await page.title()).toBe('NALU Lab')

    // one round trip through the same socket transport the renderer uses
    const info = await page.evaluate(
      async ({ origin, token }) => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`)
        await new Promise((r) => ws.addEventListener('open', r))
        const reply = new Promise<string>((r) => ws.addEventListener('message', (e) => r(String(e.data))))
        ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app.info', payload: {} }))
        return JSON.parse(await reply) as unknown
      },
      { origin: serve.origin, token: serve.token }
    )
    expect(info).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { transport: 'browser', dbPath: serve.dbPath } } })

    // and the renderer itself fetched the presets through its adapter
    await expect.poll(() => page.getByText(/article/i).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses a page or a socket without the token', async () => {
    const res = await fetch(`${serve.origin}/`)
    expect(res.status).toBe(403)
    const page = await browser.newPage()
    const direct = await page.goto(`${serve.origin}/`)
    expect(direct?.status()).toBe(403)
    const refused = await page.evaluate(
      (origin) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`)
          ws.addEventListener('open', () => resolve('open'))
          ws.addEventListener('error', () => resolve('refused'))
        }),
      serve.origin
    )
    expect(refused).toBe('refused')
    await page.close()
  })
})

describe.skipIf(noBrowser)('browser mode when the server goes away', () => {
  it('tells the user at once, in the page, what happened and what to do', async () => {
    const page = await browser.newPage()
    await page.goto(serve.url)
    await page.waitForSelector('#app nav')
    await serve.stop()
    await expect.poll(() => page.getByText(/Connection to NALU Lab closed.*npm run serve/).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.close()
  })
})
