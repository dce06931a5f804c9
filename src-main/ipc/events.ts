import { eventChannels, type EventChannel, type EventOf } from '../../src-shared/contract'

export type EventListener = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void

/** Main-side fan-out of contract events to every transport that listens (windows, sockets, tests). */
export class EventHub {
  private readonly listeners = new Set<EventListener>()
  constructor(private readonly checkPayloads = false) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    if (this.checkPayloads) eventChannels[channel].parse(payload)
    for (const l of this.listeners) l(channel, payload)
  }
}
