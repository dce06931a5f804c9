import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Router } from '../ipc/router'
import type { EventHub } from '../ipc/events'
import { createGuard, parseTarget, type Guard } from './guard'
import { attachSocketTransport } from './socket'
import { contentSecurityPolicy, isDocument, serveStatic } from './static'

export interface BrowserServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`)
}

/** One HTTP request; anything it throws is answered by the caller with a 500, never a crash. */
function answer(req: IncomingMessage, res: ServerResponse, guard: Guard, rendererDir: string, port: number): void {
  const url = parseTarget(req.url)
  if (!url) return plain(res, 400, 'Bad request: the path is not a valid URL')
  const refusal = isDocument(url.pathname) ? guard.check(req, url) : guard.checkOrigin(req)
  if (refusal) return plain(res, 403, `Forbidden: ${refusal}`)
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(port), 'Referrer-Policy': 'no-referrer' }
  if (!serveStatic(rendererDir, url.pathname, res, headers)) plain(res, 404, 'Not found')
}

/**
 * Browser mode: serve the built renderer and the contract on 127.0.0.1 only. The page and every
 * socket need the per-launch token; the page's assets are the public build and need only the
 * loopback Host. No request, however malformed, may stop the server: it carries every running job.
 */
export async function startBrowserServer(opts: {
  router: Router
  events: EventHub
  rendererDir: string
  port?: number
  token?: string
  log?: (message: string) => void
}): Promise<BrowserServer> {
  let port = 0
  const guard = createGuard(() => port, opts.token)
  const sockets = attachSocketTransport({ router: opts.router, events: opts.events, guard, log: opts.log })

  const server: Server = createServer((req, res) => {
    try {
      answer(req, res, guard, opts.rendererDir, port)
    } catch (err) {
      opts.log?.(`browser server: ${(err as Error).stack ?? String(err)}`)
      if (!res.headersSent) plain(res, 500, 'Internal error')
      else res.destroy()
    }
  })
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head))

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  // after listening, an accept failure (EMFILE, …) is the server's 'error': logged, never thrown
  server.on('error', (err) => opts.log?.(`browser server: ${err.message}`))
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
