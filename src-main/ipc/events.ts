import { eventChannels, type EventChannel, type EventOf } from '@shared/contract'

export type EventListener = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void

/** Main-side fan-out of contract events to every transport that listens (windows, sockets, tests). */
export class EventHub {
  private readonly listeners = new Set<EventListener>()
  constructor(
    private readonly checkPayloads = false,
    private readonly log: (message: string) => void = (m) => console.error(m)
  ) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * A listener that throws (a window being destroyed, a broken socket) is logged and skipped: the
   * emitter is usually the job queue mid-run, which must not mistake it for its own failure.
   */
  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    if (this.checkPayloads) eventChannels[channel].parse(payload)
    for (const l of this.listeners) {
      try {
        l(channel, payload)
      } catch (err) {
        this.log(`a ${channel} listener failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }
}
