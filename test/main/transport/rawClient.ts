import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'

/**
 * Raw bytes at the browser server, below what `fetch` and `ws` let a test send: request lines they
 * would reject, and WebSocket frames that break the protocol.
 */
export function sendRaw(port: number, bytes: Buffer | string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(Buffer.concat(chunks).toString('latin1'))
    }
    const timer = setTimeout(done, timeoutMs)
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', done)
    socket.on('close', done)
    socket.write(bytes)
  })
}

export interface Frame {
  fin?: boolean
  rsv?: number
  opcode: number
  masked?: boolean
  payload?: Buffer
  /** a length to announce instead of the payload's own */
  declaredLength?: number
}

/** One WebSocket frame (RFC 6455 §5.2), as a client would send it unless told otherwise. */
export function frame(f: Frame): Buffer {
  const payload = f.payload ?? Buffer.alloc(0)
  const len = f.declaredLength ?? payload.length
  const head = [((f.fin ?? true) ? 0x80 : 0) | ((f.rsv ?? 0) << 4) | f.opcode]
  const maskBit = (f.masked ?? true) ? 0x80 : 0
  let ext = Buffer.alloc(0)
  if (len < 126) head.push(maskBit | len)
  else if (len < 65536) {
    head.push(maskBit | 126)
    ext = Buffer.alloc(2)
    ext.writeUInt16BE(len)
  } else {
    head.push(maskBit | 127)
    ext = Buffer.alloc(8)
    ext.writeBigUInt64BE(BigInt(len))
  }
  if (!(f.masked ?? true)) return Buffer.concat([Buffer.from(head), ext, payload])
  const mask = randomBytes(4)
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))
  return Buffer.concat([Buffer.from(head), ext, mask, body])
}

/** An open socket that completed the WebSocket handshake, to write frames on. */
export function openRawSocket(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let got = ''
    socket.once('error', reject)
    socket.on('data', function onData(c) {
      got += c.toString('latin1')
      if (!got.includes('\r\n\r\n')) return
      socket.off('data', onData)
      if (got.startsWith('HTTP/1.1 101')) resolve(socket)
      else reject(new Error(`handshake refused: ${got.split('\r\n')[0]}`))
    })
    socket.write(
      `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
    )
  })
}

/** Writes frames on a fresh socket; resolves with what the server sent back once it closes or goes quiet. */
export async function sendFrames(port: number, token: string, frames: Buffer[], timeoutMs = 1500): Promise<Buffer> {
  const socket = await openRawSocket(port, token)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(Buffer.concat(chunks))
    }
    const timer = setTimeout(done, timeoutMs)
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', done)
    socket.on('close', done)
    for (const f of frames) socket.write(f)
  })
}
