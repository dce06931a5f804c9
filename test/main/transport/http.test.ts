import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { request } from 'node:http'
import type { BrowserServer } from '../../../src-main/transport/http'
import type { EventHub } from '../../../src-main/ipc/events'
import { call, connect, info, messageText, startTestServer } from './serverFixture'

let server: BrowserServer
let events: EventHub

beforeAll(async () => {
  ;({ server, events } = await startTestServer((router) =>
    router.handle('runs.get', () => {
      throw new Error('never reached with an invalid id')
    })
  ))
})
afterAll(() => server.close())

function rawStatus(path: string, host: string): Promise<number> {
  // fetch may not set Host, so a raw request, as a rebinding page's browser would send it
  return new Promise<number>((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
      .on('error', reject)
      .end()
  })
}

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and announces a tokenised URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses the page without the token', async () => {
    for (const path of ['/', '/index.html', `/?token=${server.token}x`]) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`)
      expect(res.status).toBe(403)
      expect(await res.text()).toMatch(/token/)
    }
  })

  it('serves the page with the token and a CSP, and never puts the token in a cookie', async () => {
    const res = await fetch(server.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    // a 127.0.0.1 cookie goes to every port of the host: any other local server would receive it
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('serves the public build assets without the token, but nothing outside the build', async () => {
    const asset = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`)
    expect(asset.status).toBe(200)
    expect(await asset.text()).toBe('console.log(1)')
    const traversal = await fetch(`http://127.0.0.1:${server.port}/..%2Fsecret.txt?token=${server.token}`)
    expect(traversal.status).toBe(404)
    expect((await fetch(`http://127.0.0.1:${server.port}/assets/app.js%00.png`)).status).toBe(404)
  })

  it('refuses a foreign Host header (DNS rebinding), for the page and for assets', async () => {
    expect(await rawStatus(`/?token=${server.token}`, `evil.example:${server.port}`)).toBe(403)
    expect(await rawStatus('/assets/app.js', `evil.example:${server.port}`)).toBe(403)
    expect(await rawStatus('/assets/app.js', `localhost:${server.port}`)).toBe(200)
  })

  it('refuses sockets without the token or from a foreign Origin; a cookie is no token', async () => {
    expect(await connect(server.port, '/api')).toEqual({ status: 403 })
    expect(await connect(server.port, `/api?token=${server.token}x`)).toEqual({ status: 403 })
    expect(await connect(server.port, `/api?token=${server.token}`, { origin: 'http://evil.example' })).toEqual({ status: 403 })
    // what a leaked cookie would have given another local server before
    expect(await connect(server.port, '/api', { cookie: `nalu_lab_token=${server.token}` })).toEqual({ status: 403 })
  })

  it('carries the contract round trip and events over the socket', async () => {
    const conn = await connect(server.port, `/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })
    if (!('ws' in conn)) throw new Error(`socket refused: ${conn.status}`)
    expect(await call(conn.ws, { type: 'invoke', id: 4, channel: 'app.info', payload: {} })).toEqual({
      type: 'result',
      id: 4,
      result: { ok: true, value: info }
    })
    const bad = (await call(conn.ws, { type: 'invoke', id: 5, channel: 'runs.get', payload: { id: -1 } })) as {
      result: { ok: boolean; error: { field: string } }
    }
    expect(bad.result.ok).toBe(false)
    expect(bad.result.error.field).toBe('id')
    expect(await call(conn.ws, 'not json')).toMatchObject({ type: 'result', id: 0, result: { ok: false, error: { code: 'invalid' } } })
    const event = new Promise((resolve) => conn.ws.once('message', (d) => resolve(JSON.parse(messageText(d)))))
    events.emit('runs.changed', { reason: 'created' })
    expect(await event).toEqual({ type: 'event', channel: 'runs.changed', payload: { reason: 'created' } })
    conn.ws.close()
  })

  it("sends a window's events as one frame, and never lets an answer overtake an event emitted before it", async () => {
    const conn = await connect(server.port, `/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })
    if (!('ws' in conn)) throw new Error(`socket refused: ${conn.status}`)
    type Frame = { type: string; events?: { channel: string }[]; id?: number }
    const frames: Frame[] = []
    conn.ws.on('message', (d) => frames.push(JSON.parse(messageText(d)) as Frame))
    events.emit('jobs.finished', { runId: 1, status: 'completed', error: null, divergedAtEpoch: null })
    events.emit('runs.changed', { reason: 'finished' })
    events.emit('runs.changed', { reason: 'finished' })
    // the answer comes at once, but only after the events waiting in the window
    conn.ws.send(JSON.stringify({ type: 'invoke', id: 9, channel: 'app.info', payload: {} }))
    await vi.waitFor(() => expect(frames).toHaveLength(2), { timeout: 2_000 })
    expect(frames.map((f) => f.type)).toEqual(['events', 'result'])
    expect(frames[0].events?.map((e) => e.channel)).toEqual(['jobs.finished', 'runs.changed'])
    conn.ws.close()
  })
})
