import { vi } from 'vitest'

/**
 * A stand-in for the `electron` module, as Electron Fiddle's tests use: just enough of each API
 * for the thin shell modules to run in plain Node, recording what they asked of Electron.
 */
type Listener = (...args: unknown[]) => unknown

export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null =
    null
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']) {
    this.permissionRequestHandler = h
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']) {
    this.permissionCheckHandler = h
  }
}

export class FakeWebContents {
  session = new FakeSession()
  listeners = new Map<string, Listener[]>()
  openHandler: ((d: { url: string }) => { action: string }) | null = null
  sent: unknown[][] = []
  on(name: string, l: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), l])
    return this
  }
  emit(name: string, ...args: unknown[]) {
    for (const l of this.listeners.get(name) ?? []) l(...args)
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h
  }
  send(...args: unknown[]) {
    this.sent.push(args)
  }
}

export class FakeBrowserWindow {
  static last: FakeBrowserWindow | null = null
  webContents = new FakeWebContents()
  loaded: { file?: string; url?: string } = {}
  constructor(public options: Record<string, unknown>) {
    FakeBrowserWindow.last = this
  }
  once() {}
  on() {}
  show() {}
  isDestroyed() {
    return false
  }
  loadFile(file: string) {
    this.loaded.file = file
    return Promise.resolve()
  }
  loadURL(url: string) {
    this.loaded.url = url
    return Promise.resolve()
  }
}

export const ipcHandlers = new Map<string, Listener>()
export const rendererListeners = new Map<string, Listener[]>()
export const exposed = new Map<string, unknown>()

export const electronMock = {
  BrowserWindow: FakeBrowserWindow,
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  ipcMain: {
    handle: (name: string, l: Listener) => ipcHandlers.set(name, l),
    removeHandler: (name: string) => ipcHandlers.delete(name)
  },
  ipcRenderer: {
    invoke: vi.fn<(...args: unknown[]) => Promise<unknown>>(() => Promise.resolve({ ok: true, value: 'from main' })),
    on: (name: string, l: Listener) => rendererListeners.set(name, [...(rendererListeners.get(name) ?? []), l]),
    removeListener: (name: string, l: Listener) =>
      rendererListeners.set(
        name,
        (rendererListeners.get(name) ?? []).filter((x) => x !== l)
      )
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
  utilityProcess: { fork: vi.fn() }
}
