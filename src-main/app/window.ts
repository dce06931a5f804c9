import { BrowserWindow, shell } from 'electron'
import { denyAllPermissions, isAllowedExternal, isTrustedUrl, WINDOW_PREFERENCES } from './security'

export interface WindowPaths {
  preload: string
  rendererFile: string
  devServerUrl?: string
}

/**
 * The one window: sandboxed, isolated, no Node, no browser permissions. It may not navigate away
 * from the app or open windows; links on the allow-list go to the system browser instead.
 */
export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'NALU Lab',
    autoHideMenuBar: true,
    webPreferences: { ...WINDOW_PREFERENCES, preload: paths.preload }
  })
  lockDown(win, paths)
  win.once('ready-to-show', () => win.show())
  if (paths.devServerUrl) void win.loadURL(paths.devServerUrl)
  else void win.loadFile(paths.rendererFile)
  return win
}

export function lockDown(win: BrowserWindow, paths: WindowPaths): void {
  const contents = win.webContents
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedUrl(url, paths.devServerUrl, paths.rendererFile)) event.preventDefault()
  }
  contents.on('will-navigate', refuseForeign)
  contents.on('will-redirect', refuseForeign)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(denyAllPermissions()))
  contents.session.setPermissionCheckHandler(denyAllPermissions)
}
