import type { IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import type { Duplex } from 'node:stream'
import type { RawData, WebSocket } from 'ws'
import { decodeWire, type ClientMessage, type ServerMessage } from '@shared/wire'
import { MAX_MESSAGE_BYTES } from '@shared/limits'
import type { Router } from '../ipc/router'
import type { EventHub } from '../ipc/events'
import { parseTarget, type Guard } from './guard'
import { encodeReply } from './reply'
import { EventBatch } from './eventBatch'

type ResultMessage = Extract<ServerMessage, { type: 'result' }>

// ws is CommonJS: required, it loads in 0.02 s of CPU; imported, Node's ES-module wrapper around
// it takes 0.07 s of every browser-mode start (docs/store.md, "Start-up")
const { WebSocketServer } = createRequire(import.meta.url)('ws') as typeof import('ws')

const MALFORMED: ResultMessage = {
  type: 'result',
  id: 0,
  result: { ok: false, error: { code: 'invalid', message: 'Malformed message: expected {type:"invoke", id, channel, payload}' } }
}

/**
 * Browser mode's transport: the contract over a WebSocket at /api. Every socket must present the
 * per-launch token and a same-origin (or absent) Origin; every message goes through the router.
 * A protocol error (bad frame, bad UTF-8, oversize message) closes that socket only.
 */
export function attachSocketTransport(opts: { router: Router; events: EventHub; guard: Guard; log?: (m: string) => void }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()
  const log = opts.log ?? (() => {})

  // events go out a window at a time (eventBatch.ts), each encoded once for every socket
  const batch = new EventBatch((text) => {
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text)
  })
  const unsubscribe = opts.events.subscribe((channel, payload) => {
    const text = encodeReply({ type: 'event', channel, payload }, log)
    if (text !== null) batch.add(channel, text)
  })

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    // ws closes the socket itself after a protocol error; without a listener the error would be thrown
    ws.on('error', (err) => log(`browser socket closed: ${err.message}`))
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data, isBinary) => {
      void answer(ws, isBinary ? null : parseClientMessage(frameText(data))).catch((err: unknown) =>
        log(`browser socket: ${(err as Error).stack ?? String(err)}`)
      )
    })
  })

  async function answer(ws: WebSocket, msg: ClientMessage | null): Promise<void> {
    const reply: ResultMessage = msg
      ? { type: 'result', id: msg.id, result: await opts.router.dispatch(msg.channel, msg.payload) }
      : MALFORMED
    const text = encodeReply(reply, log, msg?.channel)
    // the events emitted before this answer reach the page before it (a list never overtakes an end)
    batch.flush()
    if (text !== null && ws.readyState === ws.OPEN) ws.send(text)
  }

  return {
    /** Wire to the HTTP server's 'upgrade' event. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      // a peer that resets mid-handshake must not take the server down
      socket.on('error', () => socket.destroy())
      const url = parseTarget(req.url)
      const refusal = !url ? 'bad request' : url.pathname !== '/api' ? 'not found' : opts.guard.check(req, url)
      if (refusal) {
        socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal}\n`)
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    close(): void {
      unsubscribe()
      batch.clear()
      for (const ws of sockets) ws.terminate()
      wss.close()
    }
  }
}

function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown
  try {
    value = decodeWire(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const m = value as Record<string, unknown>
  if (m.type !== 'invoke' || !Number.isSafeInteger(m.id) || typeof m.channel !== 'string') return null
  // the channel name itself is checked by the router, which answers with a typed error
  return { type: 'invoke', id: m.id as number, channel: m.channel as ClientMessage['channel'], payload: m.payload }
}

/** A text frame's UTF-8: ws hands over a Buffer by default, fragments or an ArrayBuffer if so configured. */
function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8')
}
