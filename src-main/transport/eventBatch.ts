import type { EventChannel } from '@shared/contract'

/**
 * How long the socket gathers events before it sends them as one frame. Two training processes
 * send 20 progress events a second and a study's runs start and end several times a second; each
 * frame costs the page's browser a message through its network service and renderer. The size of
 * a frame matters as much as their number: Chromium reads a WebSocket 1,000 bytes at a time until
 * a rolling window of its recent reads has come in faster than 1.2 MB/s, and 131,000 at a time
 * after (net/websockets/websocket_basic_stream.cc); each read is a task in the network service and
 * one in the renderer. Frames under about 100 kB never reach that rate, so they go entirely in
 * small reads; a larger one switches to large reads partway through. The sign-caveat preset's
 * packed events replayed to an idle page (round 14) cost its renderer and network service
 * 0.32–0.37 CPU-s in 100 ms windows, 0.18–0.19 in 500 ms ones, 0.15–0.16 in 1 s ones (idle:
 * 0.06). The Live view redraws once a second at most (every 2 s with 25 runs), so half a second
 * is unseen.
 */
export const EVENT_WINDOW_MS = 500
/** a window's frame is sent early once this many characters wait (a snapshot's weights are large) */
export const EVENT_BATCH_CHARS = 1 << 20

/**
 * Events that only say "look again": a second identical one in the same window adds nothing (the
 * page refetches once either way), so it is dropped. A study's hundred runs starting and ending
 * were 200 `runs.changed` events, each a refetch by every open list.
 */
const LOOK_AGAIN = new Set<EventChannel>(['runs.changed', 'slurm.polled'])

/**
 * Events bound for every socket, each encoded once, sent together: one text as it is, several as
 * one `events` message (src-shared/wire.ts) in the order emitted. `flush` sends at once: a result
 * goes out only after every event emitted before it, so a reply never overtakes an event.
 * The emitter (the job queue) never waits: adding is a push and at most a timer.
 */
export class EventBatch {
  private texts: string[] = []
  private chars = 0
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly send: (text: string) => void,
    private readonly windowMs = EVENT_WINDOW_MS,
    private readonly maxChars = EVENT_BATCH_CHARS
  ) {}

  add(channel: EventChannel, text: string): void {
    if (LOOK_AGAIN.has(channel) && this.texts.includes(text)) return
    this.texts.push(text)
    this.chars += text.length
    if (this.chars >= this.maxChars) this.flush()
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowMs)
      // a pending frame must not keep a closing process alive
      this.timer.unref?.()
    }
  }

  flush(): void {
    const texts = this.texts
    this.clear()
    if (texts.length) this.send(texts.length === 1 ? texts[0] : `{"type":"events","events":[${texts.join(',')}]}`)
  }

  /** Drops what waits (the transport is closing). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.texts = []
    this.chars = 0
  }
}
