import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { frame, sendFrames, sendRaw } from './rawClient'
import { call, connect, startChildServer, stillAnswers, type ChildServer } from './serverFixture'

let server: ChildServer

beforeAll(async () => {
  server = await startChildServer()
})
afterAll(() => server.stop())
afterEach(() => {
  // a crash is the failure these tests look for: say so rather than time out on a dead port
  expect(server.exitCode(), server.stderr()).toBeNull()
})

const get = (path: string, headers = '') =>
  sendRaw(server.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${headers}Connection: close\r\n\r\n`)
const upgrade = (path: string) =>
  sendRaw(
    server.port,
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
  )
const status = (response: string) => Number(response.split(' ')[1])

describe('malformed URLs and escapes, before and after the token check', () => {
  it('answers 400 to a target that is not a URL, with or without the token (an <img> on any page can send it)', async () => {
    expect(status(await get('//['))).toBe(400)
    expect(status(await get(`//[?token=${server.token}`))).toBe(400)
    expect(await stillAnswers(server)).toBe(true)
  })

  it('answers a broken percent-escape in the path with 400, with the token too', async () => {
    expect(status(await get('/%E0%A4%A'))).toBe(400)
    expect(status(await get(`/%E0%A4%A?token=${server.token}`))).toBe(400)
    expect(status(await get(`/assets/%?token=${server.token}`))).toBe(400)
    expect(await stillAnswers(server)).toBe(true)
  })

  it('ignores a cookie with a broken escape (the token is never read from a cookie)', async () => {
    expect(status(await get('/', 'Cookie: nalu_lab_token=%E0%A4%A\r\n'))).toBe(403)
    expect(status(await get(`/?token=${server.token}`, 'Cookie: nalu_lab_token=%E0%A4%A; x=%\r\n'))).toBe(200)
    expect(await stillAnswers(server)).toBe(true)
  })

  it('refuses the same targets on the WebSocket upgrade', async () => {
    for (const path of ['//[', `//[?token=${server.token}`, `/api%?token=${server.token}`, `/%E0%A4%A?token=${server.token}`]) {
      expect(await upgrade(path)).toMatch(/^HTTP\/1\.1 403/)
    }
    expect(await stillAnswers(server)).toBe(true)
  })
})

describe('WebSocket protocol errors close that socket only', () => {
  const text = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s) : s)
  const closeCode = (bytes: Buffer) => {
    const at = bytes.indexOf(0x88)
    return at >= 0 && bytes[at + 1] >= 2 ? bytes.readUInt16BE(at + 2) : null
  }
  const closeWith = (code: number) => {
    const b = Buffer.alloc(2)
    b.writeUInt16BE(code)
    return b
  }
  it.each([
    ['invalid UTF-8 in a text frame', [frame({ opcode: 1, payload: text(Buffer.from([0xc3, 0x28])) })], 1007],
    ['an unmasked client frame', [frame({ opcode: 1, payload: text('{}'), masked: false })], 1002],
    ['RSV bits set', [frame({ opcode: 1, rsv: 0b011, payload: text('{}') })], 1002],
    ['an unknown opcode', [frame({ opcode: 0x3, payload: text('{}') })], 1002],
    ['an oversize control frame', [frame({ opcode: 0x9, payload: Buffer.alloc(200) })], 1002],
    ['a fragmented control frame', [frame({ opcode: 0x9, fin: false })], 1002],
    ['a bad close code', [frame({ opcode: 0x8, payload: closeWith(999) })], 1002],
    ['a declared length over the limit', [frame({ opcode: 2, declaredLength: 2 ** 40 })], 1009],
    ['a continuation without a start', [frame({ opcode: 0, payload: text('x') })], 1002]
  ])('%s', async (_name, frames, code) => {
    const reply = await sendFrames(server.port, server.token, frames)
    expect(closeCode(reply)).toBe(code)
    expect(await stillAnswers(server)).toBe(true)
  })
})

describe('answers that cannot be encoded become a typed error for that request', () => {
  it('a result longer than the longest string V8 can build', async () => {
    const conn = await connect(server.port, `/api?token=${server.token}`)
    if (!('ws' in conn)) throw new Error('socket refused')
    const reply = (await call(conn.ws, { type: 'invoke', id: 9, channel: 'runs.series', payload: { ids: [1] } })) as {
      id: number
      result: { ok: boolean; error: { code: string; message: string } }
    }
    expect(reply.id).toBe(9)
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(reply.result.error.message).toMatch(/answer to runs\.series is too large to send/)
    // the same socket goes on working
    expect(await call(conn.ws, { type: 'invoke', id: 10, channel: 'app.info', payload: {} })).toMatchObject({
      id: 10,
      result: { ok: true }
    })
    conn.ws.close()
  })

  it('a result the encoder rejects for another reason', async () => {
    const conn = await connect(server.port, `/api?token=${server.token}`)
    if (!('ws' in conn)) throw new Error('socket refused')
    const reply = (await call(conn.ws, { type: 'invoke', id: 3, channel: 'runs.facets', payload: {} })) as {
      result: { ok: boolean; error: { code: string; message: string } }
    }
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(reply.result.error.message).toMatch(/could not be encoded.*BigInt/)
    conn.ws.close()
  })
})
