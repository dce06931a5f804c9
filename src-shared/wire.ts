import type { EventChannel, InvokeChannel } from './contract'
import type { Result } from './api'

/** Messages of the browser-mode WebSocket transport (the Electron transport uses ipc directly). */
export type ClientMessage = { type: 'invoke'; id: number; channel: InvokeChannel; payload: unknown }
export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; channel: EventChannel; payload: unknown }
