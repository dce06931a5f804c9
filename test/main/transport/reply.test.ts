import { describe, expect, it } from 'vitest'
import { decodeWire } from '@shared/wire'
import { encodeReply } from '../../../src-main/transport/reply'

describe('encodeReply', () => {
  it('sends an answer within the limit as it is, NaN included', () => {
    const text = encodeReply({ type: 'result', id: 1, result: { ok: true, value: [1, Number.NaN] } }, () => {}, 'runs.series', 1000)
    expect(decodeWire(text!)).toEqual({ type: 'result', id: 1, result: { ok: true, value: [1, Number.NaN] } })
  })

  it("turns an answer over the socket's message limit into a typed error for that request", () => {
    const logged: string[] = []
    const text = encodeReply(
      { type: 'result', id: 7, result: { ok: true, value: 'x'.repeat(3_000_000) } },
      (m) => logged.push(m),
      'runs.get',
      2_000_000
    )
    expect(JSON.parse(text!)).toEqual({
      type: 'result',
      id: 7,
      result: {
        ok: false,
        error: {
          code: 'unavailable',
          message: 'The answer to runs.get is too large to send (over 2 MB); ask for fewer runs, outputs or points.'
        }
      }
    })
    expect(logged).toHaveLength(1)
  })

  it('drops an event it cannot send, and says so in the log', () => {
    const logged: string[] = []
    expect(encodeReply({ type: 'event', channel: 'runs.changed', payload: { n: 1n } }, (m) => logged.push(m))).toBeNull()
    expect(logged[0]).toMatch(/the runs\.changed event could not be encoded/)
  })
})
