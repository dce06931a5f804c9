import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'nalu_lab_token'

export interface Guard {
  readonly token: string
  /** null when the request may pass, else the reason it is refused. */
  check(req: IncomingMessage, url: URL): string | null
}

/**
 * Browser mode's only defence on a shared machine: a per-launch token (in the URL once, then an
 * HttpOnly cookie for the page's own assets), the Host pinned to loopback against DNS rebinding,
 * and a same-origin Origin for anything the page itself sends.
 */
export function createGuard(port: () => number, token = randomBytes(24).toString('base64url')): Guard {
  const expected = Buffer.from(token)
  const matches = (candidate: string | null | undefined) => {
    if (!candidate) return false
    const got = Buffer.from(candidate)
    return got.length === expected.length && timingSafeEqual(got, expected)
  }
  return {
    token,
    check(req, url) {
      const hosts = [`127.0.0.1:${port()}`, `localhost:${port()}`]
      if (!hosts.includes(req.headers.host ?? '')) return 'foreign host'
      const origin = req.headers.origin
      if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return 'foreign origin'
      if (matches(url.searchParams.get('token')) || matches(readCookie(req, TOKEN_COOKIE))) return null
      return 'missing or wrong token'
    }
  }
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}
