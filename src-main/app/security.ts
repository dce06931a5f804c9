/**
 * The only URLs the app's own frames load from: the built renderer on file:// (no host: a
 * `file://host/…` URL is a network share on Windows), or the electron-vite dev server in development.
 * IPC from anything else is refused. Never throws: a malformed URL is simply not trusted.
 */
export function isTrustedUrl(url: string | undefined | null, devServerUrl: string | undefined, rendererFile: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  const dev = parseUrl(devServerUrl)
  if (dev && parsed.origin === dev.origin && dev.origin !== 'null') return true
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false
  const path = decoded(parsed.pathname)
  return path !== null && path === rendererFile.replace(/\\/g, '/').replace(/^(?!\/)/, '/')
}

/**
 * The pages a link in the app may open in the system browser: the work the app reproduces and its
 * reference code. Anything else (file:, other sites, credentials in the URL) stays closed.
 */
export const EXTERNAL_ALLOW_LIST: readonly { host: string; pathPrefix: string }[] = [
  { host: 'arxiv.org', pathPrefix: '/abs/' },
  { host: 'arxiv.org', pathPrefix: '/pdf/' },
  { host: 'openreview.net', pathPrefix: '/forum' },
  { host: 'github.com', pathPrefix: '/AndreasMadsen/stable-nalu' }
]

export function isAllowedExternal(url: string | undefined | null): boolean {
  const parsed = parseUrl(url)
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false
  return EXTERNAL_ALLOW_LIST.some((a) => parsed.hostname === a.host && parsed.pathname.startsWith(a.pathPrefix))
}

/** Browser permissions (camera, notifications, clipboard reads, …): the app uses none. */
export function denyAllPermissions(): false {
  return false
}

function parseUrl(url: string | undefined | null): URL | null {
  if (!url) return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
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
