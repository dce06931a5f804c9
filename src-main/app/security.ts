/**
 * The only URLs the app's own frames load from: the built renderer on file://, or the electron-vite
 * dev server in development. IPC from anything else is refused.
 */
export function isTrustedUrl(url: string | undefined | null, devServerUrl: string | undefined, rendererFile: string): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    if (parsed.origin === dev.origin) return true
  }
  if (parsed.protocol !== 'file:') return false
  return decodeURIComponent(parsed.pathname) === rendererFile.replace(/\\/g, '/').replace(/^(?!\/)/, '/')
}

export const WINDOW_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false
} as const
