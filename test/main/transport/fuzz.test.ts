import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frame, sendFrames, sendRaw } from './rawClient'
import { startChildServer, stillAnswers, type ChildServer } from './serverFixture'

/**
 * A few hundred generated malformed requests, cookies, upgrades and frames at a running server
 * (its own process, so a crash shows), then a valid request must still be answered. Seeded: a failure
 * names its seed and case, and reruns the same.
 */
const SEED = Number(process.env.NALU_FUZZ_SEED ?? 20261130)
const CASES = 300
const PARALLEL = 20

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Case = { kind: string; run: (s: ChildServer) => Promise<unknown> }

function generator(rand: () => number) {
  const int = (n: number) => Math.floor(rand() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)))
  const pieces = [
    '/',
    '//',
    '[',
    ']',
    '%',
    '%E0%A4%A',
    '%C3%28',
    '%00',
    '%2F..',
    '..',
    '/api',
    '/assets/app.js',
    '/index.html',
    '?',
    '#',
    '&',
    '=',
    '@',
    ':',
    '\\',
    '%u0041',
    '%%',
    '%ZZ',
    'é',
    '\u0000'
  ]
  const path = () =>
    Array.from({ length: 1 + int(6) }, () => (rand() < 0.15 ? bytes(1 + int(4)).toString('latin1') : pick(pieces))).join('')
  const token = (s: ChildServer) => pick([s.token, `${s.token}x`, '%', '%E0%A4%A', '', s.token.slice(1), encodeURIComponent(s.token)])
  const target = (s: ChildServer) => (rand() < 0.5 ? `${path()}?token=${token(s)}` : path())
  const cookie = (s: ChildServer) =>
    `Cookie: ${pick(['nalu_lab_token', 'a', '', '=', `nalu_lab_token_${s.port}`])}=${pick([s.token, '%E0%A4%A', '%', '"', ';;;', bytes(8).toString('latin1')])}\r\n`
  const header = (s: ChildServer) =>
    pick([
      `Host: 127.0.0.1:${s.port}\r\n`,
      `Host: evil.example:${s.port}\r\n`,
      'Host: [\r\n',
      '',
      `Origin: ${pick(['null', 'http://evil.example', `http://127.0.0.1:${s.port}`, '%', '//['])}\r\n`,
      cookie(s),
      `Content-Length: ${pick(['5', '-1', 'abc', '99999999999'])}\r\n`,
      'Transfer-Encoding: chunked\r\n',
      `X-Long: ${'a'.repeat(int(20_000))}\r\n`,
      `${bytes(6).toString('latin1')}: x\r\n`
    ])
  const headers = (s: ChildServer) => Array.from({ length: int(5) }, () => header(s)).join('')

  const http: Case = {
    kind: 'http',
    run: (s) =>
      sendRaw(
        s.port,
        `${pick(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'G ET', 'GET\u0000'])} ${target(s)} ${pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9', ''])}\r\n` +
          `${headers(s)}Connection: close\r\n\r\n${rand() < 0.3 ? bytes(int(64)).toString('latin1') : ''}`,
        400
      )
  }
  const upgrade: Case = {
    kind: 'upgrade',
    run: (s) =>
      sendRaw(
        s.port,
        `GET ${rand() < 0.5 ? `/api?token=${token(s)}` : target(s)} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n${headers(s)}` +
          `Upgrade: ${pick(['websocket', 'WebSocket', 'h2c', ''])}\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${pick(['dGhlIHNhbXBsZSBub25jZQ==', '', '%', 'x'.repeat(40)])}\r\nSec-WebSocket-Version: ${pick(['13', '8', 'x'])}\r\n\r\n`,
        400
      )
  }
  const message = () =>
    pick([
      '{',
      'null',
      '[]',
      '"x"',
      '{"type":"invoke"}',
      JSON.stringify({
        type: 'invoke',
        id: int(100),
        channel: pick(['app.info', 'runs.get', 'runs.series', 'runs.facets', 'nope', '__proto__']),
        payload: pick([{}, null, { id: -1 }, { ids: [1] }, 'x', [1]])
      }),
      '{"type":"invoke","id":1,"channel":"app.info","payload":{"$nonFinite":"NaN"}}',
      '{"__proto__":{"type":"invoke"}}'
    ])
  const frames: Case = {
    kind: 'frames',
    run: (s) => {
      const list = Array.from({ length: 1 + int(4) }, () =>
        rand() < 0.4
          ? frame({ opcode: 1, payload: Buffer.from(message()) })
          : frame({
              opcode: int(16),
              rsv: rand() < 0.3 ? int(8) : 0,
              fin: rand() < 0.8,
              masked: rand() < 0.85,
              payload: rand() < 0.5 ? bytes(int(300)) : Buffer.from(message()),
              declaredLength: rand() < 0.1 ? pick([126, 65_536, 2 ** 32, 2 ** 40, 2 ** 53 - 1]) : undefined
            })
      )
      return sendFrames(s.port, s.token, list, 300)
    }
  }
  return () => pick([http, http, upgrade, frames, frames])
}

let server: ChildServer
beforeAll(async () => {
  server = await startChildServer()
})
afterAll(() => server.stop())

describe('fuzzing the browser server', () => {
  it(`survives ${CASES} generated malformed requests and frames (seed ${SEED}) and still answers a valid request`, async () => {
    const next = generator(mulberry32(SEED))
    const cases = Array.from({ length: CASES }, next)
    for (let i = 0; i < cases.length; i += PARALLEL) {
      await Promise.all(cases.slice(i, i + PARALLEL).map((c) => c.run(server).catch(() => undefined)))
      expect(server.exitCode(), `server died during cases ${i}–${i + PARALLEL - 1} (seed ${SEED}): ${server.stderr()}`).toBeNull()
    }
    expect(await stillAnswers(server)).toBe(true)
    expect(server.exitCode()).toBeNull()
  }, 60_000)
})
