import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { WebSocket } from 'ws'
import type { Preset, RunRow } from '@shared/domain'
import { startServe, type ServeHandle } from '../helpers/serve'
import { browserMissing, launchBrowser, SCREENSHOT_DIR } from '../helpers/browser'
import { fillDisk, smallTmpfs } from '../helpers/tmpfs'

/**
 * Browser mode on a disk that fills up while runs train (a real tmpfs: root on Linux; elsewhere
 * test/main/jobs/diskFull.test.ts injects the fault instead). The server lives on, so no recovery
 * at a later open can tidy up: the runs must end failed while it runs, and the page must say why.
 */
const disk = browserMissing() ? null : smallTmpfs(24 * 1024 * 1024)
let serve: ServeHandle
let browser: Browser
let ws: WebSocket
let nextId = 1

function call<T>(channel: string, payload: unknown): Promise<T> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    const onMessage = (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; id: number; result: { ok: boolean; value: T; error: { message: string } } }
      if (m.type !== 'result' || m.id !== id) return
      ws.off('message', onMessage)
      if (m.result.ok) resolve(m.result.value)
      else reject(new Error(m.result.error.message))
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }))
  })
}

beforeAll(async () => {
  if (!disk) return
  // the build may be waiting for another build of the shared tree
  serve = await startServe({ dbPath: join(disk.dir, 'lab.db'), timeoutMs: 400_000 })
  browser = await launchBrowser()
  ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api?token=${serve.token}`)
  await new Promise((r) => ws.once('open', r))
}, 420_000)
afterAll(async () => {
  ws?.close()
  await browser?.close()
  await serve?.stop()
  disk?.cleanup()
})

describe.skipIf(!disk)('browser mode on a full disk', () => {
  it('ends every run failed with its epochs, says so on the page, and keeps serving', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(serve.url)
    await page.waitForSelector('#app nav')
    const article = (await call<Preset[]>('presets.list', {})).find((p) => p.name === 'article')!
    const spec = { ...article.spec, seeds: [1, 2], training: { ...article.spec.training, epochs: 100_000 } }
    const { runIds } = await call<{ runIds: number[] }>('experiments.run', spec)
    await expect
      .poll(async () => (await call<{ epoch: number }[]>('jobs.list', {})).some((j) => j.epoch > 2), { timeout: 60_000 })
      .toBe(true)

    const filler = fillDisk(disk!.dir)
    await expect.poll(async () => (await call<unknown[]>('jobs.list', {})).length, { timeout: 60_000 }).toBe(0)
    await expect.poll(() => page.getByText(/disk is full/).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'disk-full-notice.png') })

    rmSync(filler)
    const rows = async () => (await call<{ rows: RunRow[] }>('runs.list', { sort: 'id', dir: 'asc', limit: 1000 })).rows
    await expect
      .poll(async () => (await rows()).filter((r) => r.status === 'running' || r.status === 'queued').length, { timeout: 20_000 })
      .toBe(0)
    const ended = await rows()
    expect(ended.map((r) => r.id)).toEqual(runIds)
    expect(new Set(ended.map((r) => r.status))).toEqual(new Set(['failed']))
    expect(ended.some((r) => r.epochsDone > 0)).toBe(true)
    expect(await call<{ transport: string }>('app.info', {})).toMatchObject({ transport: 'browser' })
    await page.close()
  })
})
