import { encodeWire, type EventMessage, type ServerMessage } from '@shared/wire'
import { MAX_MESSAGE_BYTES } from '@shared/limits'

/**
 * The text of one server message. A result that cannot be encoded (longer than V8's longest string:
 * `RangeError: Invalid string length`; or over the socket's message limit) becomes a typed error for
 * that request; an event that cannot be encoded is logged and dropped. Never throws.
 */
export function encodeReply(
  msg: Extract<ServerMessage, { type: 'result' }> | EventMessage,
  log: (m: string) => void,
  channel?: string,
  limit = MAX_MESSAGE_BYTES
): string | null {
  let text: string | null = null
  let failure: unknown = null
  try {
    text = encodeWire(msg)
  } catch (err) {
    failure = err
  }
  if (text !== null && text.length <= limit) return text
  const what = msg.type === 'result' ? `the answer to ${channel ?? `request ${msg.id}`}` : `the ${msg.channel} event`
  const tooLarge = text !== null || (failure instanceof RangeError && /string length/i.test(failure.message))
  const reason = tooLarge
    ? `${what} is too large to send (over ${Math.round(limit / 1e6)} MB); ask for fewer runs, outputs or points`
    : `${what} could not be encoded (${failure instanceof Error ? failure.message : String(failure)})`
  log(`browser socket: ${reason}`)
  if (msg.type !== 'result') return null
  const error = {
    code: tooLarge ? ('unavailable' as const) : ('internal' as const),
    message: reason[0].toUpperCase() + reason.slice(1) + '.'
  }
  return encodeWire({ type: 'result', id: msg.id, result: { ok: false, error } } satisfies ServerMessage)
}
