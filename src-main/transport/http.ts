import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Router } from '../ipc/router'
import type { EventHub } from '../ipc/events'
import { createGuard, TOKEN_COOKIE } from './guard'
import { attachSocketTransport } from './socket'
import { contentSecurityPolicy, serveStatic } from './static'

export interface BrowserServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * Browser mode: serve the built renderer and the contract on 127.0.0.1 only. Every HTTP request
 * and socket needs the per-launch token; the first page load trades it for an HttpOnly cookie.
 */
export async function startBrowserServer(opts: {
  router: Router
  events: EventHub
  rendererDir: string
  port?: number
  token?: string
}): Promise<BrowserServer> {
  let port = 0
  const guard = createGuard(() => port, opts.token)
  const sockets = attachSocketTransport({ router: opts.router, events: opts.events, guard })

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const refusal = guard.check(req, url)
    if (refusal) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Forbidden: ${refusal}\n`)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    const headers: Record<string, string> = { 'Content-Security-Policy': contentSecurityPolicy(port) }
    if (url.searchParams.get('token')) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(guard.token)}; HttpOnly; SameSite=Strict; Path=/`
    }
    if (!serveStatic(opts.rendererDir, url.pathname, res, headers)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n')
    }
  })
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head))

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    port,
    token: guard.token,
    url: `http://127.0.0.1:${port}/?token=${guard.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
