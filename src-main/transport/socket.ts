import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeWire, encodeWire, type ClientMessage, type ServerMessage } from '../../src-shared/wire'
import type { Router } from '../ipc/router'
import type { EventHub } from '../ipc/events'
import type { Guard } from './guard'

const MAX_MESSAGE_BYTES = 512 * 1024 * 1024

/**
 * Browser mode's transport: the contract over a WebSocket at /api. Every socket must present the
 * per-launch token and a same-origin (or absent) Origin; every message goes through the router.
 */
export function attachSocketTransport(opts: { router: Router; events: EventHub; guard: Guard }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()

  const unsubscribe = opts.events.subscribe((channel, payload) => {
    const text = encodeWire({ type: 'event', channel, payload } satisfies ServerMessage)
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text)
  })

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', async (data, isBinary) => {
      const msg = isBinary ? null : parseClientMessage(data.toString())
      if (!msg) {
        const reply: ServerMessage = {
          type: 'result',
          id: 0,
          result: { ok: false, error: { code: 'invalid', message: 'Malformed message: expected {type:"invoke", id, channel, payload}' } }
        }
        ws.send(encodeWire(reply))
        return
      }
      const result = await opts.router.dispatch(msg.channel, msg.payload)
      if (ws.readyState === ws.OPEN) ws.send(encodeWire({ type: 'result', id: msg.id, result } satisfies ServerMessage))
    })
  })

  return {
    /** Wire to the HTTP server's 'upgrade' event. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const refusal = url.pathname !== '/api' ? 'not found' : opts.guard.check(req, url)
      if (refusal) {
        socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal}\n`)
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    close(): void {
      unsubscribe()
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
