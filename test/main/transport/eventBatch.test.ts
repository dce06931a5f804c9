import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeWire, encodeWire, type ServerMessage } from '@shared/wire'
import { EventBatch, EVENT_WINDOW_MS } from '../../../src-main/transport/eventBatch'
import type { EventChannel } from '@shared/contract'

const event = (channel: EventChannel, payload: unknown) => encodeWire({ type: 'event', channel, payload })

afterEach(() => vi.useRealTimers())

describe("the socket's event window", () => {
  it('sends a window of events as one frame, in the order emitted, and one event as it is', () => {
    vi.useFakeTimers()
    const sent: string[] = []
    const batch = new EventBatch((t) => sent.push(t))
    batch.add('jobs.progress', event('jobs.progress', { runId: 1, loss: NaN }))
    batch.add('jobs.finished', event('jobs.finished', { runId: 1, status: 'diverged' }))
    expect(sent).toEqual([])
    vi.advanceTimersByTime(EVENT_WINDOW_MS - 1)
    expect(sent).toEqual([])
    vi.advanceTimersByTime(1)
    expect(sent).toHaveLength(1)
    expect(decodeWire(sent[0])).toEqual({
      type: 'events',
      events: [
        { type: 'event', channel: 'jobs.progress', payload: { runId: 1, loss: NaN } },
        { type: 'event', channel: 'jobs.finished', payload: { runId: 1, status: 'diverged' } }
      ]
    } satisfies ServerMessage)
    batch.add('runs.changed', event('runs.changed', { reason: 'created' }))
    vi.advanceTimersByTime(EVENT_WINDOW_MS)
    expect(decodeWire(sent[1])).toEqual({ type: 'event', channel: 'runs.changed', payload: { reason: 'created' } })
    vi.advanceTimersByTime(10 * EVENT_WINDOW_MS)
    expect(sent).toHaveLength(2)
  })

  it('drops a repeated "look again" event of the same window, never a progress or an end', () => {
    const sent: string[] = []
    const batch = new EventBatch((t) => sent.push(t))
    for (let i = 0; i < 3; i++) {
      batch.add('runs.changed', event('runs.changed', { reason: 'updated' }))
      batch.add('jobs.finished', event('jobs.finished', { runId: 5, status: 'completed' }))
    }
    batch.add('runs.changed', event('runs.changed', { reason: 'finished' }))
    batch.flush()
    const { events } = decodeWire(sent[0]) as { events: { channel: string; payload: unknown }[] }
    expect(events.map((e) => e.channel)).toEqual(['runs.changed', 'jobs.finished', 'jobs.finished', 'jobs.finished', 'runs.changed'])
    expect(events[4].payload).toEqual({ reason: 'finished' })
  })

  it('sends at once when asked (a reply must not overtake earlier events) or when the window grows large', () => {
    vi.useFakeTimers()
    const sent: string[] = []
    const batch = new EventBatch((t) => sent.push(t), EVENT_WINDOW_MS, 1000)
    batch.add('jobs.progress', event('jobs.progress', { runId: 1 }))
    batch.flush()
    expect(sent).toHaveLength(1)
    batch.flush()
    expect(sent).toHaveLength(1)
    batch.add('jobs.weights', event('jobs.weights', { weights: 'x'.repeat(2000) }))
    expect(sent).toHaveLength(2)
    vi.advanceTimersByTime(EVENT_WINDOW_MS)
    expect(sent).toHaveLength(2)
    batch.add('jobs.progress', event('jobs.progress', { runId: 2 }))
    batch.clear()
    vi.advanceTimersByTime(EVENT_WINDOW_MS)
    expect(sent).toHaveLength(2)
  })
})
