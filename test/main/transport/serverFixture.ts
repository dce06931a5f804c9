import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { WebSocket, type RawData } from 'ws'
import { Router } from '../../../src-main/ipc/router'
import { EventHub } from '../../../src-main/ipc/events'
import { startBrowserServer, type BrowserServer } from '../../../src-main/transport/http'

export const info = { version: '1.0.0', transport: 'browser' as const, dbPath: '/tmp/x.db', cores: 2, backends: ['fused'] }

/** A browser server over a small built renderer and a router with a few handlers. */
export async function startTestServer(setup: (router: Router) => void = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-http-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>NALU Lab</title>')
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, '..', 'secret.txt'), 'secret')
  const router = new Router()
  router.handle('app.info', () => info)
  setup(router)
  const events = new EventHub(true)
  const logged: string[] = []
  const server: BrowserServer = await startBrowserServer({ router, events, rendererDir: dir, log: (m) => logged.push(m) })
  return { server, events, logged, dir }
}

export function connect(port: number, path: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('error', () => resolve({ status: -1 }))
  })
}

/** A message's text; ws hands a client a Buffer unless told otherwise. */
export function messageText(data: RawData): string {
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8')
}

export function call(ws: WebSocket, msg: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(messageText(d))))
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg))
  })
}

/** The check every crash test ends with: the server still answers a valid request over a new socket. */
export async function stillAnswers(server: Pick<BrowserServer, 'url' | 'port' | 'token'>): Promise<boolean> {
  const page = await fetch(server.url).catch(() => null)
  if (page?.status !== 200) return false
  const conn = await connect(server.port, `/api?token=${server.token}`)
  if (!('ws' in conn)) return false
  const reply = (await call(conn.ws, { type: 'invoke', id: 1, channel: 'app.info', payload: {} })) as { result: { ok: boolean } }
  conn.ws.close()
  return reply.result.ok
}

export interface ChildServer {
  port: number
  token: string
  url: string
  /** null while the process runs */
  exitCode(): number | null
  stderr(): string
  stop(): void
}

/** startTestServer's server in a child process (see childServer.ts). */
export function startChildServer(): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['--import', join(__dirname, '..', '..', '..', 'tools', 'source.mjs'), join(__dirname, 'childServer.ts')],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let err = ''
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.once('exit', (code) => reject(new Error(`test server exited (${code}): ${err}`)))
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (!out.includes('\n')) return
      const { port, token, url } = JSON.parse(out) as { port: number; token: string; url: string }
      resolve({
        port,
        token,
        url,
        exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
        stderr: () => err,
        stop: () => child.kill()
      })
    })
  })
}
