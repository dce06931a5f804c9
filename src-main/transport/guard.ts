import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export interface Guard {
  readonly token: string
  /** null when the request comes from this server's own page (loopback Host, own or no Origin). */
  checkOrigin(req: IncomingMessage): string | null
  /** checkOrigin, then the per-launch token in the URL's query. */
  check(req: IncomingMessage, url: URL): string | null
}

/**
 * Browser mode's only defence on a shared machine: a per-launch token, the Host pinned to loopback
 * against DNS rebinding, and a same-origin Origin for anything the page itself sends.
 *
 * The token travels only in URLs (the page's, then the socket's), never in a cookie: browsers send a
 * 127.0.0.1 cookie to every port of that host, so any other local server would receive it.
 */
export function createGuard(port: () => number, token = randomBytes(24).toString('base64url')): Guard {
  const expected = Buffer.from(token)
  const matches = (candidate: string | null) => {
    if (!candidate) return false
    const got = Buffer.from(candidate)
    return got.length === expected.length && timingSafeEqual(got, expected)
  }
  const checkOrigin = (req: IncomingMessage): string | null => {
    const hosts = [`127.0.0.1:${port()}`, `localhost:${port()}`]
    if (!hosts.includes(req.headers.host ?? '')) return 'foreign host'
    const origin = req.headers.origin
    if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return 'foreign origin'
    return null
  }
  return {
    token,
    checkOrigin,
    check(req, url) {
      return checkOrigin(req) ?? (matches(url.searchParams.get('token')) ? null : 'missing or wrong token')
    }
  }
}

/**
 * The request target as a URL, or null when it is not one (`//[`, a bare `%`): every such request
 * gets a 400, whatever the token, instead of an exception in the server.
 */
export function parseTarget(target: string | undefined): URL | null {
  try {
    const url = new URL(target ?? '/', 'http://127.0.0.1')
    decodeURIComponent(url.pathname)
    return url
  } catch {
    return null
  }
}
