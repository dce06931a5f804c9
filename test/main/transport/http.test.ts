import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { WebSocket } from 'ws'
import { Router } from '../../../src-main/ipc/router'
import { EventHub } from '../../../src-main/ipc/events'
import { startBrowserServer, type BrowserServer } from '../../../src-main/transport/http'

const info = { version: '1.0.0', transport: 'browser' as const, dbPath: '/tmp/x.db', cores: 2, backends: ['fused'] }
let server: BrowserServer
const events = new EventHub(true)

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-http-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>NALU Lab</title>')
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, '..', 'secret.txt'), 'secret')
  const router = new Router()
  router.handle('app.info', () => info)
  router.handle('runs.get', () => {
    throw new Error('never reached with an invalid id')
  })
  server = await startBrowserServer({ router, events, rendererDir: dir })
})
afterAll(() => server.close())

function connect(path: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
  })
}
function call(ws: WebSocket, msg: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString())))
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg))
  })
}

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and announces a tokenised URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses a page request without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(res.status).toBe(403)
    expect(await res.text()).toMatch(/token/)
  })

  it('serves the page with the token, with a CSP, and trades the token for an HttpOnly cookie', async () => {
    const res = await fetch(server.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    const asset = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] } })
    expect(asset.status).toBe(200)
    const traversal = await fetch(`http://127.0.0.1:${server.port}/..%2Fsecret.txt?token=${server.token}`)
    expect(traversal.status).toBe(404)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    // fetch may not set Host, so a raw request, as a rebinding page's browser would send it
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }).on('error', reject).end()
    })
    expect(status).toBe(403)
  })

  it('refuses sockets without the token or from a foreign Origin', async () => {
    expect(await connect('/api')).toEqual({ status: 403 })
    expect(await connect(`/api?token=${server.token}x`)).toEqual({ status: 403 })
    expect(await connect(`/api?token=${server.token}`, { origin: 'http://evil.example' })).toEqual({ status: 403 })
  })

  it('carries the contract round trip and events over the socket', async () => {
    const conn = await connect(`/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })
    if (!('ws' in conn)) throw new Error(`socket refused: ${conn.status}`)
    expect(await call(conn.ws, { type: 'invoke', id: 4, channel: 'app.info', payload: {} })).toEqual({
      type: 'result', id: 4, result: { ok: true, value: info }
    })
    const bad = (await call(conn.ws, { type: 'invoke', id: 5, channel: 'runs.get', payload: { id: -1 } })) as {
      result: { ok: boolean; error: { field: string } }
    }
    expect(bad.result.ok).toBe(false)
    expect(bad.result.error.field).toBe('id')
    expect(await call(conn.ws, 'not json')).toMatchObject({ type: 'result', id: 0, result: { ok: false, error: { code: 'invalid' } } })
    const event = new Promise((resolve) => conn.ws.once('message', (d) => resolve(JSON.parse(d.toString()))))
    events.emit('runs.changed', { reason: 'created' })
    expect(await event).toEqual({ type: 'event', channel: 'runs.changed', payload: { reason: 'created' } })
    conn.ws.close()
  })
})
