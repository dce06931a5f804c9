import type { EventChannel, InvokeChannel } from './contract'
import type { Result } from './api'

/** Messages of the browser-mode WebSocket transport (the Electron transport uses ipc directly). */
export type ClientMessage = { type: 'invoke'; id: number; channel: InvokeChannel; payload: unknown }
export type EventMessage = { type: 'event'; channel: EventChannel; payload: unknown }
/**
 * `events`: several events in one frame, in the order they were emitted (the server gathers a
 * short window's events: one frame instead of one per event for the page and the browser).
 */
export type ServerMessage =
  { type: 'result'; id: number; result: Result<unknown> } | EventMessage | { type: 'events'; events: EventMessage[] }

const TAG = '$nonFinite'

/**
 * JSON for the socket, but NaN and ±Infinity survive (plain JSON turns them into null, and a
 * diverged run's losses would silently read as missing). Electron IPC keeps them natively.
 */
export function encodeWire(value: unknown): string {
  // JSON.stringify writes NaN and ±Infinity as null: a text without any null had none of them and
  // is sent as it is (the replacer costs a call per value, twice the time of a long series' answer)
  const plain = JSON.stringify(value)
  if (plain === undefined || !plain.includes('null')) return plain
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v))
}

export function decodeWire(text: string): unknown {
  // a reviver costs a call per value: skip it for the (usual) text with nothing to revive
  if (!text.includes(TAG)) return JSON.parse(text)
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const tag = (v as Record<string, unknown>)[TAG]
      if (typeof tag === 'string' && Object.keys(v).length === 1) return Number(tag)
    }
    return v
  })
}
