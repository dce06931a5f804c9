import type { EventChannel, InvokeChannel } from '@shared/contract'
import type { RawBridge, Result } from '@shared/api'
import { decodeWire, encodeWire, type ClientMessage, type EventMessage, type ServerMessage } from '@shared/wire'
import { MAX_MESSAGE_BYTES } from '@shared/limits'

/**
 * Browser mode: the contract over one WebSocket to the local server. The per-launch token comes
 * from the page URL; the server refuses the socket without it.
 */
export function socketBridge(url: string, maxMessageBytes = MAX_MESSAGE_BYTES): RawBridge {
  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>()
  const disconnectListeners = new Set<(message: string) => void>()
  let queue: string[] = []
  let failure: string | null = null
  const ws = new WebSocket(url)

  ws.addEventListener('open', () => {
    for (const m of queue) ws.send(m)
    queue = []
  })
  const dispatch = (e: EventMessage): void => listeners.get(e.channel)?.forEach((l) => l(e.payload))
  ws.addEventListener('message', (ev: MessageEvent<string>) => {
    const msg = decodeWire(ev.data) as ServerMessage
    if (msg.type === 'result') {
      pending.get(msg.id)?.(msg.result)
      pending.delete(msg.id)
    } else if (msg.type === 'event') dispatch(msg)
    // a window's events in one frame (src-main/transport/eventBatch.ts), in the order emitted
    else if (msg.type === 'events') msg.events.forEach(dispatch)
  })
  ws.addEventListener('close', (ev: CloseEvent) => {
    failure = `Connection to NALU Lab closed${ev.reason ? `: ${ev.reason}` : ''}. Restart \`npm run serve\` and reload.`
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message: failure } })
    pending.clear()
    for (const l of disconnectListeners) l(failure)
  })

  return {
    transport: 'browser',
    invoke(channel: InvokeChannel, payload: unknown) {
      if (failure) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: failure } })
      const id = nextId++
      const text = encodeWire({ type: 'invoke', id, channel, payload } satisfies ClientMessage)
      // the server closes a socket that sends more than it accepts: refuse this one call instead
      if (text.length > maxMessageBytes / 3 && new Blob([text]).size > maxMessageBytes) {
        const mb = (n: number) => (n < 1e6 ? `${n} bytes` : `${Math.ceil(n / 1e6)} MB`)
        return Promise.resolve({
          ok: false,
          error: {
            code: 'invalid',
            message: `This ${channel} request is ${mb(new Blob([text]).size)}; the server accepts at most ${mb(maxMessageBytes)}.`
          }
        })
      }
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve)
        if (ws.readyState === WebSocket.OPEN) ws.send(text)
        else queue.push(text)
      })
    },
    on(channel: EventChannel, listener: (p: unknown) => void) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    onDisconnect(listener: (message: string) => void) {
      if (failure) listener(failure)
      else disconnectListeners.add(listener)
      return () => disconnectListeners.delete(listener)
    }
  }
}
