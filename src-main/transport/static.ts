import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import type { ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

/** The same policy the Electron window gets, sent as a header too (the page also carries it). */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/** The page itself: the only file that needs the token (the rest is the public build's assets). */
export function isDocument(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html'
}

/** The file under root a request path names, or null (broken escape, NUL, traversal, no such file). */
export function resolveStatic(root: string, pathname: string): string | null {
  let rel: string
  try {
    rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
  } catch {
    return null
  }
  if (rel.includes('\0')) return null
  const file = normalize(join(root, rel))
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return null
  try {
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/** Serve one file of the built renderer; false if there is no such file (path traversal included). */
export function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): boolean {
  const file = resolveStatic(root, pathname)
  if (!file) return false
  // opened before the status goes out: a file removed since the stat is still a clean 404
  const stream = createReadStream(file)
  stream.once('error', () => {
    if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n')
    else res.destroy()
  })
  stream.once('open', () => {
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...headers
    })
    stream.pipe(res)
  })
  return true
}
