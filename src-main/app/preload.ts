import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isEventChannel, isInvokeChannel, type EventChannel, type InvokeChannel } from '@shared/channels'
import type { RawBridge, Result } from '@shared/api'
import { EVENT, INVOKE } from './channels'

/**
 * The whole of what the page sees: invoke a contract channel, listen to a contract event. Raw
 * ipcRenderer never crosses the bridge; unknown channels are refused here and again in main.
 */
export const bridge: RawBridge = {
  transport: 'electron',
  invoke(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>> {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'invalid', message: `Unknown channel: ${String(channel)}` } })
    }
    return ipcRenderer.invoke(INVOKE, channel, payload) as Promise<Result<unknown>>
  },
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void {
    if (!isEventChannel(channel)) throw new Error(`Unknown event channel: ${String(channel)}`)
    const wrapped = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === channel) listener(payload)
    }
    ipcRenderer.on(EVENT, wrapped)
    return () => {
      ipcRenderer.removeListener(EVENT, wrapped)
    }
  }
}

contextBridge.exposeInMainWorld('naluBridge', bridge)
