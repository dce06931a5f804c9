/**
 * What the UI benches share: browser mode started as a user does, a second socket client on the
 * Node side (to start experiments and time the server's answers without touching the page), and
 * the page's own measurements (long tasks, main-thread busy time, JS heap) read over CDP.
 */
import WebSocket, { type RawData } from 'ws'
import type { Page } from 'playwright-core'
import type { EventChannel, InvokeChannel, RequestOf, ResponseOf, EventOf } from '@shared/contract'
import type { Result } from '@shared/api'
import { decodeWire, encodeWire, type ServerMessage } from '@shared/wire'

export interface SocketClient {
  invoke<C extends InvokeChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>
  on<E extends EventChannel>(channel: E, listener: (p: EventOf<E>) => void): void
  close(): void
}

/** A text frame's UTF-8: ws hands over a Buffer by default, fragments or an ArrayBuffer if so configured. */
function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8')
}

export async function connect(origin: string, token: string): Promise<SocketClient> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token)}`, { maxPayload: 2 ** 31 })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  ws.on('message', (data) => {
    const msg = decodeWire(frameText(data)) as ServerMessage
    if (msg.type === 'result') {
      pending.get(msg.id)?.(msg.result)
      pending.delete(msg.id)
    } else for (const e of msg.type === 'events' ? msg.events : [msg]) listeners.get(e.channel)?.forEach((l) => l(e.payload))
  })
  return {
    invoke(channel, payload) {
      const id = nextId++
      ws.send(encodeWire({ type: 'invoke', id, channel, payload }))
      return new Promise((resolve, reject) =>
        pending.set(id, (r) => (r.ok ? resolve(r.value as never) : reject(new Error(`${channel}: ${r.error.message}`))))
      )
    },
    on(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener as (p: unknown) => void])
    },
    close: () => ws.close()
  }
}

/** Collects every long task (> 50 ms) of the page from its first script on. */
export const LONG_TASK_PROBE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration) })
    .observe({ type: 'longtask', buffered: true });
`

export async function longTasks(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('window.__longTasks.slice()')
}

export interface PageLoad {
  /** main-thread busy seconds since the probe started (Chromium's TaskDuration) */
  busyS: number
  heapMB: number
}

/** Reads the page's busy time and heap over one CDP session kept open (enabling resets the counters). */
export async function loadProbe(page: Page): Promise<() => Promise<PageLoad>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    const m = new Map(metrics.map((x) => [x.name, x.value]))
    return { busyS: m.get('TaskDuration') ?? NaN, heapMB: (m.get('JSHeapUsedSize') ?? NaN) / 2 ** 20 }
  }
}

export const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))
export const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET')
