import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { Router } from '../ipc/router'
import type { EventHub } from '../ipc/events'
import { isTrustedUrl } from './security'
import { EVENT, INVOKE } from './channels'

/**
 * The desktop transport: one ipcMain handler feeding the router, after checking the message comes
 * from the app's own frame; contract events go to the window.
 */
export function setupIpcTransport(opts: {
  router: Router
  events: EventHub
  window: () => BrowserWindow | null
  devServerUrl?: string
  rendererFile: string
}): () => void {
  ipcMain.handle(INVOKE, (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    if (!isTrustedUrl(event.senderFrame?.url, opts.devServerUrl, opts.rendererFile)) {
      return { ok: false, error: { code: 'invalid', message: 'IPC refused: the sender is not the NALU Lab window' } }
    }
    return opts.router.dispatch(channel, payload)
  })
  const unsubscribe = opts.events.subscribe((channel, payload) => {
    const win = opts.window()
    if (win && !win.isDestroyed()) win.webContents.send(EVENT, channel, payload)
  })
  return () => {
    ipcMain.removeHandler(INVOKE)
    unsubscribe()
  }
}
