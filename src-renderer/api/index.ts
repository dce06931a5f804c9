import { typedApi, type LabApi, type RawBridge } from '@shared/api'
import { socketBridge } from './socketBridge'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    naluBridge?: RawBridge
  }
}

/** The one place that decides the transport: the preload bridge if present, else the WebSocket. */
export function createApi(win: Window = window): LabApi {
  if (win.naluBridge) return typedApi(win.naluBridge)
  const token = new URLSearchParams(win.location.search).get('token') ?? ''
  const proto = win.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return typedApi(socketBridge(`${proto}//${win.location.host}/api?token=${encodeURIComponent(token)}`))
}

let instance: LabApi | null = null
/** The app-wide client; tests may install their own with setApi. */
export function useApi(): LabApi {
  if (!instance) instance = createApi()
  return instance
}
export function setApi(api: LabApi): void {
  instance = api
}
