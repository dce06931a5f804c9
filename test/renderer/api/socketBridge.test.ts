import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { socketBridge } from '../../../src-renderer/api/socketBridge'
import { decodeWire, encodeWire, type ClientMessage, type ServerMessage } from '@shared/wire'

/** A WebSocket that connects when the test says so and records what the page sent. */
class FakeSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 3
  static last: FakeSocket | null = null
  readyState = FakeSocket.CONNECTING
  sent: ClientMessage[] = []
  private listeners = new Map<string, ((ev: unknown) => void)[]>()

  constructor(readonly url: string) {
    FakeSocket.last = this
  }
  addEventListener(type: string, l: (ev: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l])
  }
  send(text: string): void {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('InvalidStateError: send before open')
    this.sent.push(decodeWire(text) as ClientMessage)
  }
  private fire(type: string, ev: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(ev)
  }
  open(): void {
    this.readyState = FakeSocket.OPEN
    this.fire('open', {})
  }
  answer(msg: ServerMessage): void {
    this.fire('message', { data: encodeWire(msg) })
  }
  close(reason = ''): void {
    this.readyState = FakeSocket.CLOSED
    this.fire('close', { reason })
  }
}

const socket = () => FakeSocket.last!

beforeEach(() => {
  FakeSocket.last = null
  vi.stubGlobal('WebSocket', FakeSocket)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the browser-mode socket client', () => {
  it('keeps the calls made before the socket opens and sends them, in order, once it does', async () => {
    const bridge = socketBridge('ws://127.0.0.1:1/api?token=t')
    const info = bridge.invoke('app.info', {})
    const presets = bridge.invoke('presets.list', {})
    expect(socket().sent).toEqual([])
    socket().open()
    expect(socket().sent.map((m) => [m.id, m.channel])).toEqual([
      [1, 'app.info'],
      [2, 'presets.list']
    ])
    // answers come back by id, in any order
    socket().answer({ type: 'result', id: 2, result: { ok: true, value: ['presets'] } })
    socket().answer({ type: 'result', id: 1, result: { ok: true, value: { version: 'x' } } })
    expect(await info).toEqual({ ok: true, value: { version: 'x' } })
    expect(await presets).toEqual({ ok: true, value: ['presets'] })
    // and a call once open goes straight out
    void bridge.invoke('runs.facets', {})
    expect(socket().sent.map((m) => m.channel)).toEqual(['app.info', 'presets.list', 'runs.facets'])
  })

  it('delivers events to the listeners of their channel only', () => {
    const bridge = socketBridge('ws://x')
    const got: unknown[] = []
    const off = bridge.on('runs.changed', (p) => got.push(p))
    bridge.on('jobs.progress', () => got.push('wrong channel'))
    socket().open()
    socket().answer({ type: 'event', channel: 'runs.changed', payload: { reason: 'finished' } })
    off()
    socket().answer({ type: 'event', channel: 'runs.changed', payload: { reason: 'deleted' } })
    expect(got).toEqual([{ reason: 'finished' }])
  })

  it("delivers a frame of several events to each one's listeners, in the order sent, NaN intact", () => {
    const bridge = socketBridge('ws://x')
    const got: unknown[] = []
    bridge.on('runs.changed', (p) => got.push(['changed', p]))
    bridge.on('jobs.finished', (p) => got.push(['finished', p]))
    socket().open()
    const finished = { runId: 3, status: 'diverged' as const, error: null, divergedAtEpoch: 7 }
    socket().answer({
      type: 'events',
      events: [
        { type: 'event', channel: 'jobs.finished', payload: finished },
        { type: 'event', channel: 'runs.changed', payload: { reason: 'finished' } },
        { type: 'event', channel: 'jobs.weights', payload: { runId: 3, step: 1, stored: false, weights: [NaN] } }
      ]
    })
    expect(got).toEqual([
      ['finished', finished],
      ['changed', { reason: 'finished' }]
    ])
    const weights: unknown[] = []
    bridge.on('jobs.weights', (p) => weights.push(p))
    socket().answer({ type: 'events', events: [{ type: 'event', channel: 'jobs.weights', payload: { weights: [NaN, -Infinity] } }] })
    expect(weights).toEqual([{ weights: [NaN, -Infinity] }])
  })

  it('when the socket closes, fails what is pending and what comes after with one sentence, and says so once', async () => {
    const bridge = socketBridge('ws://x')
    const said: string[] = []
    bridge.onDisconnect!((m) => said.push(m))
    const waiting = bridge.invoke('app.info', {})
    socket().close('server stopped')
    const failed = {
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/^Connection to NALU Lab closed: server stopped\. Restart `npm run serve`/)
      }
    }
    expect(await waiting).toEqual(failed)
    expect(await bridge.invoke('app.info', {})).toEqual(failed)
    expect(said).toHaveLength(1)
    // a listener that comes late still hears it
    const late: string[] = []
    bridge.onDisconnect!((m) => late.push(m))
    expect(late).toEqual(said)
  })
})

describe("the socket client and the server's message limit", () => {
  it('refuses a call larger than the server accepts as a typed error, and the socket stays up', async () => {
    const bridge = socketBridge('ws://127.0.0.1:1/api?token=t', 3000)
    socket().open()
    const big = await bridge.invoke('bundles.import', { content: 'é'.repeat(1500) })
    expect(big).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'This bundles.import request is 3076 bytes; the server accepts at most 3000 bytes.' }
    })
    expect(socket().sent).toEqual([])
    const small = bridge.invoke('app.info', {})
    expect(socket().sent.map((m) => m.channel)).toEqual(['app.info'])
    socket().answer({ type: 'result', id: 2, result: { ok: true, value: 'info' } })
    expect(await small).toEqual({ ok: true, value: 'info' })
  })
})
